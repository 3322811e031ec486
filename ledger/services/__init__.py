"""The only place that writes to the ledger. Every write is one transaction; commands, the admin and
the API call these and nothing else."""

from .decisions import commitment_set_status, commitment_status_refresh, evidence_add, evidence_decide
from .ingest import CREATED, REPLACED, UNCHANGED, body_get_or_create, report_ingest
from .linking import RelinkResult, commitments_relink, report_relink

__all__ = [
    "CREATED",
    "REPLACED",
    "UNCHANGED",
    "RelinkResult",
    "body_get_or_create",
    "commitment_set_status",
    "commitment_status_refresh",
    "commitments_relink",
    "evidence_add",
    "evidence_decide",
    "report_ingest",
    "report_relink",
]
