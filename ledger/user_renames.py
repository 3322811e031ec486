"""A login renamed or deleted changes the rows that name it (who set a status, wrote a progress entry, decided a passage),
though no record of those rows does: their reports are marked changed, so that a sync by updated_since gets them."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save, pre_delete, pre_save

from .models import Commitment, Evidence, Progress, Report


def _name_before(sender, instance, update_fields=None, **kwargs) -> None:
    # A login's own save (last_login) names its fields: no query for it.
    named = update_fields is None or sender.USERNAME_FIELD in update_fields
    instance._name_before = (
        sender.objects.filter(pk=instance.pk).values_list(sender.USERNAME_FIELD, flat=True).first()
        if instance.pk and named else None
    )


def _rows_naming_renamed(sender, instance, created, **kwargs) -> None:
    before = getattr(instance, "_name_before", None)
    if not created and before is not None and before != instance.get_username():
        _rows_naming(instance)


def _rows_naming_deleted(sender, instance, **kwargs) -> None:
    _rows_naming(instance)  # who decided becomes none (SET_NULL), no record of the rows saying so


def _rows_naming(user) -> None:
    reports = (
        set(Commitment.objects.filter(status_decided_by=user).values_list("report_id", flat=True).distinct())
        | set(Progress.objects.filter(author=user).values_list("commitment__report_id", flat=True).distinct())
        | set(Evidence.objects.filter(decided_by=user).values_list("commitment__report_id", flat=True).distinct())
    )
    if reports:
        Report.objects.rows_changed(pk__in=reports)


def connect() -> None:
    user = get_user_model()
    pre_save.connect(_name_before, sender=user, dispatch_uid="ledger.user_renames.before")
    post_save.connect(_rows_naming_renamed, sender=user, dispatch_uid="ledger.user_renames.after")
    pre_delete.connect(_rows_naming_deleted, sender=user, dispatch_uid="ledger.user_renames.deleted")
