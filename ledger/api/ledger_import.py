"""POST /api/v1/commitments/import/xlsx/: an exported 台账 that staff edited, back into the ledger; POST
/api/v1/commitments/import/{id}/undo/: an import undone as a whole (services/sheet_undo.py).

``?dry_run=true`` answers the plan (every change by row, ID and field) and applies nothing; without it the plan
is applied in one transaction and the answer says what changed. A sheet with errors (an unknown ID, a deadline
or status that is none, a file that is no 台账) is a 400 listing each by row and column, with nothing applied.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import FormParser
from rest_framework.response import Response

from ..models import Body, Report, SheetImport
from ..numbers import MAX_BIGINT
from ..services.sheet_undo import sheet_import_undo, undo_steps
from ..services.ledger_import import ledger_import, sheet_rows_named, sheet_too_large
from .errors import BodyTooLarge
from .parsers import LedgerMultiPartParser
from .permissions import ReadOrStaffWrite
from .preconditions import Preconditions
from .query_params import KnownQueryParams
from .serializers import ErrorSerializer, KnownFields

CHANGE_PERMISSION = "ledger.change_commitment"


class CanChangeCommitments(ReadOrStaffWrite):
    """Staff who may change commitments (the 台账核验 group, superusers)."""

    def has_permission(self, request, view):
        return super().has_permission(request, view) and request.user.has_perm(CHANGE_PERMISSION)


@extend_schema_field(OpenApiTypes.STR)
class AcceptedRowsField(serializers.Field):
    """Row numbers as ?accept=5,7."""

    def get_value(self, dictionary):
        values = dictionary.getlist(self.field_name) if hasattr(dictionary, "getlist") else [dictionary.get(self.field_name, "")]
        # An empty value is no value, as for every parameter.
        return values if any(str(value).strip() for value in values) else serializers.empty

    def to_internal_value(self, data):
        values = data if isinstance(data, list) else [data]
        rows = sheet_rows_named(values)
        if rows is None:
            raise ValidationError(_("Write the numbers of the sheet's rows, separated by commas: 5,7."))
        return rows

    def to_representation(self, value):
        return ",".join(map(str, sorted(value)))


class SheetImportQuerySerializer(serializers.Serializer):
    dry_run = serializers.BooleanField(default=False, help_text=_("true: answer the plan and apply nothing"))
    body = serializers.PrimaryKeyRelatedField(
        queryset=Body.objects.all(), required=False, help_text=_("only rows of this body (its id) may be in the sheet")
    )
    report = serializers.PrimaryKeyRelatedField(
        queryset=Report.objects.all(), required=False,
        help_text=_(
            "for a 台账 kept by hand without the ID column: the report (its id) whose tasks its rows are; each row is "
            "matched to a task by the words of its task column (matches), a row matched to none is left out (notices)"
        ),
    )
    accept = AcceptedRowsField(
        required=False,
        help_text=_(
            "with ?report=: the rows (their numbers, comma-separated: 5,7) whose suggested task you accept, from a dry "
            "run's “suggested”; they are planned and applied with the rows matched by their words"
        ),
    )

    def validate(self, attrs):
        if attrs.get("accept") and not attrs.get("report"):
            raise ValidationError({"accept": [_(
                "Rows are accepted only in a 台账 kept by hand, matched to the tasks of a report: add ?report=."
            )]})
        return attrs


class SheetUploadSerializer(KnownFields, serializers.Serializer):
    file = serializers.FileField(help_text=_("the 台账 as the export wrote it (.xlsx, or .csv), edited by staff"))

    def unknown_message(self, name: str) -> str:
        if name in SheetImportQuerySerializer().fields:
            # dry_run in the body was ignored and the sheet applied.
            return _("%(field)s goes in the query string (?%(field)s=…), not in the body; nothing was imported.") % {"field": name}
        return super().unknown_message(name)


class SheetChangeSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text=_("the row of the sheet"))
    id = serializers.IntegerField(help_text=_("the commitment's id (the ID column)"))
    field = serializers.ChoiceField(
        choices=["lead_unit", "partner_units", "due", "status", "status_note", "progress"],
        help_text=_("what changes; progress: a new entry (old empty) or an entry corrected (old: the entry as it reads now)"),
    )
    column = serializers.CharField(help_text=_("the column's heading"))
    old = serializers.CharField(allow_blank=True)
    new = serializers.CharField(allow_blank=True)
    note = serializers.CharField(allow_blank=True, help_text=_("e.g. that a unit is new"))


class SheetErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True, help_text=_("the row of the sheet; null for the file as a whole"))
    column = serializers.CharField(allow_blank=True)
    message = serializers.CharField()


class SheetReportSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("the report's id"))
    report = serializers.CharField(help_text=_("the report as the ledger names it: body, year, kind"))
    rows = serializers.IntegerField(help_text=_("how many of the sheet's rows are its tasks"))


class _RowTaskSerializer(serializers.Serializer):
    """A row of a sheet kept by hand beside a task of the report."""

    row = serializers.IntegerField(help_text=_("the row of the sheet"))
    text = serializers.CharField(help_text=_("the row's task as the sheet writes it"))
    task = serializers.CharField(help_text=_("that commitment's task"))
    ordinal = serializers.IntegerField(help_text=_("its place in its report"))


class SheetMatchSerializer(_RowTaskSerializer):
    id = serializers.IntegerField(help_text=_("the commitment it was matched to"))
    score = serializers.FloatField(
        help_text=_("how alike the two are (Dice of character bigrams weighted by how few tasks write each, 0–1)")
    )
    also = serializers.ListField(
        child=serializers.IntegerField(),
        help_text=_("other tasks (their places in the report) the row is as much like that no row took: not carried over to"),
    )
    accepted = serializers.BooleanField(help_text=_("matched because a person accepted the task suggested (?accept=)"))


class SheetSuggestionSerializer(_RowTaskSerializer):
    """A row left out, with the task suggested for it: ?accept= its row to carry it over to the task."""

    id = serializers.IntegerField(help_text=_("the commitment suggested: the row's closest task, which no other row took"))
    score = serializers.FloatField(help_text=_("how alike the two are; below the line a match is made at"))


class SheetPlanSerializer(serializers.Serializer):
    applied = serializers.BooleanField(help_text=_("false for a dry run"))
    rows = serializers.IntegerField(help_text=_("data rows read"))
    changed_rows = serializers.IntegerField(help_text=_("rows that change something"))
    changes = SheetChangeSerializer(many=True)
    errors = SheetErrorSerializer(many=True, help_text=_("empty here: a sheet with errors is a 400"))
    notices = SheetErrorSerializer(
        many=True, help_text=_("what the sheet says that the import leaves as it is (a progress line taken out deletes nothing)")
    )
    matches = SheetMatchSerializer(
        many=True, help_text=_("a sheet kept by hand, without the ID column (?report=): how each row was matched to a task")
    )
    suggested = SheetSuggestionSerializer(
        many=True, help_text=_("a sheet kept by hand: rows left out with a task suggested, for a person to accept (?accept=)")
    )
    reports = SheetReportSerializer(
        many=True, help_text=_("the reports whose tasks the sheet's rows are, most rows first: a sheet of another year shows here")
    )
    import_id = serializers.IntegerField(
        allow_null=True,
        help_text=_("the import applied, to undo as a whole (commitments/import/{id}/undo/); null for a dry run or no change"),
    )
    exported_at = serializers.DateTimeField(
        allow_null=True,
        help_text=_(
            "when the ledger wrote the sheet: a cell that still says what the ledger held then changes nothing that "
            "changed since. Null: the sheet does not say (a copy from before the export wrote its time, or a sheet the ledger did not write), and every "
            "cell that differs from the ledger is taken as a change, also where the ledger changed after the copy was "
            "made: if the copy is old, export the 台账 again and make the changes in the new one"
        ),
    )


class SheetImportView(Preconditions, KnownQueryParams, generics.GenericAPIView):
    """Import an edited 台账 sheet: rows matched by the ID column (or, for a 台账 kept by hand without it, by the words of
    their task column against the tasks of ?report=); only the staff columns are taken (lead and
    partner units, deadline, status with its note, new progress lines); a row that says what the ledger says
    changes nothing. Errors are a 400 whose detail lists each by row (`detail.errors`), nothing applied."""

    permission_classes = [CanChangeCommitments]
    parser_classes = [LedgerMultiPartParser, FormParser]
    serializer_class = SheetUploadSerializer
    pagination_class = None
    extra_query_params = ("dry_run", "body", "report", "accept")

    @extend_schema(
        parameters=[SheetImportQuerySerializer],
        request={"multipart/form-data": SheetUploadSerializer},
        responses={
            200: SheetPlanSerializer,
            400: OpenApiResponse(
                ErrorSerializer,
                description="bad parameters, no file, or a sheet with errors: detail.errors lists them by row and column",
            ),
            413: OpenApiResponse(ErrorSerializer, description="larger than LEDGER_MAX_SHEET_BYTES"),
        },
    )
    def post(self, request, version=None):
        if request.query_params.get("dry_run") == "":
            # Elsewhere an empty value is no value; here no value means apply, which an empty one must not.
            raise ValidationError({"dry_run": [_("Write true or false: an empty value does not say whether to apply.")]})
        query = SheetImportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        upload = request.FILES.get("file")
        if upload is not None and (too_large := sheet_too_large(upload.size)):
            raise BodyTooLarge(too_large)
        form = SheetUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        plan = ledger_import(
            upload.read(), name=upload.name or "", user=request.user, body=query.validated_data.get("body"),
            report=query.validated_data.get("report"), dry_run=query.validated_data["dry_run"],
            accept=query.validated_data.get("accept", set()),
        )
        body = plan.as_dict()
        if plan.errors:
            first = plan.errors[0]
            message = _("Row %(row)d: %(message)s") % {"row": first.row, "message": first.message} if first.row else first.message
            error = {"status": 400, "code": "invalid_sheet", "message": message, "detail": {"errors": body["errors"]}}
            return Response({"error": error}, status=status.HTTP_400_BAD_REQUEST)
        return Response(SheetPlanSerializer(body).data)


class UndoStepSerializer(serializers.Serializer):
    commitment = serializers.IntegerField(allow_null=True, help_text=_("the task's id (null: a unit or a name the import added)"))
    task = serializers.CharField()
    column = serializers.ChoiceField(
        choices=["task", "units", "due", "status", "progress"], help_text=_("what goes back: its code")
    )
    column_label = serializers.CharField(help_text=_("what goes back, as the admin names it"))
    undone = serializers.BooleanField(help_text=_("false: kept as it is, and why"))
    why = serializers.CharField(help_text=_("what it goes back to, or why it is kept"))


class SheetUndoSerializer(serializers.Serializer):
    import_id = serializers.IntegerField()
    applied = serializers.BooleanField(help_text=_("false for a dry run"))
    steps = UndoStepSerializer(many=True)


class SheetUndoQuerySerializer(serializers.Serializer):
    dry_run = serializers.BooleanField(default=False, help_text=_("true: say what the undo would do and do nothing"))


class SheetUndoView(Preconditions, KnownQueryParams, generics.GenericAPIView):
    """Undo an import of the 台账 as a whole (its id is the import's `import_id`): every column it changed that no one
    changed since gets the value it had before, the progress lines it added go, those it corrected say again what they
    said, the units it created go where no task has them; what is kept is listed with why. An import undone already is
    a 400 `undone_already`."""

    permission_classes = [CanChangeCommitments]
    serializer_class = SheetUndoSerializer
    pagination_class = None
    extra_query_params = ("dry_run",)

    @extend_schema(
        parameters=[SheetUndoQuerySerializer], request=None,
        responses={200: SheetUndoSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    def post(self, request, pk, version=None):
        if any(not value.strip() for value in request.query_params.getlist("dry_run")):
            # Elsewhere an empty value is no value; here no value means undo, which an empty one must not.
            raise ValidationError({"dry_run": [_("Write true or false: an empty value does not say whether to apply.")]})
        query = SheetUndoQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        record = SheetImport.objects.filter(pk=pk).first() if pk <= MAX_BIGINT else None
        if record is None:
            raise NotFound(_("There is no import with this id."))
        if record.undone_at is not None:
            raise ValidationError(
                {"import": [_("This import was undone already.")]}, code="undone_already"
            )
        dry_run = query.validated_data["dry_run"]
        try:
            steps = undo_steps(record) if dry_run else sheet_import_undo(record=record, user=request.user)
        except DjangoValidationError as error:
            raise ValidationError({"import": error.messages}, code="undone_already") from error
        body = {
            "import_id": record.pk, "applied": not dry_run,
            "steps": [
                {"commitment": step.commitment_id or None, "task": step.task, "column": step.what,
                 "column_label": step.label, "undone": step.undone, "why": step.why}
                for step in steps
            ],
        }
        return Response(SheetUndoSerializer(body).data)
