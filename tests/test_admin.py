"""Open every admin page: Django ignores a misspelt admin option silently, a request does not."""

import pytest
from django.contrib import admin
from django.urls import reverse

from ledger.models import Body, Commitment, Report, Section

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, django_user_model, seeded):
    user = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", [Body, Report, Section, Commitment])
def test_changelist_and_change_pages_open(staff_client, model):
    opts = model._meta
    response = staff_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert response.status_code == 200
    for obj in model.objects.all()[:10]:
        response = staff_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
        assert response.status_code == 200


def test_admin_is_in_chinese_and_shows_the_seeds(staff_client):
    response = staff_client.get(reverse("admin:ledger_report_changelist"))
    content = response.content.decode()
    assert "重庆市大足区人大常委会" in content
    assert "工作报告" in content
    assert "报告" in content and "年份" in content


def test_report_page_shows_sections_and_provenance(staff_client):
    report = Report.objects.get(body__name="重庆市大足区人大常委会")
    content = staff_client.get(reverse("admin:ledger_report_change", args=[report.pk])).content.decode()
    assert "今后一年工作任务" in content
    assert "manifest" in content


def test_section_page_shows_its_text_and_parts(staff_client):
    section = Section.objects.get(report__body__name="重庆市大足区人大常委会", kind="tasks")
    content = staff_client.get(reverse("admin:ledger_section_change", args=[section.pk])).content.decode()
    assert "在深学笃用党的创新理论中坚定正确政治方向" in content


def test_every_ledger_model_is_registered():
    assert {Body, Report, Section, Commitment} <= set(admin.site._registry)


def test_commitment_list_per_report(staff_client):
    report = Report.objects.get(body__name="重庆市大足区人大常委会")
    url = reverse("admin:ledger_commitment_changelist") + f"?report__id__exact={report.pk}"
    content = staff_client.get(url).content.decode()
    assert report.commitments.exists()
    first = report.commitments.order_by("ordinal").first()
    assert first.text[:20] in content
