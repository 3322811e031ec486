from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..messages import notice_messages
from ..models import Body, Commitment, Evidence, KeptDecision, Report, ReportKind, Section, Status, Verdict
from .rendering import PrebuiltFields
from ..selectors import GROUPINGS, decisive_evidence, pending_kept, report_summary


class ErrorDetailSerializer(serializers.Serializer):
    status = serializers.IntegerField(help_text=_("the HTTP status code"))
    code = serializers.CharField(help_text=_("a stable code: not_authenticated, not_found, invalid_choice …"))
    message = serializers.CharField(help_text=_("the first message, to show when showing one"))
    detail = serializers.JSONField(help_text=_("every message, by field where there are fields"))


class ErrorSerializer(serializers.Serializer):
    """The body of every error answer of the API."""

    error = ErrorDetailSerializer()


class BodyBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Body
        fields = ["id", "name", "level"]


class BodySerializer(serializers.ModelSerializer):
    parent = BodyBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Body
        fields = ["id", "name", "level", "parent"]


class BodyDetailSerializer(BodySerializer):
    children = BodyBriefSerializer(many=True, read_only=True)
    report_count = serializers.IntegerField(read_only=True)

    class Meta(BodySerializer.Meta):
        fields = [*BodySerializer.Meta.fields, "children", "report_count"]


class SectionSerializer(serializers.ModelSerializer):
    text = serializers.SerializerMethodField(help_text=_("the section's text, with ?include=text"))

    class Meta:
        model = Section
        fields = ["ordinal", "kind", "heading", "start", "end", "parts", "text"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_text(self, obj):
        return obj.report.text[obj.start : obj.end] if self.context.get("include_text") else None


class ReportSerializer(serializers.ModelSerializer):
    body = BodyBriefSerializer(read_only=True)
    commitment_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Report
        fields = ["id", "body", "kind", "year", "title", "source", "commitment_count", "ingested_at"]


class FollowThroughSerializer(serializers.Serializer):
    counts = serializers.DictField(child=serializers.IntegerField(), help_text=_("testable commitments per status"))
    confirmed = serializers.DictField(
        child=serializers.IntegerField(),
        help_text=_("per status, the commitments whose status a person set or whose evidence a person confirmed"),
    )
    machine = serializers.DictField(
        child=serializers.IntegerField(), help_text=_("per status, the commitments only the machine judged")
    )
    testable = serializers.IntegerField()
    assessed = serializers.IntegerField(help_text=_("testable commitments whose follow-up report is in"))
    decided = serializers.IntegerField(help_text=_("fulfilled, partially fulfilled and not reported: the rows of the rates"))
    decided_confirmed = serializers.IntegerField(help_text=_("how many of the decided rows a person confirmed"))
    needs_review = serializers.IntegerField(help_text=_("rows the machine is not sure of, in no rate"))
    rate = serializers.FloatField(allow_null=True, help_text=_("(fulfilled + partially fulfilled) ÷ decided"))
    headline_rate = serializers.FloatField(
        allow_null=True,
        help_text=_(
            "(fulfilled + partially fulfilled) ÷ (fulfilled + partially fulfilled + not reported confirmed by a person): "
            "the rate to publish; the machine's unconfirmed not reported are left out"
        ),
    )
    fulfilled_rate = serializers.FloatField(allow_null=True, help_text=_("fulfilled ÷ decided"))
    partial_rate = serializers.FloatField(allow_null=True, help_text=_("partially fulfilled ÷ decided"))


class NoticeSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("no_review, no_tasks …"))
    message = serializers.CharField()


class ReportSummarySerializer(FollowThroughSerializer):
    follow_up = serializers.IntegerField(allow_null=True, help_text=_("the next year's report, when loaded"))
    no_review = serializers.BooleanField(
        help_text=_("the follow-up is in but no review section was found in it: the commitments stay pending")
    )
    no_tasks = serializers.BooleanField(help_text=_("no tasks section was found in this report"))


class KeptDecisionSerializer(serializers.ModelSerializer):
    """Staff decisions on a commitment a replace took out of the text, not yet re-attached by a person."""

    status_decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    evidence = serializers.ListField(
        child=serializers.DictField(), help_text=_("the passages staff decided on: report, start, end, text, verdict, decision, note")
    )

    class Meta:
        model = KeptDecision
        fields = [
            "id", "ordinal", "kind", "action", "object", "text", "part", "status", "status_note", "status_decided_by",
            "status_decided_at", "evidence", "replaced_at", "replaced_by_source",
        ]
        read_only_fields = fields


class ReportDetailSerializer(ReportSerializer):
    sections = SectionSerializer(many=True, read_only=True)
    warnings = serializers.SerializerMethodField()
    notices = serializers.SerializerMethodField()
    summary = serializers.SerializerMethodField()
    kept_decisions = serializers.SerializerMethodField(
        help_text=_("staff decisions on commitments a replace took out of the text, for a person to re-attach")
    )
    text = serializers.SerializerMethodField(help_text=_("the normalised text, with ?include=text"))

    class Meta(ReportSerializer.Meta):
        fields = [
            *ReportSerializer.Meta.fields, "encoding", "provenance", "warnings", "notices", "summary", "sections",
            "kept_decisions", "text",
        ]

    @extend_schema_field(KeptDecisionSerializer(many=True))
    def get_kept_decisions(self, obj):
        return KeptDecisionSerializer(pending_kept(obj), many=True).data

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_warnings(self, obj):
        return notice_messages(obj.notices)

    @extend_schema_field(NoticeSerializer(many=True))
    def get_notices(self, obj):
        return [{"code": n.get("code", ""), "message": m} for n, m in zip(obj.notices, notice_messages(obj.notices))]

    @extend_schema_field(ReportSummarySerializer)
    def get_summary(self, obj):
        summary = report_summary(obj)
        return {
            **summary.overall.as_dict(),
            "follow_up": summary.follow_up.pk if summary.follow_up else None,
            "no_review": summary.no_review,
            "no_tasks": summary.no_tasks,
        }

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_text(self, obj):
        return obj.text if self.context.get("include_text") else None


class ReportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(required=False, help_text=_("the report file (UTF-8, UTF-16, GB18030, Big5)"))
    text = serializers.CharField(required=False, trim_whitespace=False, help_text=_("the report as text, instead of a file"))
    body = serializers.CharField(required=False, help_text=_("the body that delivered it, when the text does not say"))
    year = serializers.IntegerField(required=False, min_value=1949, max_value=2100)
    kind = serializers.ChoiceField(choices=ReportKind.choices, required=False)
    replace = serializers.BooleanField(default=False, help_text=_("replace a stored report of the same body, kind and year"))

    def validate(self, attrs):
        if bool(attrs.get("file")) == bool(attrs.get("text")):
            raise serializers.ValidationError(_("Send either a file or a text."), code="file_or_text")
        return attrs


class ReportCreatedSerializer(ReportDetailSerializer):
    outcome = serializers.SerializerMethodField(help_text=_("created, unchanged (already stored) or replaced"))

    class Meta(ReportDetailSerializer.Meta):
        fields = [*ReportDetailSerializer.Meta.fields, "outcome"]

    def get_outcome(self, obj) -> str:
        return self.context["outcome"]


class RuleDetailSerializer(serializers.Serializer):
    matched = serializers.ListField(child=serializers.CharField(), help_text=_("words of the commitment the passage names"))
    decisive = serializers.CharField(help_text=_("the word of the passage that decided the verdict"))


class EvidenceSerializer(PrebuiltFields, serializers.ModelSerializer):
    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    rule = serializers.CharField(
        read_only=True, help_text=_("the verdict rule that judged the passage; staff for a passage staff chose")
    )
    rule_detail = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = [
            "id", "commitment", "report", "start", "end", "text", "score", "verdict", "origin", "decision",
            "decided_by", "decided_at", "note", "rule", "rule_detail",
        ]
        read_only_fields = fields

    @extend_schema_field(RuleDetailSerializer)
    def get_rule_detail(self, obj):
        detail = obj.rule_detail or {}
        return {"matched": list(detail.get("matched") or []), "decisive": detail.get("decisive") or ""}


class ReportBriefSerializer(PrebuiltFields, serializers.ModelSerializer):
    body = serializers.CharField(source="body.name", read_only=True)

    class Meta:
        model = Report
        fields = ["id", "body", "kind", "year"]


class CommitmentSerializer(PrebuiltFields, serializers.ModelSerializer):
    report = ReportBriefSerializer(read_only=True)
    best_evidence = serializers.SerializerMethodField()
    status_confidence = serializers.FloatField(
        read_only=True, allow_null=True,
        help_text=_("how sure the machine is of its status (0–1); null where a person decided, and while pending"),
    )
    status_rule = serializers.CharField(
        read_only=True,
        help_text=_(
            "the rule that decided the status: status.evidence, status.mention_only, status.unsure (needs review), "
            "status.silent, status.no_follow_up, status.no_review, status.confirmed (evidence staff confirmed), staff"
        ),
    )

    class Meta:
        model = Commitment
        fields = [
            "id", "report", "ordinal", "plan_year", "part", "part_heading", "kind", "category", "action", "object",
            "text", "testable", "start", "end", "sentence_start", "sentence_end", "status", "status_origin",
            "status_confidence", "status_rule", "best_evidence",
        ]

    @extend_schema_field(EvidenceSerializer(allow_null=True))
    def get_best_evidence(self, obj):
        best = decisive_evidence(obj.usable_evidence)
        if best is None:
            return None
        # One field set for the whole page: building a ModelSerializer per item costs a millisecond.
        if not hasattr(self, "_evidence"):
            self._evidence = EvidenceSerializer()
        return self._evidence.to_representation(best)


class HistorySerializer(PrebuiltFields, serializers.Serializer):
    at = serializers.DateTimeField(source="history_date")
    user = serializers.CharField(source="history_user.username", allow_null=True, default=None)
    change = serializers.CharField(source="history_type")
    status = serializers.CharField()
    status_origin = serializers.CharField()
    status_confidence = serializers.FloatField(allow_null=True)
    status_rule = serializers.CharField()
    note = serializers.CharField(source="status_note")
    reason = serializers.CharField(source="history_change_reason", allow_null=True)


class CommitmentDetailSerializer(CommitmentSerializer):
    evidence = EvidenceSerializer(many=True, read_only=True, source="all_evidence")
    history = serializers.SerializerMethodField()
    status_decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    rule = serializers.CharField(read_only=True, help_text=_("the extraction rule that produced the row; empty when not recorded"))

    class Meta(CommitmentSerializer.Meta):
        fields = [
            *CommitmentSerializer.Meta.fields, "sentence", "rule", "status_note", "status_decided_by",
            "status_decided_at", "evidence", "history",
        ]

    @extend_schema_field(HistorySerializer(many=True))
    def get_history(self, obj):
        return HistorySerializer(obj.history.select_related("history_user").order_by("-history_date"), many=True).data


class StatusSetSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=Status.choices, allow_null=True, help_text=_("null hands the status back to the machine")
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class EvidenceAddSerializer(serializers.Serializer):
    commitment = serializers.PrimaryKeyRelatedField(queryset=Commitment.objects.select_related("report"))
    start = serializers.IntegerField(min_value=0, help_text=_("offset in the follow-up report's text"))
    end = serializers.IntegerField(min_value=1)
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DecisionNoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ConfirmSerializer(DecisionNoteSerializer):
    verdict = serializers.ChoiceField(
        choices=[(value, label) for value, label in Verdict.choices if value != Verdict.CANDIDATE],
        required=False,
        help_text=_("the verdict staff read in the passage; required to confirm a candidate passage"),
    )


def _group_by_help() -> str:
    return gettext("comma-separated, one or more of: %(choices)s") % {"choices": ", ".join(GROUPINGS)}


_GROUP = "(" + "|".join(GROUPINGS) + ")"
# The schema of group_by: the values accepted (validate_group_by refuses the others with its own message).
GROUP_BY_SCHEMA = {"type": "string", "pattern": rf"^{_GROUP}(,{_GROUP})*$", "default": "body,year"}


class StatsQuerySerializer(serializers.Serializer):
    group_by = serializers.CharField(default="body,year", help_text=lazy(_group_by_help, str)())

    def validate_group_by(self, value) -> list[str]:
        groups = [group.strip() for group in value.split(",") if group.strip()]
        if not groups or any(group not in GROUPINGS for group in groups):
            raise serializers.ValidationError(
                _("Group by one or more of: %(choices)s.") % {"choices": ", ".join(GROUPINGS)}, code="invalid_group"
            )
        return groups


class StatsRowSerializer(FollowThroughSerializer):
    """Follow-through of one group: counts per status, the part a person confirmed, the machine's part apart."""

    group = serializers.DictField(help_text=_("the values of the group_by fields"))
