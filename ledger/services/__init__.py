"""The only place that writes to the ledger. Every write is one transaction; commands, the admin and
the API call these and nothing else."""

from .bodies import body_get_or_create, body_save, former_name_problem
from .decisions import (
    commitment_lock,
    commitment_set_status,
    commitment_status_refresh,
    commitments_set_status,
    evidence_add,
    evidence_confirm_shown,
    evidence_decide,
)
from .carry import ReplaceResult, kept_reattach, pending_kept
from .ingest import CREATED, REPLACED, UNCHANGED, IngestResult, file_read, report_ingest, upload_read
from .linking import RelinkResult, commitments_link, commitments_relink, report_delete, report_relink, reports_relink
from .synthetic import synthetic_reports_create

__all__ = [
    "CREATED",
    "REPLACED",
    "UNCHANGED",
    "IngestResult",
    "RelinkResult",
    "ReplaceResult",
    "body_get_or_create",
    "former_name_problem",
    "body_save",
    "commitment_lock",
    "commitment_set_status",
    "commitment_status_refresh",
    "commitments_link",
    "commitments_relink",
    "commitments_set_status",
    "evidence_add",
    "evidence_confirm_shown",
    "kept_reattach",
    "pending_kept",
    "evidence_decide",
    "report_delete",
    "file_read",
    "report_ingest",
    "report_relink",
    "reports_relink",
    "synthetic_reports_create",
    "upload_read",
]
