"""The schema of the API: every operation documents the error answers it can give, with the error body."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse

# Every operation: bad parameters or body, not signed in, not allowed, nothing there (an object, a page past
# the last), too many requests. Writes also: a body over the limit. 405 is not listed: an operation documents
# a method its path answers.
ERRORS = {
    "400": "bad parameters or body",
    "401": "not signed in (a read, unless LEDGER_PUBLIC_READ is on; every write)",
    "403": "signed in without the permission (writes are for staff with the model permission)",
    "404": "no such object, or a page past the last",
    "429": "too many requests: throttled",
}
WRITE_ERRORS = {"413": "the body is over the upload limit"}


class LedgerAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        from .serializers import ErrorSerializer

        responses = super()._get_response_bodies(direction)
        errors = {**ERRORS, **(WRITE_ERRORS if self.method in ("POST", "PUT", "PATCH") else {})}
        for code, description in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=description), code, direction=direction
                )
        return responses

    def _map_basic_serializer(self, serializer, direction):
        from .serializers import KnownFields

        from .serializers import CommitmentLedgerRowSerializer

        component = super()._map_basic_serializer(serializer, direction)
        if direction == "request" and isinstance(serializer, KnownFields):
            component["additionalProperties"] = False  # a field the request does not read is a 400 (KnownFields)
        if isinstance(serializer, CommitmentLedgerRowSerializer) and "required" in component:
            # A list row has its 台账 fields with include=ledger only.
            optional = set(CommitmentLedgerRowSerializer.LEDGER_FIELDS)
            component["required"] = [name for name in component["required"] if name not in optional]
        return component


def at_least_one_field(result, generator, request, public):
    """drf-spectacular postprocessing: a PATCH body must name a field (an empty one is a 400 ``empty``)."""
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.startswith("Patched") and component.get("type") == "object":
            component["minProperties"] = 1
    return result


# A query value may hold any character but NUL, which Django's form fields refuse (a 400 naming it).
NO_NUL = "^[^\\x00]*$"


def no_nul_in_query_strings(result, generator, request, public):
    """drf-spectacular postprocessing: a free string query parameter says it holds no NUL character."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                schema = parameter.get("schema", {})
                if parameter.get("in") == "query" and schema.get("type") == "string" and not (
                    schema.keys() & {"pattern", "enum", "format"}
                ):
                    schema["pattern"] = NO_NUL
    return result
