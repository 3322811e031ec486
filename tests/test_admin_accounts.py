"""Staff accounts and groups: the permission chooser offers the ledger's rights, named in Chinese, and saving a
form keeps a right it does not show."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from ledger.management.commands.bootstrap import ensure_groups

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("boss", "boss@example.org", "pw"))
    return client


def _options(html: str, field: str) -> dict[str, str]:
    select = re.search(rf'<select name="{field}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return {label: value for value, label in re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', select)}


def test_group_permissions_are_the_ledgers_named_in_chinese(admin_client_):
    page = admin_client_.get(reverse("admin:auth_group_add")).content.decode()
    options = _options(page, "permissions")
    assert "工作任务 | 可以修改" in options and "依据 | 可以修改" in options and "用户 | 可以添加" in options
    assert not any("Can " in label or "historical" in label.lower() for label in options)
    # Nobody is granted the history tables, the API's request counts or the framework's own tables.
    change_commitment = Permission.objects.get(codename="change_commitment")
    assert options["工作任务 | 可以修改"] == str(change_commitment.pk)
    assert not any(label.startswith(("API 请求计数", "会话", "内容类型")) for label in options)


def test_saving_a_group_keeps_a_right_the_chooser_does_not_show(admin_client_):
    ensure_groups()
    group = Group.objects.get(name="台账核验")
    hidden = Permission.objects.get(codename="view_session")
    group.permissions.add(hidden)
    held = set(group.permissions.values_list("pk", flat=True))
    page = admin_client_.get(reverse("admin:auth_group_change", args=[group.pk])).content.decode()
    options = _options(page, "permissions")
    assert str(hidden.pk) in options.values()  # shown because the group holds it, so the form cannot drop it
    response = admin_client_.post(
        reverse("admin:auth_group_change", args=[group.pk]),
        {"name": group.name, "permissions": sorted(held)},
    )
    assert response.status_code == 302
    assert set(group.permissions.values_list("pk", flat=True)) == held


def test_user_page_names_rights_in_chinese(admin_client_, django_user_model):
    user = django_user_model.objects.create_user("clerk", password="a-long-password-1", is_staff=True)
    page = admin_client_.get(reverse("admin:auth_user_change", args=[user.pk])).content.decode()
    options = _options(page, "user_permissions")
    assert "进展情况 | 可以添加" in options and not any("Can " in label for label in options)
    password = admin_client_.get(reverse("admin:auth_user_password_change", args=[user.pk])).content.decode()
    assert "如果禁用，该用户当前的密码将会丢失。" in password
    assert "If disabled" not in password


def test_the_ledgers_rights_come_before_the_accounts(admin_client_):
    labels = list(_options(admin_client_.get(reverse("admin:auth_group_add")).content.decode(), "permissions"))
    assert labels.index("工作任务 | 可以修改") < labels.index("用户 | 可以添加")


def test_an_existing_editors_group_is_given_the_rights_to_correct_progress():
    """bootstrap runs once in production: its 台账核验 group would never get rights added later."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("ledger.migrations.0011_editors_correct_progress")
    editors = Group.objects.create(name="台账核验")
    editors.permissions.add(Permission.objects.get(codename="add_progress"))
    migration.grant(apps, None)
    assert set(editors.permissions.values_list("codename", flat=True)) == {"add_progress", "change_progress", "delete_progress"}
    ensure_groups()  # and bootstrap gives the same
    assert {"change_progress", "delete_progress"} <= set(Group.objects.get(name="台账核验").permissions.values_list("codename", flat=True))
