"""Bodies over the limit: 413 with the API's JSON error body on every API door, a Chinese error in the
admin, never Django's HTML 400; a report within LEDGER_MAX_REPORT_BYTES gets through however it is escaped."""

import json
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import RequestDataTooBig
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse
from rest_framework.test import APIClient

from ledger.api.errors import exception_handler
from ledger.models import Commitment, Evidence, Report
from ledger.numbers import megabytes, over_limit

from .conftest import seed_bytes

pytestmark = pytest.mark.django_db
API = "/api/v1"



def _escaped_json(payload: dict) -> bytes:
    """JSON as a client that escapes every non-ASCII character (\\uXXXX) sends it."""
    return json.dumps(payload, ensure_ascii=True).encode("ascii")


def _assert_413_json(response, *words):
    assert response.status_code == 413, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert (error["status"], error["code"]) == (413, "too_large")
    for word in words:
        assert word in error["message"]
    return error


def test_the_raw_limit_lets_a_report_at_the_limit_through_escaped_as_u_escapes():
    limit = django_settings.LEDGER_MAX_REPORT_BYTES
    # The worst case: every character escaped as \uXXXX (6 bytes), each 1 to 3 bytes of UTF-8.
    assert django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE >= 6 * limit + 1024


def test_escaped_json_text_just_over_the_report_limit_reaches_the_pipeline_and_is_413(api):
    """A \\u-escaped JSON text of 5 MiB + 1 byte of UTF-8 is a body of about 10 MiB: it passes the raw limit
    and is refused by the pipeline's own check, with its message (the size of the text, and the limit)."""
    limit = django_settings.LEDGER_MAX_REPORT_BYTES
    text = "恒" * (limit // 3) + "x" * (limit % 3 + 1)
    body = _escaped_json({"text": text})
    assert len(body) > 1.9 * limit
    response = api.post(f"{API}/reports/", data=body, content_type="application/json")
    _assert_413_json(response, over_limit(limit + 1, limit)["size"])
    assert not Report.objects.exists()


def test_escaped_json_text_within_the_limit_is_ingested(api):
    text = seed_bytes("003").decode("utf-8")
    body = _escaped_json({"text": text})
    assert len(body) > 1.9 * len(text.encode("utf-8"))
    response = api.post(f"{API}/reports/", data=body, content_type="application/json")
    assert response.status_code == 201, response.content[:300]


@pytest.mark.parametrize("door", ["json", "form", "multipart"])
def test_report_body_over_the_raw_limit_is_a_json_413(api, settings, door):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 20_000
    text = "恒" * 10_000
    if door == "json":
        response = api.post(f"{API}/reports/", data=_escaped_json({"text": text}), content_type="application/json")
    elif door == "form":
        response = api.post(
            f"{API}/reports/", data=urlencode({"text": text}), content_type="application/x-www-form-urlencoded"
        )
    else:
        response = api.post(
            f"{API}/reports/", data=encode_multipart(BOUNDARY, {"text": text}), content_type=MULTIPART_CONTENT
        )
    _assert_413_json(response, megabytes(20_000))
    assert not Report.objects.exists()


def test_chinese_message_when_the_client_asks_for_chinese(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api.post(
        f"{API}/reports/", data=_escaped_json({"text": "恒" * 1000}), content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    message = _assert_413_json(response)["message"]
    # The limit a person knows is said too: the body's own sits above the report's only to let every report through.
    assert "超过了 1 KB 的上限" in message and f"报告文件最大为 {megabytes(settings.LEDGER_MAX_REPORT_BYTES)}" in message


def test_every_writing_door_answers_413_json(api, seed_ledger, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 5000
    commitment = seed_ledger.commitments.filter(testable=True).first()
    evidence = Evidence.objects.filter(commitment__report=seed_ledger).first()
    note = "备注" * 5000
    for url, payload in [
        (f"{API}/commitments/{commitment.pk}/status/", {"status": "fulfilled", "note": note}),
        (f"{API}/evidence/", {"commitment": commitment.pk, "start": 0, "end": 5, "verdict": "partial", "note": note}),
        (f"{API}/evidence/{evidence.pk}/confirm/", {"note": note}),
        (f"{API}/evidence/{evidence.pk}/reject/", {"note": note}),
    ]:
        for data, content_type in [
            (_escaped_json(payload), "application/json"),
            (urlencode(payload), "application/x-www-form-urlencoded"),
            (encode_multipart(BOUNDARY, payload), MULTIPART_CONTENT),
        ]:
            _assert_413_json(api.post(url, data=data, content_type=content_type))
    assert Commitment.objects.get(pk=commitment.pk).status == commitment.status


def test_anonymous_and_token_clients_get_the_json_413_too(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = APIClient().post(f"{API}/reports/", data=_escaped_json({"text": "恒" * 1000}), content_type="application/json")
    _assert_413_json(response)


def test_django_refusing_a_body_inside_a_view_is_the_json_413():
    """Belt and braces: RequestDataTooBig raised while DRF parses (no middleware in the way) is the 413 too."""
    response = exception_handler(RequestDataTooBig("too big"), {})
    assert response.status_code == 413
    assert response.data["error"]["code"] == "too_large"


# The admin


def test_admin_paste_over_the_report_limit_is_a_chinese_form_error(client, boss, settings):
    settings.LEDGER_MAX_REPORT_BYTES = 1000
    client.force_login(boss)
    response = client.post(reverse("admin:ledger_report_add"), {"text": seed_bytes("003").decode("utf-8")})
    assert response.status_code == 200
    page = response.content.decode()
    assert "超过了 1 KB 的上限" in page and "errornote" in page
    assert not Report.objects.exists()


@pytest.mark.parametrize("multipart", [True, False])
def test_admin_paste_over_the_raw_limit_is_a_chinese_413_page_not_a_crash(client, boss, settings, multipart):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 20_000
    client.force_login(boss)
    text = "恒" * 20_000
    if multipart:
        response = client.post(reverse("admin:ledger_report_add"), {"text": text})
    else:
        response = client.post(
            reverse("admin:ledger_report_add"), data=urlencode({"text": text}),
            content_type="application/x-www-form-urlencoded",
        )
    assert response.status_code == 413
    page = response.content.decode()
    assert "KB" in page and "超过" in page and "未保存" in page
    assert not Report.objects.exists()


def test_sizes_are_said_so_that_a_size_over_a_limit_never_reads_as_the_limit():
    assert megabytes(5 * 1024 * 1024) == "5 MB" and megabytes(9_238_048) == "8.8 MB"
    assert over_limit(10_001, 10_000) == {"size": "9.767 KB", "limit": "9.766 KB"}
    assert over_limit(5 * 1024 * 1024 + 1, 5 * 1024 * 1024)["limit"] == "5 MB"


def test_a_content_length_too_large_for_a_float_is_a_413(api):
    """A header of 1 followed by 400 zeros overflowed the size's conversion to MB: a 500."""
    response = api.post(f"{API}/reports/", data=b"{}", content_type="application/json", CONTENT_LENGTH="1" + "0" * 400)
    assert response.status_code == 413
