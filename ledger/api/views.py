import datetime as dt
from dataclasses import asdict

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view,
)
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAcceptable, NotFound, ValidationError
from rest_framework.parsers import FormParser
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils.mediatypes import media_type_matches
from rest_framework.views import APIView

from .. import accuracy, data_export, exports, services
from ..models import Body, Commitment, Decision, Evidence, PartnerUnit, Progress, Report, Section, Unit, Verdict
from ..pipeline.errors import IngestError
from ..services.ledger import commitment_ledger_update, progress_add, progress_delete, progress_update, unit_get_or_create
from ..selectors import follow_through_by, pooling
from ..services.decisions import commitment_lock
from ..services.decisions import PassageChanged
from ..versions import changer, etag, evidence_version, if_match_tags, is_version, task_reads, unchanged
from . import serializers
from .errors import ChangedSinceRead, IngestRefused
from .json_renderer import without_staff_names
from .parsers import LedgerJSONParser, LedgerMultiPartParser
from ..numbers import positive_int
from .record import commitment_record
from .rows import (
    COMMITMENT_COLUMNS, LEDGER_COLUMNS, USABLE_EVIDENCE, PageRows, commitment_rows, with_decisive_evidence, with_ledger_columns,
)
from .preconditions import Preconditions
from .query_params import KnownQueryParams
from .filters import (
    FILTER_BACKENDS, BodyFilter, CommitmentFilter, EvidenceFilter, FilterBackend, ReportFilter, StatsFilter, UnitFilter,
)

INCLUDE_TEXT = OpenApiParameter("include", str, enum=["text"], description="include=text adds the texts")
INCLUDE_LEDGER = OpenApiParameter(
    "include", str, enum=["ledger"],
    description="include=ledger adds each row's 台账 as the detail gives it: partner_units (in their order), due_label, "
    "status_note, status_decided_by, status_decided_at and progress (newest first), as CommitmentDetail has them: a "
    "mirror of the 台账 reads pages, not one detail a row",
)


def _versioned(etag: str, if_match: str) -> tuple[OpenApiParameter, OpenApiParameter]:
    """The If-Match header a resource's writes take and the ETag header its answers carry (versions.py)."""
    return (
        OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, description=if_match),
        OpenApiParameter("ETag", str, OpenApiParameter.HEADER, response=[200], description=etag),
    )


IF_MATCH, ETAG = _versioned(
    "the version of what a status POST and a PATCH write, and of the record as sent: send it back as If-Match to "
    "write, or as If-None-Match to read it again (a 304 while the record is unchanged)",
    "the commitment's ETag as read: the write is made only if no one changed what it writes since (else 412 "
    "changed_since_read); without it, the write is made whatever changed",
)
PASSAGE_IF_MATCH, PASSAGE_ETAG = _versioned(
    "the version of the decision on the passage: send it back as If-Match to confirm or reject it",
    "the passage's ETag as read: the decision is made only if no one decided on the passage since, and no relink "
    "judged it again (else 412 changed_since_read); without it, the decision is made whatever changed",
)
IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match", str, OpenApiParameter.HEADER,
    description="the ETag of the record as read before (or *): answered 304 Not Modified, with no body, while the "
    "record is as sent then",
)
SYNC_SINCE = OpenApiParameter(
    "Ledger-Sync-Since", OpenApiTypes.DATETIME, OpenApiParameter.HEADER, response=[200],
    description="the updated_since (or since) of the next poll: this request's start less LEDGER_SYNC_OVERLAP_SECONDS, "
    "so that a change stamped before it and committed after is listed again rather than missed. A time without an "
    "offset is read in the server's time zone (TIME_ZONE, Asia/Shanghai): send this header's value as it is",
)
CHANGED_SINCE_READ = OpenApiResponse(
    serializers.ErrorSerializer, description="changed_since_read: what the request writes changed after its If-Match was read; nothing was saved"
)


def included(request, value: str) -> str:
    """What ``?include=`` asks for ("" for nothing): ``value`` is the only one an endpoint has."""
    include = request.query_params.get("include", "")
    if include not in ("", value):
        raise ValidationError({"include": [_("The only value is %(value)s.") % {"value": value}]}, code="invalid_include")
    return include


class SyncSince:
    """Lists a mirror polls: the Ledger-Sync-Since header gives the updated_since (or since) of its next poll, the
    request's start less LEDGER_SYNC_OVERLAP_SECONDS (a change stamped before then but committed after is listed
    again rather than missed: a replace's transaction lasts seconds)."""

    SYNC_HEADER = "Ledger-Sync-Since"

    def initial(self, request, *args, **kwargs):
        self.sync_since = timezone.now() - dt.timedelta(seconds=settings.LEDGER_SYNC_OVERLAP_SECONDS)
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if getattr(self, "action", "list") == "list" and response.status_code == 200 and hasattr(self, "sync_since"):
            # In UTC with Z: a +00:00 pasted into a URL unencoded reads as a space, and the time is refused.
            response[self.SYNC_HEADER] = self.sync_since.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z")
        return response


class LedgerViewSet(Preconditions, KnownQueryParams):
    """What the API's viewsets share: every query parameter checked, and an id in a path of ASCII digits
    (ledger/numbers.py): ７０ or 0.5 is no id, answered as any unknown path."""

    lookup_value_regex = "[0-9]+"


class BodyViewSet(LedgerViewSet, viewsets.ReadOnlyModelViewSet):
    """Who reports: standing committees and governments, with their level, parent and children."""


    queryset = Body.objects.select_related("parent").order_by("name")
    filterset_class = BodyFilter
    filter_backends = FILTER_BACKENDS
    ordering_fields = ["name", "level"]

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("children").annotate(report_count=Count("reports"))
        return queryset

    def get_serializer_class(self):
        return serializers.BodyDetailSerializer if self.action == "retrieve" else serializers.BodySerializer


class UnitViewSet(LedgerViewSet, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Responsible units of a body (牵头单位, 配合单位); staff add one by name."""


    # In pinyin order, as every list of units is (Unit.sort_key), not the code points' (财政部 after 商务部).
    queryset = Unit.objects.select_related("body").prefetch_related("other_names").order_by("body__name", "sort_key", "name")
    filterset_class = UnitFilter
    filter_backends = FILTER_BACKENDS
    ordering_fields = ["name"]
    ordering_keys = {"name": "sort_key"}
    write_permissions = {"create": ["ledger.add_unit"]}

    def get_serializer_class(self):
        return serializers.UnitCreateSerializer if self.action == "create" else serializers.UnitSerializer

    @extend_schema(
        request=serializers.UnitCreateSerializer,
        responses={
            201: serializers.UnitSerializer,
            200: OpenApiResponse(serializers.UnitSerializer, description="the body has a unit of that name already"),
        },
    )
    def create(self, request, *args, **kwargs):
        """Add a unit to a body; a name the body has already answers with that unit (200)."""
        form = serializers.UnitCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            unit, created = unit_get_or_create(body=form.validated_data["body"], name=form.validated_data["name"], user=request.user)
        except DjangoValidationError as error:
            raise ValidationError({"name": error.messages}, code="invalid") from error
        return Response(serializers.UnitSerializer(unit).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


@extend_schema_view(retrieve=extend_schema(parameters=[INCLUDE_TEXT]))
class ReportViewSet(LedgerViewSet, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Delivered reports with their sections; upload a file or post a text to ingest one."""


    queryset = (
        Report.objects.select_related("body")
        .annotate(commitment_count=Count("commitments"), testable_count=Count("commitments", filter=Q(commitments__testable=True)))
        .order_by("body__name", "kind", "-year")
    )
    filterset_class = ReportFilter
    filter_backends = FILTER_BACKENDS
    ordering_fields = ["year", "body__name", "ingested_at"]
    parser_classes = [LedgerMultiPartParser, FormParser, LedgerJSONParser]
    write_permissions = {"create": ["ledger.add_report"]}

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "list":
            return queryset.defer("raw_text", "text")
        return queryset.defer("raw_text").prefetch_related(Prefetch("sections", queryset=Section.objects.order_by("ordinal")))

    def get_serializer_class(self):
        if self.action == "create":
            return serializers.ReportUploadSerializer
        return serializers.ReportDetailSerializer if self.action == "retrieve" else serializers.ReportSerializer

    def query_params_read(self) -> set[str]:
        return super().query_params_read() | ({"include"} if self.action == "retrieve" else set())

    def get_serializer_context(self):
        include = included(self.request, "text") if self.action == "retrieve" else ""
        return {**super().get_serializer_context(), "include_text": include == "text"}

    @extend_schema(
        request={
            "multipart/form-data": serializers.ReportUploadSerializer,
            "application/json": serializers.ReportUploadSerializer,
        },
        responses={
            201: serializers.ReportCreatedSerializer,
            200: OpenApiResponse(serializers.ReportCreatedSerializer, description="the same text is stored already"),
            400: OpenApiResponse(
                serializers.ErrorSerializer,
                description="bad input: encoding, empty, binary, not a report, duplicate, conflicting year or body",
            ),
            413: OpenApiResponse(serializers.ErrorSerializer, description="larger than LEDGER_MAX_REPORT_BYTES"),
        },
    )
    def create(self, request, *args, **kwargs):
        """Ingest a report through the same pipeline as the ingest command."""
        upload = request.FILES.get("file")
        try:
            # A file over the limit is refused (413) unread, before the form.
            blob, source = (services.upload_read(upload), upload.name) if upload is not None else (None, gettext("pasted text"))
            form = serializers.ReportUploadSerializer(data=request.data)
            form.is_valid(raise_exception=True)
            data = form.validated_data
            result = services.report_ingest(
                data["text"].encode("utf-8") if blob is None else blob,
                source=source,
                replace=data["replace"],
                body=data.get("body"),
                year=data.get("year"),
                kind=data.get("kind"),
            )
        except IngestError as error:
            raise IngestRefused(error) from error
        report = self.get_queryset().get(pk=result.report.pk)
        context = {**self.get_serializer_context(), "outcome": result.outcome}
        body = serializers.ReportCreatedSerializer(report, context=context).data
        return Response(body, status=status.HTTP_201_CREATED if result.stored else status.HTTP_200_OK)


REPORT_UNREAD = ["report__raw_text", "report__text", "report__provenance", "report__notices"]


# The list's rows are Commitment's; with include=ledger they carry the detail's 台账 fields as well: one schema
# declares those fields, not required (api/schema.py), so that a client generated from it keeps them.
@extend_schema_view(
    retrieve=extend_schema(
        parameters=[ETAG, IF_NONE_MATCH],
        responses={200: serializers.CommitmentDetailSerializer, 304: OpenApiResponse(description="not modified")},
    ),
    list=extend_schema(parameters=[SYNC_SINCE, INCLUDE_LEDGER], responses=serializers.CommitmentLedgerRowSerializer),
)
class CommitmentViewSet(SyncSince, LedgerViewSet, viewsets.ReadOnlyModelViewSet):
    """Commitments: one deliverable each, with its source offsets, status and evidence."""


    filterset_class = CommitmentFilter
    filter_backends = FILTER_BACKENDS
    versioned_actions = ("set_status", "partial_update")
    ordering_fields = ["id", "plan_year", "ordinal", "score", "report"]
    ordering_note = _("score: the best score of a row's evidence, the passages neither rejected nor candidates (null for a "
                      "row with none: first when ascending, last with -score); report: the report's id")
    # The unique (report, ordinal) index serves this order, so a page never sorts the whole ledger.
    ordering = ["report_id", "ordinal"]
    write_permissions = {
        "set_status": ["ledger.change_commitment"],
        "partial_update": ["ledger.change_commitment"],
        "add_progress": ["ledger.change_commitment", "ledger.add_progress"],
        "correct_progress": ["ledger.change_commitment", "ledger.change_progress"],
        "delete_progress": ["ledger.change_commitment", "ledger.delete_progress"],
    }

    def get_queryset(self):
        # A commitment shows its report as id, body, kind and year: the report's texts and JSON stay unread.
        queryset = Commitment.objects.select_related("report__body", "lead_unit").defer(*REPORT_UNREAD)
        if "score" in self.request.query_params.get("ordering", ""):
            # Only when asked for: every page reads the whole filtered ledger's best scores. A subquery, not a join
            # aggregate: counts over the queryset (an export's sheet by lead unit) would count a task once per passage.
            best = (
                Evidence.objects.filter(commitment=OuterRef("pk")).exclude(decision=Decision.REJECTED)
                .exclude(verdict=Verdict.CANDIDATE).order_by("-score").values("score")[:1]
            )
            queryset = queryset.annotate(score=Subquery(best))
        if self.action in ("retrieve", "set_status", "partial_update"):
            queryset = queryset.select_related("status_decided_by").prefetch_related(
                Prefetch("evidence", queryset=Evidence.objects.select_related("decided_by").order_by("-score"), to_attr="all_evidence"),
                Prefetch("partner_links", queryset=PartnerUnit.objects.select_related("unit")),
                Prefetch("progress", queryset=Progress.objects.select_related("author").order_by("-date", "-created_at", "-id")),
            )
        return queryset

    def retrieve(self, request, *args, **kwargs):
        # The record as plain rows by queries compiled once (api/record.py); with query parameters (a filter
        # narrows get_object), an id no database holds, or for the browsable API (its forms read the model
        # instance), the generic path answers.
        pk = positive_int(kwargs.get("pk"))
        if pk is None or request.query_params or request.accepted_renderer.format != "json":
            return self._record_response(self.get_object())
        record = commitment_record(pk)
        if record is None:
            raise Http404
        self.check_object_permissions(request, record)
        return self._record_response(record)

    def _record_response(self, commitment) -> Response:
        """The record, with its ETag: the version of what a status POST and a PATCH write (versions.py). The
        partner units are read already (prefetched, or rows of the record)."""
        partner_ids = [unit.pk for unit in commitment.partners]
        data = serializers.CommitmentDetailSerializer(commitment, context=self.get_serializer_context()).data
        # Tagged as sent: an anonymous reader (LEDGER_PUBLIC_READ) is sent no login names, another representation.
        tag = etag(commitment, partner_ids, data if self.request.user.is_authenticated else without_staff_names(data))
        # A read that has this representation already (If-None-Match, a weak tag matching as its strong one; * any
        # representation) is a 304.
        seen = self.request.headers.get("If-None-Match")
        if self.request.method in ("GET", "HEAD") and seen is not None and (
            seen.strip() == "*" or tag.strip('"') in (if_match_tags(seen) or ())
        ):
            response = Response(status=status.HTTP_304_NOT_MODIFIED)
        else:
            response = Response(data)
        response["ETag"] = tag
        return response

    def _unchanged_since_read(self, commitment, groups: list[str]) -> None:
        """In the transaction that writes: the row read again under lock, and the write refused (412) when the
        request's If-Match names no tag that saw ``groups`` (versions.GROUPS) as they are now."""
        commitment_lock(commitment)
        tags = if_match_tags(self.request.headers.get("If-Match"))
        if tags is None:
            return
        reads = task_reads(tags)
        if not reads:
            raise ChangedSinceRead.not_a_version(gettext("a task"), "commitments/{id}/")
        if not unchanged(reads, commitment, groups):
            raise ChangedSinceRead.task(changer(commitment.pk, groups, reads), asker=self.request.user)

    def list(self, request, *args, **kwargs):
        # The page as plain rows (api/rows.py) and its decisive evidence from one query sent with the rows; a
        # record's comes from its evidence, read whole.
        ledger = self._include() == "ledger"
        columns = [*COMMITMENT_COLUMNS, *LEDGER_COLUMNS] if ledger else COMMITMENT_COLUMNS
        rows = PageRows(self.filter_queryset(self.get_queryset()), columns, alongside=USABLE_EVIDENCE)
        page = self.paginate_queryset(rows)
        listed = with_decisive_evidence(commitment_rows(rows.rows if page is None else page), rows.alongside_rows)
        data = self.get_serializer(with_ledger_columns(listed) if ledger else listed, many=True).data
        return Response(data) if page is None else self.get_paginated_response(data)

    def get_serializer_class(self):
        if self.action == "set_status":
            return serializers.StatusSetSerializer
        if self.action == "partial_update":
            return serializers.CommitmentLedgerSerializer
        if self.action == "add_progress":
            return serializers.ProgressAddSerializer
        if self.action == "list" and self._include() == "ledger":
            return serializers.CommitmentLedgerRowSerializer
        return serializers.CommitmentDetailSerializer if self.action == "retrieve" else serializers.CommitmentSerializer

    def query_params_read(self) -> set[str]:
        return super().query_params_read() | ({"include"} if self.action == "list" else set())

    def _include(self) -> str:
        return included(self.request, "ledger")

    @extend_schema(
        request=serializers.CommitmentLedgerSerializer,
        parameters=[IF_MATCH, ETAG],
        responses={200: serializers.CommitmentDetailSerializer, 412: CHANGED_SINCE_READ},
    )
    def partial_update(self, request, pk=None, version=None):
        """Set the lead unit, the partner units and the deadline (staff); the other fields are not changed here."""
        commitment = self.get_object()
        # One transaction: a unit named for the first time is created while the form is read, and goes
        # again if anything in the request is refused.
        with transaction.atomic():
            form = serializers.CommitmentLedgerSerializer(data=request.data, context={"commitment": commitment})
            form.is_valid(raise_exception=True)
            self._unchanged_since_read(commitment, [name for name in ("lead_unit", "partner_units", "due") if name in form.validated_data])
            try:
                commitment_ledger_update(commitment=commitment, user=request.user, **form.validated_data)
            except DjangoValidationError as error:
                raise ValidationError({"detail": error.messages}, code="invalid") from error
        return self._record_response(self.get_object())

    @extend_schema(request=serializers.ProgressAddSerializer, responses={201: serializers.ProgressSerializer})
    @action(detail=True, methods=["post"], url_path="progress")
    def add_progress(self, request, pk=None, version=None):
        """Add a dated progress entry (进展情况) to the commitment (staff); the date defaults to today."""
        commitment = self.get_object()
        form = serializers.ProgressAddSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            entry = progress_add(
                commitment=commitment, user=request.user, text=form.validated_data["text"], date=form.validated_data.get("date")
            )
        except DjangoValidationError as error:
            raise _api_error(error) from error
        return Response(serializers.ProgressSerializer(entry).data, status=status.HTTP_201_CREATED)

    def _progress_entry(self, entry_pk) -> Progress:
        entry = Progress.objects.filter(pk=positive_int(entry_pk), commitment=self.get_object()).select_related("commitment").first()
        if entry is None:
            raise NotFound(_("The commitment has no progress entry with this id."))
        return entry

    @extend_schema(request=serializers.ProgressCorrectSerializer, responses=serializers.ProgressSerializer)
    @action(detail=True, methods=["patch"], url_path=r"progress/(?P<entry_pk>[0-9]+)")
    def correct_progress(self, request, pk=None, entry_pk=None, version=None):
        """Correct a progress entry's date or text (staff); the history keeps what it said."""
        entry = self._progress_entry(entry_pk)
        form = serializers.ProgressCorrectSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            # A field left out is the entry's as it stands when the change is made (another request may change it).
            progress_update(entry=entry, user=request.user, **form.validated_data)
        except DjangoValidationError as error:
            raise _api_error(error) from error
        entry.refresh_from_db()
        return Response(serializers.ProgressSerializer(entry).data)

    @extend_schema(request=None, responses={204: None})
    @correct_progress.mapping.delete
    def delete_progress(self, request, pk=None, entry_pk=None, version=None):
        """Delete a progress entry entered by mistake (staff); the history keeps it."""
        progress_delete(entry=self._progress_entry(entry_pk), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=serializers.StatusSetSerializer,
        parameters=[IF_MATCH, ETAG],
        responses={
            200: serializers.CommitmentDetailSerializer,
            412: CHANGED_SINCE_READ,
            400: OpenApiResponse(
                serializers.ErrorSerializer,
                description="plan_year_over: in_progress or pending once the next report's review is in (and no later "
                "deadline); what the review says is to be recorded instead",
            ),
        },
    )
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request, pk=None, version=None):
        """Set the status by hand with a note (staff); null hands it back to the machine."""
        commitment = self.get_object()
        form = serializers.StatusSetSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                self._unchanged_since_read(commitment, ["status"])
                services.commitment_set_status(
                    commitment=commitment, status=form.validated_data["status"], user=request.user,
                    note=form.validated_data["note"],
                )
        except DjangoValidationError as error:
            raise _api_error(error) from error
        return self._record_response(self.get_object())

    @extend_schema(
        parameters=[OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=[*exports.FORMATS])],
        responses={(200, media): OpenApiTypes.BINARY for media in exports.FORMATS.values()},
        filters=True,  # the list's filters, search and ordering choose the rows (not a list view to the schema)
    )
    @action(detail=False, methods=["get"], url_path=r"export/(?P<fmt>csv|xlsx)", pagination_class=None)
    def export(self, request, fmt=None, version=None):
        """The filtered commitments as the 台账 (CSV or Excel), header row in Chinese."""
        _only_format(request, fmt)
        # An anonymous reader (LEDGER_PUBLIC_READ) is given no login names, as in the JSON (json_renderer).
        return exports.response(
            self._exported(), fmt, names=request.user.is_authenticated,
            unit=exports.unit_filtered(request.query_params.get("lead_unit")), ordered=self._ordering_asked(),
        )

    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.BINARY}, filters=True)
    @action(detail=False, methods=["get"], url_path="export/data", pagination_class=None)
    def export_data(self, request, version=None):
        """The filtered commitments as a table for analysis (CSV, header first, codes not labels): with who decided
        each status and how sure the machine was, the passage it follows with its offsets, and which follow-up
        judged it (follow_up_term_review: a term-end review read whole). Offsets index the reports' normalised texts."""
        _only_format(request, "csv")
        return data_export.data_csv(self._exported(), ordered=self._ordering_asked())

    def _ordering_asked(self) -> bool:
        """An export keeps its own order (the 台账's: body, year, the report's) unless ?ordering= asks for another."""
        return bool(self.request.query_params.get(api_settings.ORDERING_PARAM, "").strip(", "))

    def perform_content_negotiation(self, request, force=False):
        # An export is a file, not one of the API's renderings: a client asking for that file's type (Accept:
        # text/csv, ?format=xlsx) is served it; the API's first renderer (JSON) stays for an error's body.
        return super().perform_content_negotiation(request, force=force or self._asks_own_file(request))

    def _asks_own_file(self, request) -> bool:
        fmt = {"export": self.kwargs.get("fmt"), "export_data": "csv"}.get(self.action)
        if fmt is None:
            return False
        if request.query_params.get(api_settings.URL_FORMAT_OVERRIDE):
            # ?format= on an export names the export's format or is refused naming it (_only_format), never the
            # API's renderings (json, api), which an export is not.
            return True
        own = exports.FORMATS[fmt].partition(";")[0]
        accepted = (media.partition(";")[0].strip() for media in request.headers.get("Accept", "").split(","))
        return any(media_type_matches(own, media) for media in accepted if media)

    def _exported(self):
        """The filtered commitments, refused past the export's limit."""
        queryset = self.filter_queryset(self.get_queryset())
        if refused := exports.too_many_rows(queryset):
            raise ValidationError({"detail": refused}, code="too_many_rows")
        return queryset


def _only_format(request, fmt: str) -> None:
    """An export is one format: ?format= asking for another (json) is a 406 naming it, not that format's file anyway."""
    asked = request.query_params.get(api_settings.URL_FORMAT_OVERRIDE)
    if asked and asked != fmt:
        raise NotAcceptable(gettext("No format %(format)s here; format is one of: %(choices)s.") % {"format": asked, "choices": fmt})


@extend_schema_view(retrieve=extend_schema(parameters=[PASSAGE_ETAG]))
class EvidenceViewSet(LedgerViewSet, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Passages of follow-up reviews that speak of commitments; staff confirm, reject or add them."""


    queryset = Evidence.objects.select_related("decided_by").order_by("commitment_id", "-score", "start")
    filterset_class = EvidenceFilter
    filter_backends = FILTER_BACKENDS
    versioned_actions = ("confirm", "reject")
    ordering_fields = ["score", "start"]
    write_permissions = {
        "create": ["ledger.change_evidence", "ledger.add_evidence"],
        "confirm": ["ledger.change_evidence"],
        "reject": ["ledger.change_evidence"],
    }

    def get_serializer_class(self):
        if self.action == "create":
            return serializers.EvidenceAddSerializer
        if self.action == "confirm":
            return serializers.ConfirmSerializer
        if self.action == "reject":
            return serializers.DecisionNoteSerializer
        return serializers.EvidenceSerializer

    @extend_schema(
        request=serializers.EvidenceAddSerializer,
        responses={201: serializers.EvidenceSerializer, 200: serializers.EvidenceSerializer},
    )
    def create(self, request, *args, **kwargs):
        """Add evidence by hand: a span of the review of the commitment's follow-up report (201). A span already
        stored for the commitment is that passage, decided again with this verdict (200)."""
        form = serializers.EvidenceAddSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        try:
            evidence, created = services.evidence_add(
                commitment=data["commitment"], start=data["start"], end=data["end"], verdict=data["verdict"],
                user=request.user, note=data.get("note"),
            )
        except DjangoValidationError as error:
            raise ValidationError({"detail": error.messages}, code="invalid_span") from error
        return Response(
            serializers.EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )

    @extend_schema(
        request=serializers.ConfirmSerializer, parameters=[PASSAGE_IF_MATCH, PASSAGE_ETAG],
        responses={200: serializers.EvidenceSerializer, 412: CHANGED_SINCE_READ},
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None, version=None):
        """Confirm that the passage speaks of the commitment (staff), optionally with the verdict staff read in
        it; a candidate passage (verdict candidate) needs one, and then counts as evidence with it."""
        return self._decide(request, Decision.CONFIRMED, serializers.ConfirmSerializer)

    @extend_schema(
        request=serializers.DecisionNoteSerializer, parameters=[PASSAGE_IF_MATCH, PASSAGE_ETAG],
        responses={200: serializers.EvidenceSerializer, 412: CHANGED_SINCE_READ},
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None, version=None):
        """Reject the passage: it does not speak of the commitment, and will not be proposed again (staff)."""
        return self._decide(request, Decision.REJECTED)

    def _decide(self, request, decision, form_class=serializers.DecisionNoteSerializer):
        evidence = self.get_object()
        form = form_class(data=request.data)
        form.is_valid(raise_exception=True)
        tags = if_match_tags(request.headers.get("If-Match"))
        if tags is not None and not any(is_version(tag) for tag in tags):
            raise ChangedSinceRead.not_a_version(gettext("a passage"), f"evidence/{evidence.pk}/")
        try:
            services.evidence_decide(
                evidence=evidence, decision=decision, user=request.user, note=form.validated_data["note"],
                verdict=form.validated_data.get("verdict"), read_versions=tags,
            )
        except PassageChanged as changed:
            if changed.evidence is None and request.headers.get("If-Match") is None:
                raise NotFound(changed.messages[0]) from changed  # taken away by a relink: no passage of this id now
            raise ChangedSinceRead.passage(changed.evidence) from changed
        except DjangoValidationError as error:
            if hasattr(error, "error_dict"):  # a field's (a note too long): said of that field
                raise _api_error(error) from error
            # Else what confirming asks of the verdict (a candidate or a mention confirmed without one).
            raise ValidationError({"verdict": error.messages}, code="verdict_required") from error
        return _passage_response(evidence)

    def retrieve(self, request, *args, **kwargs):
        return _passage_response(self.get_object())


def _passage_response(evidence) -> Response:
    """A passage, with its ETag: the version of the decision on it (versions.py)."""
    response = Response(serializers.EvidenceSerializer(evidence).data)
    response["ETag"] = f'"{evidence_version(evidence)}"'
    return response


class DeletedCommitmentsView(SyncSince, KnownQueryParams, generics.ListAPIView):
    """Commitments taken out since a time — by a replace whose text no longer holds them (a task a later replace
    brings back has a new id), with their report, or by staff (a task they had added) — oldest first: what a mirror
    syncing by updated_since drops (it lists only rows that are there)."""

    serializer_class = serializers.DeletedCommitmentSerializer
    extra_query_params = ("since",)
    filter_backends = []

    @extend_schema(parameters=[OpenApiParameter(
        "since", OpenApiTypes.DATETIME, required=True,
        description=serializers.DeletedQuerySerializer().fields["since"].help_text,
    ), SYNC_SINCE])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = serializers.DeletedQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return (
            Commitment.history.filter(history_type="-", history_date__gte=query.validated_data["since"])
            .only("id", "report_id", "ordinal", "kind", "object", "history_date", "history_change_reason")
            .order_by("history_date", "history_id")
        )


class AccuracyView(KnownQueryParams, APIView):
    """How often the machine's statuses were right, measured end to end on annotated report pairs (`manage.py bench
    linking --record`): the blind group (pairs its rules were never tuned on) and the tuned group, with their counts.
    A rate of machine statuses is only as good as this; the blind figures are what to expect of a new report."""

    # A plain view: no rows of the database to list (the browsable API asked a generic one for its queryset: a 500).
    @extend_schema(responses=serializers.MeasuredGroupSerializer(many=True))
    def get(self, request, version=None):
        measured = accuracy.measured()
        return Response(
            serializers.MeasuredGroupSerializer([measured[g] for g in accuracy.GROUPS if g in measured], many=True).data
        )


class StatsView(KnownQueryParams, generics.GenericAPIView):
    """Follow-through of testable commitments, grouped, for dashboards; takes the commitment filters. Each
    group gives its counts per status, how many of each a person confirmed and how many only the machine
    judged, the rows the machine asks a person to check (needs_review, in no rate of decided rows), the rates
    over the decided rows with how many of them a person confirmed, and the range the rate of all its testable rows
    can still take until every one is decided and confirmed (rate_low, rate_high); and what it adds up:
    with include=pooling, how many bodies and reports, of which kinds, and how many were followed by a term-end
    review read whole."""

    queryset = Commitment.objects.all()
    filterset_class = StatsFilter
    extra_query_params = ("group_by", "include")
    filter_backends = [FilterBackend]  # no ordering: the groups come in their own order
    pagination_class = None
    serializer_class = serializers.StatsRowSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "group_by", serializers.GROUP_BY_SCHEMA, description=serializers.StatsQuerySerializer().fields["group_by"].help_text
            ),
            OpenApiParameter(
                "include", str, enum=["pooling"], description=serializers.StatsQuerySerializer().fields["include"].help_text
            ),
        ],
        responses=serializers.StatsRowSerializer(many=True),
    )
    def get(self, request, version=None):
        query = serializers.StatsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        groups = query.validated_data["group_by"]
        commitments = self.filter_queryset(self.get_queryset())
        grouped = follow_through_by(commitments, groups)
        rows = [{"group": group, **bucket.as_dict()} for group, bucket in grouped]
        if query.validated_data.get("include") == "pooling":  # asked for: it reads the reports too
            for row, pool in zip(rows, pooling(commitments, groups, grouped)):
                row.update(asdict(pool))
        return Response(rows)


def _api_error(error: DjangoValidationError) -> ValidationError:
    """A service's refusal as the API's 400: by field where the service names fields, else as the detail."""
    return ValidationError(
        error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages}, code=getattr(error, "code", None)
    )
