import re
from collections.abc import Mapping
from dataclasses import asdict

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..messages import notice_messages
from ..numbers import MAX_BIGINT, ascii_digits
from ..pipeline.bodies import body_kind
from ..models import Body, Commitment, Evidence, KeptDecision, Progress, Report, ReportKind, Section, Status, Unit, task_wording
from ..selectors import (
    GROUPINGS, decisive_evidence, is_confirmed, is_overdue, passage_against_person, pending_kept, report_summary,
    unit_name_at, unit_names,
)
from .. import accuracy, deletions
from ..validators import without_nul_check
from ..services.decisions import STAFF_VERDICT_CHOICES
from ..services.ingest import FIRST_YEAR
from ..services.ledger import due_read, unit_name_problem, unit_resolve
from .record import follow_up_term_review
from .rendering import PrebuiltFields


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
    kind = serializers.SerializerMethodField(
        help_text=_("npc: a people's congress or its standing committee; gov: a government; null: the name says neither")
    )

    class Meta:
        model = Body
        fields = ["id", "name", "level", "kind", "parent"]

    def get_kind(self, obj) -> str | None:
        return body_kind(obj.name)


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
    title = serializers.CharField(
        read_only=True,
        help_text=_("the report's own title line, as its text gives it; empty where the text starts without one (a copy "
                    "beginning 各位代表): name a report by its body, kind and year"),
    )
    commitment_count = serializers.IntegerField(
        read_only=True, help_text=_("rows of its tasks section, sentences of general direction included (testable = false)")
    )
    testable_count = serializers.IntegerField(
        read_only=True, help_text=_("of those, the deliverables a review can report on: the rows of the follow-through rates")
    )
    updated_at = serializers.DateTimeField(
        read_only=True, help_text=_("when its text was last loaded: its first load, or the last replace (ingested_at stays the first)")
    )
    review_at = serializers.DateTimeField(
        read_only=True, allow_null=True,
        help_text=_("when its review section came in (null: none yet): statuses a person set before it may be ones it disagrees with"),
    )
    text_sha256 = serializers.CharField(
        read_only=True, help_text=_("SHA-256 of the normalised text that start and end offsets index: changes with every replace")
    )

    class Meta:
        model = Report
        fields = [
            "id", "body", "kind", "year", "title", "source", "commitment_count", "testable_count", "ingested_at", "updated_at",
            "review_at", "text_sha256",
        ]


class FollowThroughSerializer(serializers.Serializer):
    counts = serializers.DictField(child=serializers.IntegerField(), help_text=_("testable commitments per status"))
    confirmed = serializers.DictField(
        child=serializers.IntegerField(),
        help_text=_("per status, the commitments whose status a person set or whose evidence a person confirmed"),
    )
    machine = serializers.DictField(
        child=serializers.IntegerField(),
        help_text=_("per status, the commitments no person decided (counts less confirmed): under the decided statuses and "
                    "needs_review the machine's proposals; under pending the rows waiting for their review, which "
                    "nobody has judged yet"),
    )
    testable = serializers.IntegerField()
    assessed = serializers.IntegerField(
        help_text=_(
            "testable commitments with an outcome or one to record: decided (by the review, or by a person before it "
            "came in), needs_review and year_over"
        )
    )
    decided = serializers.IntegerField(help_text=_("fulfilled, partially fulfilled, not reported and not carried out: the rows of the rates"))
    decided_confirmed = serializers.IntegerField(help_text=_("how many of the decided rows a person confirmed"))
    needs_review = serializers.IntegerField(help_text=_("rows the machine is not sure of, in no rate of decided rows"))
    year_over = serializers.IntegerField(
        help_text=_(
            "in_progress and pending rows whose year is over (the next report's review is in, and no later deadline): "
            "a person is to record what the review says; in no rate of decided rows"
        )
    )
    rate = serializers.FloatField(
        allow_null=True,
        help_text=_(
            "(fulfilled + partially fulfilled) ÷ decided, of every decided row: the share the next year's review reports "
            "carried out; not_reported counts against it and means the review says nothing of the task, not that it was "
            "not done. The machine's reading while decided_confirmed < decided (how often it is right on reports nobody "
            "tuned it to: accuracy/, its blind group); not a figure to publish as the follow-through rate (see "
            "publishable); a year judged against a term-end review read whole, or one the rules were tuned on, is "
            "flagged by include=pooling"
        ),
    )
    headline_rate = serializers.FloatField(
        allow_null=True,
        help_text=_(
            "(fulfilled + partially fulfilled) ÷ decided, counting only the rows a person confirmed: a rate of those "
            "rows alone, null until a person confirmed one. It is the follow-through rate to publish only once a person "
            "confirmed them all (decided_confirmed = testable, where rate_low = rate_high); "
            "before that, publish rate_low and rate_high, as the few rows confirmed may be the ones reported. rate is "
            "the machine's reading of every decided row"
        ),
    )
    publishable = serializers.BooleanField(
        help_text=_(
            "whether headline_rate is the follow-through rate of every task, to publish as such: each testable row "
            "decided and confirmed by a person, the next year's review of each in (before_review = 0), none that the review reads otherwise (review_disagrees = 0). False: "
            "headline_rate is the rate of the rows confirmed so far only, and rate is the machine's reading; publish "
            "rate_low and rate_high, and where before_review > 0, say those rows are a person's own judgement"
        )
    )
    before_review = serializers.IntegerField(
        help_text=_(
            "decided rows with no review of their year in (the next year's report not in, or no review found in it): "
            "a person decided them, and no review reports them; while any, publishable is false"
        )
    )
    review_disagrees = serializers.IntegerField(
        help_text=_(
            "rows a person decided that the review of their year reads otherwise (review_disagrees on the rows): the "
            "person's status stands until they answer it; while any, publishable is false"
        )
    )
    rate_low = serializers.FloatField(
        allow_null=True,
        help_text=_(
            "the least the follow-through rate of every testable row can be once all are decided and a person has "
            "confirmed them: (confirmed fulfilled + partially fulfilled) ÷ testable (a row still in progress or pending has no "
            "outcome yet, whatever its deadline), null while no row has one (assessed = 0); publish headline_rate "
            "beside rate_low and rate_high while confirmations are partial (the rows a person chose to confirm may "
            "lean it)"
        ),
    )
    rate_high = serializers.FloatField(
        allow_null=True,
        help_text=_(
            "the most that rate can be: 1 − (confirmed not reported + not carried out) ÷ testable"
        ),
    )
    fulfilled_rate = serializers.FloatField(
        allow_null=True, help_text=_("fulfilled ÷ decided, of every decided row: the machine's reading as rate is")
    )
    partial_rate = serializers.FloatField(
        allow_null=True, help_text=_("partially fulfilled ÷ decided, of every decided row: the machine's reading as rate is")
    )


class NoticeSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("no_review, no_tasks …"))
    message = serializers.CharField()


class ReportSummarySerializer(FollowThroughSerializer):
    follow_up = serializers.IntegerField(allow_null=True, help_text=_("the next year's report, when loaded"))
    no_review = serializers.BooleanField(
        help_text=_("the follow-up is in but no review section was found in it: the commitments stay pending")
    )
    no_tasks = serializers.BooleanField(help_text=_("no tasks section was found in this report"))
    rules_tuned_on = serializers.BooleanField(
        help_text=_(
            "the machine's rules were written against this report and its follow-up (a tuned pair of accuracy/): its "
            "machine statuses read better here than on a report nobody tuned them to (see the blind group there)"
        )
    )
    follow_up_notices = NoticeSerializer(
        many=True,
        help_text=_("what the reader noted of how the follow-up's review was read, which these statuses rest on (a "
                    "term-end review read whole: its evidence may describe an earlier year of the term)"),
    )


class KeptDecisionSerializer(serializers.ModelSerializer):
    """Staff decisions on a commitment a replace took out of the text, not yet re-attached by a person."""

    status_decided_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True,
        help_text=_("the user name of the person who set the status; null: the machine's, or following evidence (see confirmed)"),
    )
    evidence = serializers.ListField(
        child=serializers.DictField(), help_text=_("the passages staff decided on: report, start, end, text, verdict, decision, note")
    )
    ledger = serializers.SerializerMethodField(
        help_text=_("the 台账 columns staff filled in: lead_unit, partner_units, due, due_label, progress (date, text, author, "
                    "created_at)")
    )

    class Meta:
        model = KeptDecision
        fields = [
            "id", "former_id", "ordinal", "kind", "action", "object", "text", "part", "status", "status_note",
            "status_decided_by", "status_decided_at", "evidence", "ledger", "replaced_at", "replaced_by_source",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "former_id": {"help_text": _("the id the commitment had before the replace took it out (it is a 404 now): "
                                         "the row a copy of the ledger kept elsewhere should mark as gone")},
        }

    @extend_schema_field(serializers.DictField())
    def get_ledger(self, obj) -> dict:
        # Kept as stored (a user's id, a UTC time): given as the API gives them elsewhere, a user name and local time.
        ledger = dict(obj.ledger or {})
        if entries := ledger.get("progress"):
            authors = {entry.get("author") for entry in entries}
            names = dict(get_user_model().objects.filter(pk__in=authors).values_list("pk", "username"))
            ledger["progress"] = [
                {**entry, "author": names.get(entry.get("author")), "created_at": _local_iso(entry.get("created_at"))}
                for entry in entries
            ]
        return ledger


def _local_iso(value: str | None) -> str | None:
    when = parse_datetime(value) if value else None
    return timezone.localtime(when).isoformat() if when else value


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
        return _notices(obj.notices)

    @extend_schema_field(ReportSummarySerializer)
    def get_summary(self, obj):
        summary = report_summary(obj)
        return {
            **summary.overall.as_dict(),
            "follow_up": summary.follow_up.pk if summary.follow_up else None,
            "no_review": summary.no_review,
            "no_tasks": summary.no_tasks,
            "rules_tuned_on": accuracy.tuned_on(obj.body.name, obj.kind, obj.year),
            "follow_up_notices": _notices(summary.review_notices),
        }

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_text(self, obj):
        return obj.text if self.context.get("include_text") else None


def _notices(notices: list[dict]) -> list[dict]:
    return [{"code": n.get("code", ""), "message": m} for n, m in zip(notices, notice_messages(notices))]


class KnownFields:
    """A request body's serializer: a field the request does not read is a 400 naming it and the fields it reads,
    as an unknown query parameter is (a misspelt note or verdict was dropped without a word); and a text or an id
    of another type than the schema says is a 400 too, where DRF would read it as one (a body id of 4.5 or "４" as
    4, a note of 123 as "123"): a text is a string, an id a whole number (or its ASCII digits, as a form sends it;
    an empty one is DRF's to refuse as none)."""

    unknown_code = "unknown_field"

    def unknown_message(self, name: str) -> str:
        return _("Unknown field; this request reads: %(fields)s.") % {"fields": ", ".join(self.fields)}

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            # The browsable API's forms send their CSRF token in the body.
            refused = {
                name: [self.unknown_message(name)] for name in data if name not in self.fields and name != "csrfmiddlewaretoken"
            }
            if refused:
                raise serializers.ValidationError(refused, code=self.unknown_code)
            # A form naming a field twice (year=2019&year=2018): DRF took the last, silently; a query parameter or a
            # JSON key named twice is refused too. A field of many values (partner units) is one name repeated.
            twice = {
                name: [_("Given more than once; this field takes one value.")]
                for name in data if hasattr(data, "getlist") and len(data.getlist(name)) > 1
                and not isinstance(self.fields.get(name), (serializers.ListField, serializers.ManyRelatedField, serializers.MultipleChoiceField))
            }
            if twice:
                raise serializers.ValidationError(twice, code="duplicate_field")
            wrong = {name: [message] for name, value in data.items() if (message := _wrong_type(self.fields.get(name), value))}
            if wrong:
                raise serializers.ValidationError(wrong, code="incorrect_type")
        return super().to_internal_value(data)


def _wrong_type(field, value) -> str:
    """Why ``value`` is not of the type ``field`` takes ("" where it is, or where DRF judges it)."""
    if value is None or field is None or field.read_only:
        return ""
    if isinstance(field, serializers.CharField) and not isinstance(value, str):
        return _("Write a string (text in quotes).")
    if isinstance(field, serializers.PrimaryKeyRelatedField) and not (
        (type(value) is int) or (isinstance(value, str) and (value == "" or ascii_digits(value)))
    ):
        return _("Write the id as a whole number.")
    if isinstance(field, serializers.IntegerField) and not (
        # An empty form field is no value (DRF reads it as absent), as for an id.
        (type(value) is int) or (isinstance(value, str) and (value == "" or ascii_digits(value)))
    ):
        # 2016.0, " 2016 ", "２０１６": DRF's int() took each as 2016.
        return _("Write a whole number in ASCII digits.")
    return ""


class ReportUploadSerializer(KnownFields, serializers.Serializer):
    # An empty file and a NUL in a text are the pipeline's to judge, as for a file through the other doors (an empty
    # file is refused naming it; NUL characters are removed with a notice).
    file = serializers.FileField(required=False, allow_empty_file=True, help_text=_("the report file (UTF-8, UTF-16, GB18030, Big5)"))
    text = serializers.CharField(required=False, trim_whitespace=False, help_text=_("the report as text, instead of a file"))
    body = serializers.CharField(required=False, help_text=_("the body that delivered it, when the text does not say"))
    year = serializers.IntegerField(required=False, min_value=FIRST_YEAR, max_value=2100)
    kind = serializers.ChoiceField(choices=ReportKind.choices, required=False)
    replace = serializers.BooleanField(default=False, help_text=_("replace a stored report of the same body, kind and year"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].validators = without_nul_check(self.fields["text"].validators)

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
    decided_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True,
        help_text=_("the user name of the person who decided on the passage; null: no one yet"),
    )
    rule = serializers.CharField(
        read_only=True, help_text=_("the verdict rule that judged the passage; staff for a passage staff chose")
    )
    rule_detail = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = [
            "id", "commitment", "report", "start", "end", "text", "in_text", "score", "verdict", "origin", "decision",
            "decided_by", "decided_at", "note", "rule", "rule_detail",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "in_text": {"help_text": _("false for a passage staff decided on that a replace took out of the report's text: "
                                       "its decision and wording are kept, and start and end no longer index the text")},
            "score": {"help_text": _("how much of the task's distinctive words the passage names (0–1, weighted by how rare "
                                     "each is in the review): what ranks passages, not a probability that the verdict is right")},
        }

    @extend_schema_field(RuleDetailSerializer)
    def get_rule_detail(self, obj):
        detail = obj.rule_detail or {}
        return {"matched": list(detail.get("matched") or []), "decisive": detail.get("decisive") or ""}


class UnitBriefSerializer(PrebuiltFields, serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "name"]


class UnitSerializer(serializers.ModelSerializer):
    body = BodyBriefSerializer(read_only=True)
    other_names = serializers.SlugRelatedField(
        slug_field="name", many=True, read_only=True,
        help_text=_("other names of the unit (a short form merged into it, a former name): a sheet or a request naming "
                    "the unit so names this unit"),
    )

    class Meta:
        model = Unit
        fields = ["id", "name", "body", "other_names"]


class UnitCreateSerializer(KnownFields, serializers.Serializer):
    body = serializers.PrimaryKeyRelatedField(queryset=Body.objects.all(), help_text=_("the body the unit belongs to"))
    name = serializers.CharField(max_length=Unit._meta.get_field("name").max_length, help_text=_("the unit's name"))

    def validate_name(self, value):
        if problem := unit_name_problem(value):
            raise serializers.ValidationError(problem, code="invalid")
        return value


class ProgressSerializer(serializers.ModelSerializer):
    author = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, help_text=_("the user name of the person who entered it")
    )

    class Meta:
        model = Progress
        fields = ["id", "date", "text", "author", "created_at"]
        read_only_fields = fields


class DayField(serializers.DateField):
    """A day as YYYY-MM-DD: one written so that the calendar has not (2025-02-30) is said to be no such day, not to
    have the wrong format."""

    _SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

    def to_internal_value(self, value):
        try:
            return super().to_internal_value(value)
        except serializers.ValidationError:
            if isinstance(value, str) and self._SHAPE.fullmatch(value.strip()):
                raise serializers.ValidationError(_("There is no such day as %(day)s.") % {"day": value.strip()}, code="invalid")
            raise


class ProgressAddSerializer(KnownFields, serializers.Serializer):
    date = DayField(required=False, allow_null=True, help_text=_("the day of the entry; today when left out"))
    text = serializers.CharField(help_text=_("what was done (进展情况)"))


class ProgressCorrectSerializer(KnownFields, serializers.Serializer):
    """A correction: the fields given replace the entry's; at least one."""

    date = DayField(required=False, help_text=_("the day of the entry"))
    text = serializers.CharField(required=False, help_text=_("what was done (进展情况)"))

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError(_("Give the date or the text to correct."), code="empty")
        return attrs


class ReportBriefSerializer(PrebuiltFields, serializers.ModelSerializer):
    body = serializers.CharField(source="body.name", read_only=True)

    class Meta:
        model = Report
        fields = ["id", "body", "kind", "year"]


class CommitmentSerializer(PrebuiltFields, serializers.ModelSerializer):
    report = ReportBriefSerializer(read_only=True)
    task = serializers.SerializerMethodField(
        help_text=_(
            "the task as it reads on its own, as the 台账 export and the admin show it: its verb and what it acts on "
            "(审查批准预算调整 where text, a list's item, is 预算调整)"
        )
    )
    best_evidence = serializers.SerializerMethodField()
    best_evidence_against_status = serializers.SerializerMethodField(
        help_text=_(
            "the best passage reads otherwise than the status a person set (已落实 beside a task a person recorded not "
            "carried out), the machine's or one a person confirmed: shown, it is no ground of that status"
        )
    )
    status_confidence = serializers.FloatField(
        read_only=True, allow_null=True,
        help_text=_(
            "the machine's confidence in its status (0–1), a score, not a probability: for a status from evidence "
            "(status.evidence, status.mention_only), the evidence's score, how much of the task's distinctive words the "
            "passage names; for not_reported (status.silent), 1 − the score of the closest passage; for needs_review, "
            "how close its closest passage came (high: a passage names the task, low: it only comes near). Null where "
            "a person decided (see confirmed), and while pending"
        ),
    )
    confirmed = serializers.SerializerMethodField(
        help_text=_(
            "a person decided the status: set by staff (status_origin staff) or following evidence staff confirmed "
            "(status_rule status.confirmed, status_origin auto). False: the machine's proposal, not for publishing as "
            "fact. The rows the confirmed filter and the confirmed counts of stats/ count (testable ones)"
        )
    )
    status_rule = serializers.CharField(
        read_only=True,
        help_text=_(
            "the rule that decided the status: status.evidence, status.mention_only, status.unsure and "
            "status.named_verbatim, status.named_no_sign, status.over_years, status.said_not_done and "
            "status.evidence_rejected (needs review), status.silent, status.no_follow_up, status.no_review, "
            "status.not_judged (general direction, neither linked nor judged: status pending whether or not its review "
            "is in; testable=false; a filter by status=pending takes testable=true for the tasks waiting for their "
            "review), status.confirmed (evidence staff confirmed), staff"
        ),
    )

    lead_unit = UnitBriefSerializer(read_only=True, allow_null=True, help_text=_("the lead unit (牵头单位); null: none set"))
    due = serializers.DateField(read_only=True, allow_null=True, help_text=_("the last day the deadline allows; null: none"))
    overdue = serializers.SerializerMethodField(help_text=_("past its deadline, neither fulfilled nor not carried out (逾期)"))

    class Meta:
        model = Commitment
        fields = [
            "id", "report", "ordinal", "plan_year", "part", "part_heading", "kind", "category", "action", "object",
            "text", "task", "testable", "origin", "start", "end", "sentence_start", "sentence_end", "status", "status_origin",
            "status_confidence", "status_rule", "confirmed", "review_disagrees", "best_evidence",
            "best_evidence_against_status", "lead_unit", "due", "overdue",
        ]
        extra_kwargs = {
            "status": {"help_text": _(
                "what the next year's review says of the task: fulfilled 已落实 (done), partial 部分落实 (in progress, short "
                "of the promise), not_reported 未见报告 (the review says nothing of it — not that it was not done), "
                "not_done 未实施 (put off or cancelled, a person's), needs_review 待人工核验 (the machine is not sure), "
                "in_progress 推进中 (a person's, in the plan year), pending 待回顾 (its review not in yet). The machine's "
                "reading unless confirmed is true"
            )},
        }

    def get_task(self, obj) -> str:
        return task_wording(obj.text, obj.object, obj.action, obj.kind)

    def get_confirmed(self, obj) -> bool:
        return is_confirmed(obj)

    def get_best_evidence_against_status(self, obj) -> bool:
        return passage_against_person(obj, _best_of(obj))

    def get_overdue(self, obj) -> bool:
        # One day for the whole page.
        if not hasattr(self, "_today"):
            self._today = timezone.localdate()
        return is_overdue(obj, self._today)

    @extend_schema_field(EvidenceSerializer(allow_null=True))
    def get_best_evidence(self, obj):
        best = _best_of(obj)
        if best is None:
            return None
        # One field set for the whole page: building a ModelSerializer per item costs a millisecond.
        if not hasattr(self, "_evidence"):
            self._evidence = EvidenceSerializer()
        return self._evidence.to_representation(best)


def _best_of(commitment):
    """A commitment's decisive evidence, kept on it for the fields that show it (api/rows.py sets it for a page)."""
    if not hasattr(commitment, "decisive"):
        commitment.decisive = decisive_evidence(_evidence_of(commitment))
    return commitment.decisive


def _evidence_of(commitment):
    """What a commitment's decisive evidence is chosen from: the evidence prefetched for it, else its evidence
    (api/rows.py gives a list page its decisive evidence in one query instead)."""
    for name in ("usable_evidence", "all_evidence"):
        if hasattr(commitment, name):
            return getattr(commitment, name)
    return commitment.evidence.all()


class _PartnerHistory:
    """The partner units of each history record: simple_history's m2m history model, and its rows' accessor."""

    model = Commitment.history.model.partner_units.model
    accessor = model._meta.get_field("history").remote_field.get_accessor_name()


# Its partner units are the version's partner_rows, which CommitmentDetailSerializer.get_history prefetches.
class HistorySerializer(PrebuiltFields, serializers.Serializer):
    """A version of the commitment, with its partner units."""

    at = serializers.DateTimeField(source="history_date")
    user = serializers.CharField(
        source="history_user.username", allow_null=True, default=None,
        help_text=_("the user name of the person who made the change; null: the machine (a relink, an ingest)"),
    )
    change = serializers.ChoiceField(
        source="history_type", choices=["+", "~", "-"], help_text=_("+ created, ~ changed, - deleted")
    )
    status = serializers.CharField()
    status_origin = serializers.CharField()
    status_confidence = serializers.FloatField(allow_null=True)
    status_rule = serializers.CharField()
    note = serializers.CharField(source="status_note")
    lead_unit = serializers.SerializerMethodField()
    partner_units = serializers.SerializerMethodField()
    due = serializers.DateField(allow_null=True)
    due_label = serializers.CharField()
    reason = serializers.CharField(source="history_change_reason", allow_null=True)

    def get_lead_unit(self, obj) -> str | None:
        return self._unit_name(obj.lead_unit, obj.lead_unit_id, obj.history_date)

    def get_partner_units(self, obj) -> list[str]:
        # In the order they were written.
        return [self._unit_name(row.unit, row.unit_id, obj.history_date) for row in obj.partner_rows if row.unit_id is not None]

    def _unit_name(self, unit, unit_id, when) -> str | None:
        """A unit by the name it had at the version's time, as the history page names it: renamed since, or merged into
        another and gone (of_versions reads the names)."""
        if unit_id is None:
            return None
        return unit_name_at(self.context.get("unit_names", {}).get(unit_id, []), when, unit.name if unit else "") or None

    @classmethod
    def of_versions(cls, versions) -> list:
        """The versions serialised, with the names the units they name had, read in one query (none when no version
        names a unit)."""
        versions = list(versions)
        ids = {version.lead_unit_id for version in versions} | {
            row.unit_id for version in versions for row in version.partner_rows
        }
        ids.discard(None)
        return cls(versions, many=True, context={"unit_names": unit_names(ids) if ids else {}}).data


class _LedgerColumns(serializers.Serializer):
    """The 台账 columns of a commitment as the detail and the list's rows with include=ledger give them."""

    partner_units = UnitBriefSerializer(
        source="partners", many=True, read_only=True, help_text=_("the partner units (配合单位), in the order staff wrote them")
    )
    due_label = serializers.CharField(read_only=True, help_text=_("the deadline in the words staff wrote (年底前, 上半年 …)"))
    progress = ProgressSerializer(many=True, read_only=True, help_text=_("dated progress entries (进展情况), newest first"))
    status_decided_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True,
        help_text=_("the user name of the person who set the status; null: the machine's, or following evidence (see confirmed)"),
    )

    LEDGER_FIELDS = ["partner_units", "due_label", "status_note", "status_decided_by", "status_decided_at", "progress"]


class CommitmentLedgerRowSerializer(_LedgerColumns, CommitmentSerializer):
    """A list row with its 台账 (include=ledger): the fields the detail gives them, by the same names."""

    class Meta(CommitmentSerializer.Meta):
        fields = [*CommitmentSerializer.Meta.fields, *_LedgerColumns.LEDGER_FIELDS]
        read_only_fields = fields


class CommitmentDetailSerializer(_LedgerColumns, CommitmentSerializer):
    evidence = EvidenceSerializer(many=True, read_only=True, source="all_evidence")
    history = serializers.SerializerMethodField()
    rule = serializers.CharField(read_only=True, help_text=_("the extraction rule that produced the row; empty when not recorded"))
    follow_up_term_review = serializers.SerializerMethodField(
        help_text=_(
            "the next year's report reads its review whole for the term (a term-end review that tells the past year "
            "inside its account of the whole term): a passage may describe an earlier year of the term. Null while the "
            "next year's report is not loaded"
        )
    )

    class Meta(CommitmentSerializer.Meta):
        fields = [
            *CommitmentSerializer.Meta.fields, "partner_units", "due_label", "progress", "sentence", "rule",
            "status_note", "status_decided_by", "status_decided_at", "follow_up_term_review", "evidence", "history",
        ]

    def get_follow_up_term_review(self, obj) -> bool | None:
        if hasattr(obj, "follow_up_term_review"):  # a record read as rows (api/record.py)
            return obj.follow_up_term_review
        return follow_up_term_review(obj.pk)

    @extend_schema_field(HistorySerializer(many=True))
    def get_history(self, obj):
        if hasattr(obj, "history_rows"):  # a record read as rows (api/record.py)
            return HistorySerializer.of_versions(obj.history_rows)
        partners = Prefetch(
            _PartnerHistory.accessor, queryset=_PartnerHistory.model.objects.select_related("unit").order_by("position", "id"),
            to_attr="partner_rows",
        )
        history = obj.history.select_related("history_user", "lead_unit").prefetch_related(partners)
        return HistorySerializer.of_versions(history.order_by("-history_date"))


class UnitRefField(serializers.Field):
    """A unit of the commitment's body, by id or by name (a new name creates the unit)."""

    default_error_messages = {"invalid": _("Give a unit by its id or its name.")}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (int, str)):
            self.fail("invalid")
        if data == "" and self.allow_null:
            return None  # as null: clears
        try:
            if isinstance(data, str):
                ProhibitNullCharactersValidator()(data)
            return unit_resolve(body=self.context["commitment"].report.body, unit=data)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages, code="invalid_unit") from error

    def to_representation(self, value):
        return value.pk


UNIT_REF_SCHEMA = {"oneOf": [{"type": "integer", "minimum": 1, "maximum": MAX_BIGINT}, {"type": "string", "minLength": 1}]}
extend_schema_field(UNIT_REF_SCHEMA)(UnitRefField)


class CommitmentLedgerSerializer(KnownFields, serializers.Serializer):
    """What staff keep on a commitment (the 台账 columns); a field left out is left as it is."""

    # Reading a unit by a new name creates it: the view validates inside the transaction of the update.
    lead_unit = UnitRefField(
        required=False, allow_null=True, help_text=_("the lead unit (牵头单位) by id or name; null clears it")
    )
    partner_units = serializers.ListField(
        child=UnitRefField(), required=False, max_length=50, help_text=_("the partner units (配合单位) by id or name")
    )
    due = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, max_length=Commitment._meta.get_field("due_label").max_length,
        help_text=_("the deadline: a date (2024-06-30), a month (2024年6月) or words (年底前, 上半年); null or empty clears it"),
    )

    unknown_code = "read_only"

    def unknown_message(self, name: str) -> str:
        return _("%(field)s cannot be changed here; send lead_unit, partner_units or due.") % {"field": name}

    def to_representation(self, instance):
        # The browsable API shows the form filled from the commitment: its 台账 columns as they are sent.
        if isinstance(instance, Commitment):
            return {
                "lead_unit": instance.lead_unit_id,
                "partner_units": [unit.pk for unit in instance.partners],
                "due": instance.due_label,
            }
        return super().to_representation(instance)

    def validate_due(self, value):
        try:
            commitment = self.context["commitment"]
            due_read(value, plan_year=commitment.plan_year, current=commitment.due)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages, code="invalid_due") from error
        return value

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError(_("Send one or more of lead_unit, partner_units and due."), code="empty")
        return attrs


class StatusSetSerializer(KnownFields, serializers.Serializer):
    status = serializers.ChoiceField(
        choices=Status.choices, allow_null=True,
        help_text=_("in_progress (推进中) while the work is under way in the plan year; null hands the status back to the machine"),
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")




class EvidenceAddSerializer(KnownFields, serializers.Serializer):
    commitment = serializers.PrimaryKeyRelatedField(queryset=Commitment.objects.select_related("report"))
    start = serializers.IntegerField(min_value=0, help_text=_("offset in the follow-up report's text"))
    end = serializers.IntegerField(min_value=1)
    verdict = serializers.ChoiceField(choices=STAFF_VERDICT_CHOICES)
    note = serializers.CharField(
        required=False, allow_blank=True, help_text=_("left out, a passage already stored keeps its note")
    )


class DecisionNoteSerializer(KnownFields, serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ConfirmSerializer(DecisionNoteSerializer):
    verdict = serializers.ChoiceField(
        choices=STAFF_VERDICT_CHOICES,
        required=False,
        help_text=_("the verdict staff read in the passage; required to confirm a candidate passage"),
    )


def _group_by_help() -> str:
    return gettext("comma-separated, one or more of: %(choices)s") % {"choices": ", ".join(GROUPINGS)}


_GROUP = "(" + "|".join(GROUPINGS) + ")"
# The schema of group_by: the values accepted, each once (validate_group_by refuses the others with its own message;
# the lookahead refuses a grouping named twice, as the API does).
GROUP_BY_SCHEMA = {
    "type": "string", "pattern": rf"^(?!(?:.*,)?{_GROUP}(?:,.*)?,\1(?:,|$)){_GROUP}(,{_GROUP})*$", "default": "body,year",
}


class StatsQuerySerializer(serializers.Serializer):
    group_by = serializers.CharField(default="body,year", help_text=lazy(_group_by_help, str)())
    include = serializers.ChoiceField(
        choices=["pooling"], required=False,
        help_text=_("pooling: each group also says what it adds up (bodies, reports, report_kinds, term_reviews, tuned_reports)"),
    )

    def validate_group_by(self, value) -> list[str]:
        groups = [group.strip() for group in value.split(",")]
        if any(group not in GROUPINGS for group in groups):  # an empty one too (body,,year): the schema's pattern
            raise serializers.ValidationError(
                _("Group by one or more of: %(choices)s.") % {"choices": ", ".join(GROUPINGS)}, code="invalid_group"
            )
        if twice := next((group for group in groups if groups.count(group) > 1), None):
            raise serializers.ValidationError(
                _("Name each grouping once: %(group)s is given twice.") % {"group": twice}, code="invalid_group"
            )
        return groups


class StatsRowSerializer(FollowThroughSerializer):
    """Follow-through of one group: counts per status, the part a person confirmed, the machine's part apart."""

    group = serializers.DictField(help_text=_("the values of the group_by fields"))
    bodies = serializers.IntegerField(required=False, help_text=_("how many bodies the group's rows are of: a rate over several bodies pools them"))
    reports = serializers.IntegerField(required=False, help_text=_("how many reports the group's rows are of"))
    report_kinds = serializers.ListField(
        child=serializers.CharField(), required=False,
        help_text=_("the kinds of those reports (npc, gov): both means standing committees' and governments' rows are added up"),
    )
    term_reviews = serializers.IntegerField(
        required=False,
        help_text=_(
            "how many of those reports were followed by a term-end review read whole (its evidence may describe an "
            "earlier year of the term): a rate of such a year is not comparable with a year reviewed on its own"
        )
    )
    tuned_reports = serializers.IntegerField(
        required=False,
        help_text=_(
            "how many of those reports the machine's rules were written against (accuracy/'s tuned pairs): their "
            "machine statuses read better than on reports nobody tuned them to, so a trend across them and other years "
            "mixes two accuracies"
        ),
    )


class DeletedQuerySerializer(serializers.Serializer):
    since = serializers.CharField(help_text=_("taken out at or after this time (ISO 8601, as updated_since)"))

    def validate_since(self, value):
        from django.core.exceptions import ValidationError as DjangoValidationError

        from .filters import TimeField  # read as updated_since is, within its range

        try:
            return TimeField(required=True).clean(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages, code="invalid") from error


class DeletedCommitmentSerializer(serializers.Serializer):
    """A commitment taken out: by a replace whose text no longer holds it, with its report, or by staff (a task they
    had added)."""

    id = serializers.IntegerField(help_text=_("the id the commitment had"))
    report = serializers.IntegerField(source="report_id", help_text=_("its report's id (that report may be gone too)"))
    ordinal = serializers.IntegerField()
    kind = serializers.CharField()
    object = serializers.CharField(help_text=_("what it promised (its wording as written is not kept once it is gone)"))
    deleted_at = serializers.DateTimeField(source="history_date")
    reason = serializers.CharField(
        source="history_change_reason", allow_null=True, help_text=_("why, in the language of whoever's action it was")
    )
    cause = serializers.SerializerMethodField(
        help_text=_(
            "why, as a code: replaced (a replace's text no longer holds it), report_deleted (its report was deleted), "
            "removed_by_staff (a task staff added, taken out); null for a deletion of before these were recorded"
        )
    )

    @extend_schema_field(serializers.ChoiceField(choices=list(deletions.CAUSES), allow_null=True))
    def get_cause(self, obj) -> str | None:
        return deletions.cause_of(obj.history_change_reason)


class MeasuredPairSerializer(serializers.Serializer):
    name = serializers.CharField(help_text=_("the annotation's name"))
    kind = serializers.ChoiceField(choices=ReportKind.choices, help_text=_("the promise report's kind"))
    promise_year = serializers.IntegerField(help_text=_("the year of the report that promised"))
    follow_up_year = serializers.IntegerField(help_text=_("the year of the report whose review was read"))
    deliverables = serializers.IntegerField(help_text=_("how many deliverables were annotated"))


class MeasuredGroupSerializer(serializers.Serializer):
    """How often the machine was right on one group of annotated pairs, end to end (ledger/accuracy.py)."""

    group = serializers.ChoiceField(
        choices=["blind", "tuned"],
        help_text=_("blind: pairs the rules were never tuned on (only their figures were looked at); tuned: the pairs they were written against"),
    )
    pairs = MeasuredPairSerializer(many=True)
    counts = serializers.DictField(
        child=serializers.IntegerField(),
        help_text=_(
            "deliverables annotated; found (exist as a row); right (status as annotated, a deliverable not found "
            "counts as wrong); decided (given a status other than needs_review) and decided_right; "
            "said_not_reported and not_reported_right; reported_found and evidence_top3 (the annotated passage "
            "among the first three); reported (annotated fulfilled or partially fulfilled), decided_reported (of them, "
            "those the machine decided) and said_reported (given fulfilled or partially fulfilled by the machine)"
        ),
    )
    status_accuracy = serializers.FloatField(allow_null=True, help_text=_("right / deliverables"))
    decided_accuracy = serializers.FloatField(allow_null=True, help_text=_("decided_right / decided"))
    coverage = serializers.FloatField(allow_null=True, help_text=_("decided / found: the share the machine gave a status to"))
    not_reported_precision = serializers.FloatField(
        allow_null=True,
        help_text=_("not_reported_right / said_not_reported: how often 未见报告 was right when the machine said it")
    )
    evidence_top3 = serializers.FloatField(allow_null=True, help_text=_("evidence_top3 / reported_found"))
    reported_share = serializers.FloatField(
        allow_null=True,
        help_text=_("decided_reported / decided: a person's follow-through rate on the promises the machine decided")
    )
    said_reported_share = serializers.FloatField(
        allow_null=True,
        help_text=_(
            "said_reported / decided: the machine's follow-through rate on the same promises, as stats/ computes a rate "
            "(fulfilled or partially fulfilled, of those decided); lower than reported_share, a machine rate reads low"
        ),
    )

    intervals = serializers.DictField(
        child=serializers.ListField(child=serializers.FloatField(), min_length=2, max_length=2, allow_null=True),
        help_text=_(
            "each share's 95 per cent interval [low, high] (Wilson score), by the share's name: the figures rest on a hundred-odd "
            "annotated deliverables, and the interval is how far a share measured on so few may lie from what the "
            "machine does on all reports like them; null where a share has nothing to divide by"
        ),
    )

    rows = serializers.DictField(
        allow_null=True,
        help_text=_(
            "extraction of the group's annotated government-report parts: annotated (deliverables), predicted (the "
            "testable rows the ledger made of those parts), matched (deliverables found as a row), matching (rows that "
            "stand for a deliverable), precision (matching / predicted: a rate's rows that are deliverables at all), "
            "recall (matched / annotated), and their 95 per cent intervals; null where not recorded"
        ),
    )

    def to_representation(self, measured):
        score = measured.score
        share = lambda value: None if value is None else round(value, 4)  # noqa: E731
        bounds = lambda pair: None if pair is None else [share(bound) for bound in pair]  # noqa: E731
        rows = measured.rows
        return {
            "group": measured.group,
            "pairs": MeasuredPairSerializer(measured.pairs, many=True).data,
            "counts": score.counts(),
            "status_accuracy": share(score.status_accuracy),
            "decided_accuracy": share(score.decided_accuracy),
            "coverage": share(score.coverage),
            "not_reported_precision": share(score.not_reported_precision),
            "evidence_top3": share(score.top3_share),
            "reported_share": share(score.reported_share),
            "said_reported_share": share(score.said_reported_share),
            "intervals": {name: bounds(pair) for name, pair in score.intervals().items()},
            "rows": None if rows is None else {
                **asdict(rows), "precision": share(rows.precision), "recall": share(rows.recall),
                "intervals": {name: bounds(pair) for name, pair in rows.intervals().items()},
            },
        }
