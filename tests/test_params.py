"""Every query parameter is validated: a bad one is a 400 with the API's error body, never ignored in
silence nor a 500; every admin changelist and export URL with a bad filter goes where the changelist
sends it (?e=1), never a 500."""

import pytest
from django.test import override_settings
from django.urls import reverse

from .conftest import DATA

pytestmark = pytest.mark.django_db
API = "/api/v1"



@pytest.mark.parametrize(
    ("query", "param", "code"),
    [
        # bad enum
        ("bodies/?level=planet", "level", "invalid_choice"),
        ("commitments/?status=done", "status", "invalid_choice"),
        ("commitments/?kind=x", "kind", "invalid_choice"),
        ("evidence/?verdict=x", "verdict", "invalid_choice"),
        ("evidence/?origin=x", "origin", "invalid_choice"),
        ("stats/?group_by=colour", "group_by", "invalid_group"),
        ("reports/?kind=x", "kind", "invalid_choice"),
        # bad int, out of range
        ("reports/?year=abc", "year", "invalid"),
        ("commitments/?plan_year_min=abc", "plan_year_min", "invalid"),
        ("commitments/?plan_year=99999", "plan_year", "max_value"),
        ("reports/?year_min=-1", "year_min", "min_value"),
        ("evidence/?commitment=99999999999999999999999", "commitment", "max_value"),
        ("evidence/?report=-9223372036854775809", "report", "min_value"),
        ("evidence/?commitment=abc", "commitment", "invalid"),
        ("evidence/?report=0", "report", "min_value"),  # as commitments/?report=0 (it was an empty page)
        ("bodies/?parent=abc", "parent", "invalid"),
        ("bodies/?parent=0", "parent", "min_value"),
        ("commitments/?report=99999999999999999999999", "report", "max_value"),
        # bad boolean
        ("commitments/?testable=maybe", "testable", "invalid"),
        ("commitments/?has_evidence=2", "has_evidence", "invalid"),
        ("commitments/?decided=x", "decided", "invalid"),
        ("stats/?testable=maybe", "testable", "invalid"),
        ("commitments/export/csv/?testable=maybe", "testable", "invalid"),
        # unknown ordering field
        ("bodies/?ordering=foo", "ordering", "invalid_ordering"),
        ("reports/?ordering=text", "ordering", "invalid_ordering"),
        ("commitments/?ordering=-plan_year,text", "ordering", "invalid_ordering"),
        ("evidence/?ordering=text", "ordering", "invalid_ordering"),
        ("commitments/export/xlsx/?ordering=foo", "ordering", "invalid_ordering"),
        # malformed as the schema's pattern says (--id and id, were read as id)
        ("commitments/?ordering=--id", "ordering", "invalid_ordering"),
        ("commitments/?ordering=id,", "ordering", "invalid_ordering"),
        ("commitments/?ordering=plan_year,,id", "ordering", "invalid_ordering"),
        ("stats/?group_by=body,,year", "group_by", "invalid_group"),
        # page_size out of range, bad page
        ("reports/?page_size=0", "page_size", "invalid_page_size"),
        ("commitments/?page_size=201", "page_size", "invalid_page_size"),
        ("commitments/?page_size=-1", "page_size", "invalid_page_size"),
        ("bodies/?page_size=abc", "page_size", "invalid_page_size"),
        ("evidence/?page=abc", "page", "invalid_page"),
        ("reports/?page=0", "page", "invalid_page"),
        # the 台账 filters: unit ids, booleans, dates
        ("commitments/?lead_unit=abc", "lead_unit", "invalid"),
        ("commitments/?lead_unit=0", "lead_unit", "min_value"),
        ("commitments/?unit=99999999999999999999999", "unit", "max_value"),
        ("commitments/?unit=1;DROP", "unit", "invalid"),
        ("commitments/?overdue=maybe", "overdue", "invalid"),
        ("commitments/?due_soon=2", "due_soon", "invalid"),
        ("commitments/?due_before=2024-13-01", "due_before", "invalid"),
        ("commitments/?due_after=年底前", "due_after", "invalid"),
        ("commitments/?due_after=99999-01-01", "due_after", "invalid"),
        ("stats/?overdue=x", "overdue", "invalid"),
        ("stats/?group_by=lead_unit,colour", "group_by", "invalid_group"),
        # A grouping named twice gave each row twice over (body,body).
        ("stats/?group_by=body,year,body", "group_by", "invalid_group"),
        ("commitments/export/xlsx/?due_before=x", "due_before", "invalid"),
        ("units/?body=abc", "body", "invalid"),
        ("units/?body=-1", "body", "min_value"),
        ("units/?ordering=body", "ordering", "invalid_ordering"),
        ("units/?page_size=0", "page_size", "invalid_page_size"),
        # include has one value
        ("reports/{report}/?include=everything", "include", "invalid_include"),
        ("commitments/?updated_since=yesterday", "updated_since", "invalid"),
        # ids in ASCII digits, as in a path (they were read: １２, +5, 5.0)
        ("commitments/?body=%EF%BC%91%EF%BC%92", "body", "invalid"),
        ("commitments/?id_after=%2B5", "id_after", "invalid"),
        ("commitments/?lead_unit=5.0", "lead_unit", "invalid"),
    ],
)
def test_bad_query_parameter_is_a_400_with_the_error_body(api, seed_ledger, query, param, code):
    response = api.get(f"{API}/" + query.format(report=seed_ledger.pk))
    assert response.status_code == 400, response.content[:300]
    error = response.json()["error"]
    assert error["status"] == 400
    assert error["code"] == code
    assert param in error["detail"]
    assert error["message"]


def test_error_messages_are_in_chinese_for_chinese_clients(api, seed_ledger):
    for query in ("commitments/?ordering=text", "commitments/?page_size=500", "commitments/?testable=maybe", "bodies/?page=x"):
        message = api.get(f"{API}/{query}", HTTP_ACCEPT_LANGUAGE="zh-hans").json()["error"]["message"]
        assert any("\u4e00" <= ch <= "\u9fff" for ch in message), (query, message)


@pytest.mark.parametrize(
    "query",
    [
        "commitments/?testable=true", "commitments/?testable=False", "commitments/?testable=1", "commitments/?testable=0",
        "commitments/?has_evidence=yes", "commitments/?decided=no", "commitments/?ordering=-plan_year,ordinal",
        "commitments/?ordering=-score", "commitments/?page_size=200", "commitments/?page_size=1&page=2",
        "commitments/?page=last", "reports/?ordering=-year", "evidence/?ordering=-score", "bodies/?ordering=name",
        "stats/?testable=true", "reports/{report}/?include=text", "commitments/?page_size=",
        "commitments/?lead_unit=4242", "commitments/?unit=1", "commitments/?overdue=true", "commitments/?due_soon=false",
        "commitments/?due_before=2024-06-30&due_after=2024-01-01", "stats/?group_by=lead_unit,overdue",
        "stats/?group_by=body,lead_unit&overdue=true", "units/?body=1&name=委员会&ordering=-name",
    ],
)
def test_good_query_parameters_still_work(api, seed_ledger, query):
    assert api.get(f"{API}/" + query.format(report=seed_ledger.pk)).status_code == 200


def test_booleans_filter_as_they_say(api, seed_ledger):
    def count(query):
        return api.get(f"{API}/commitments/?{query}").json()["count"]

    everything = count("")
    assert count("testable=true") + count("testable=false") == everything
    assert count("testable=1") == count("testable=true") < everything


def test_page_size_is_obeyed_and_a_page_past_the_last_is_a_404(api, seed_ledger):
    assert len(api.get(f"{API}/commitments/?page_size=7").json()["results"]) == 7
    assert api.get(f"{API}/commitments/?page=100000").status_code == 404


# The admin

BAD_FILTERS = [
    "plan_year=abc", "foo=1", "report=99999999999999999999999", "body=99999999999999999999999",
    "report__id__exact=abc", "testable__exact=maybe",
]


@pytest.mark.parametrize("query", BAD_FILTERS)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_admin_export_with_a_bad_filter_goes_to_the_changelist_with_e1(client, boss, seed_ledger, query, fmt):
    client.force_login(boss)
    response = client.get(reverse("admin:ledger_commitment_export", args=[fmt]) + "?" + query)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:ledger_commitment_changelist") + "?e=1"
    page = client.get(response["Location"]).content.decode()
    assert "导出的筛选条件无效" in page


@pytest.mark.parametrize("query", BAD_FILTERS)
def test_admin_changelist_with_a_bad_filter_redirects_with_e1(client, boss, seed_ledger, query):
    client.force_login(boss)
    response = client.get(reverse("admin:ledger_commitment_changelist") + "?" + query)
    assert response.status_code == 302 and response["Location"].endswith("?e=1")
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("query", BAD_FILTERS + [
    "o=abc", "p=abc", "status__exact=x", "decided=x", "has_evidence=2",
    "report=1&lead_unit=abc", "report=1&lead_unit=99999999999999999999999", "report=1&lead_unit=%00",
])
@pytest.mark.parametrize("view", ["ledger_review_queue", "ledger_dashboard"])
def test_admin_queue_and_dashboard_never_fail_on_a_bad_parameter(client, boss, seed_ledger, query, view):
    client.force_login(boss)
    assert client.get(reverse(f"admin:{view}") + "?" + query).status_code in (200, 302)


@pytest.mark.parametrize("query", ["o=abc", "o=99", "p=abc", "status__exact=x", "decided=x", "has_evidence=2"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_admin_export_ignores_what_the_changelist_ignores(client, boss, seed_ledger, query, fmt):
    client.force_login(boss)
    assert client.get(reverse("admin:ledger_commitment_export", args=[fmt]) + "?" + query).status_code == 200


@pytest.mark.django_db
def test_an_id_that_names_nothing_finds_nothing(client):
    # As the evidence filters always did: a filter by an object that does not exist is an empty page, not a 400.
    for url in (
        "bodies/?parent=4242", "reports/?body=4242", "commitments/?report=4242", "commitments/?body=4242",
        "commitments/?lead_unit=4242", "commitments/?unit=4242", "units/?body=4242",
    ):
        with override_settings(LEDGER_PUBLIC_READ=True):
            response = client.get(f"/api/v1/{url}")
        assert response.status_code == 200, url
        assert response.json()["count"] == 0


@pytest.mark.parametrize("path", ["reports/", "commitments/{commitment}/status/", "commitments/{commitment}/progress/", "units/"])
def test_a_json_body_nested_too_deeply_is_a_400(api, seed_ledger, path):
    """A thousand [ made Python's json module recurse past its limit: a 500."""
    commitment = seed_ledger.commitments.filter(testable=True).first()
    body = '{"text": ' + "[" * 5000 + "]" * 5000 + "}"
    response = api.post(f"{API}/" + path.format(commitment=commitment.pk), body, content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "parse_error"
    assert "嵌套" in api.post(f"{API}/reports/", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="zh-hans").json()["error"]["message"]
    # A body that is no JSON is said in the client's language, with where (DRF's own message is English only).
    said = api.post(f"{API}/reports/", '{"text": 1,,}', content_type="application/json", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert said["error"]["code"] == "parse_error" and "第 1 行" in said["error"]["message"] and "Expecting" not in said["error"]["message"]


@pytest.mark.parametrize("query", [
    "commitments/?updated_since=0001-01-01", "commitments/?updated_since=0001-01-01T00:00:00%2B14:00",
    "commitments/?updated_since=9999-12-31T23:59:59-14:00", "commitments/export/data/?updated_since=0001-01-01",
    "commitments/deleted/?since=0001-01-01T00:00:00%2B14:00",
])
def test_a_time_at_the_calendars_ends_reads_as_the_earliest_or_latest(api, seed_ledger, query):
    """It has no UTC to compare with, and overflowed into a 500: no row is older than 1900 or newer than 9000."""
    response = api.get(f"{API}/" + query)
    assert response.status_code == 200, response.content[:300]
    if query.startswith("commitments/?updated_since=0001"):
        assert response.json()["count"] == seed_ledger.commitments.model.objects.count()
    if query.startswith("commitments/?updated_since=9999"):
        assert response.json()["count"] == 0


@pytest.mark.parametrize("query, low, high", [
    ("commitments/?plan_year_min={}&plan_year_max={}", 2025, 2024), ("commitments/?confidence_min={}&confidence_max={}", 0.9, 0.1),
    ("stats/?plan_year_min={}&plan_year_max={}", 2025, 2024), ("commitments/?due_after={}&due_before={}", "2024-12-31", "2024-01-01"),
    ("reports/?year_min={}&year_max={}", 2025, 2023),
])
def test_bounds_the_wrong_way_round_are_a_400_that_says_so(api, seed_ledger, query, low, high):
    """They answered an empty list, which reads as "no such rows"."""
    response = api.get(f"{API}/" + query.format(low, high))
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_range", response.content[:300]
    assert api.get(f"{API}/" + query.format(high, low)).status_code == 200


def test_a_number_too_long_for_python_is_a_4xx_not_a_500(api, seed_ledger):
    """Python reads no number of over 4,300 digits (a ValueError): a page, a page size or an id that long was a 500."""
    long = "9" * 4301
    commitment = seed_ledger.commitments.first()
    assert api.get(f"{API}/commitments/?page={long}").status_code == 404  # a page past the last, as page=100000
    assert api.get(f"{API}/commitments/?page_size={long}").json()["error"]["code"] == "invalid_page_size"
    assert api.get(f"{API}/commitments/{long}/").status_code == 404
    assert api.delete(f"{API}/commitments/{commitment.pk}/progress/{long}/").status_code == 404
    said = api.post(f"{API}/commitments/{commitment.pk}/progress/", '{"text": "x", "n": ' + long + "}", content_type="application/json")
    assert said.status_code == 400 and said.json()["error"]["code"] == "parse_error" and "过长" in said.json()["error"]["message"]


@pytest.mark.parametrize("body", ['{"lead_unit": "\\ud800"}', '{"partner_units": ["\\udfff"]}', '{"\\ud800": 1}'])
def test_a_lone_surrogate_in_a_json_body_is_a_400_and_changes_nothing(api, seed_ledger, body):
    """A string holding half a character reached the database (SQLite refused it) or the renderer: a 500."""
    commitment = seed_ledger.commitments.filter(testable=True).first()
    before = commitment.history.count()
    for method, path in (("patch", f"commitments/{commitment.pk}/"), ("post", f"commitments/{commitment.pk}/status/")):
        response = getattr(api, method)(f"{API}/{path}", body, content_type="application/json")
        assert response.status_code == 400 and response.json()["error"]["code"] == "parse_error", response.content
    assert commitment.history.count() == before


def test_a_value_of_another_type_than_the_schema_says_is_a_400(api, seed_ledger):
    """A body id of 4.5 or "４" was read as 4 and a unit made; a note of 123 was stored as "123"."""
    from ledger.models import Unit

    body = seed_ledger.body_id
    units = Unit.objects.count()
    for value in (body + 0.5, f"{body}".translate(str.maketrans("0123456789", "０１２３４５６７８９")), f" {body} ", True):
        response = api.post(f"{API}/units/", {"body": value, "name": "类型测试办公室"}, format="json")
        assert response.status_code == 400 and response.json()["error"]["code"] == "incorrect_type", (value, response.content)
    commitment = seed_ledger.commitments.filter(testable=True).first()
    for path, data in ((f"commitments/{commitment.pk}/status/", {"status": "fulfilled", "note": 123}),
                       (f"commitments/{commitment.pk}/progress/", {"text": 123})):
        response = api.post(f"{API}/{path}", data, format="json")
        assert response.status_code == 400 and response.json()["error"]["code"] == "incorrect_type", response.content
        assert list(response.json()["error"]["detail"]) == [next(iter(data.keys() - {"status"}))]
    assert Unit.objects.count() == units and not commitment.progress.exists()
    # As a form sends them, and as the schema says, they still are.
    assert api.post(f"{API}/units/", {"body": str(body), "name": "类型测试办公室"}).status_code == 201
    assert api.post(f"{API}/units/", {"body": body, "name": "类型测试二办公室"}, format="json").status_code == 201
    # A report's year the same way (２０１６, 2016.0 and " 2016 " were read as 2016).
    from ledger.models import Report

    reports = Report.objects.count()
    text = (DATA / "followup" / "dazu-2025.txt").read_text(encoding="utf-8")
    for year in ("２０２５", 2025.0, " 2025 ", True):
        response = api.post(f"{API}/reports/", {"text": text, "year": year}, format="json")
        assert response.status_code == 400 and response.json()["error"]["code"] == "incorrect_type", (year, response.content)
        assert list(response.json()["error"]["detail"]) == ["year"]
    assert Report.objects.count() == reports
    # A form's year left empty is no year, as the form means (it was a 400 once the type was checked).
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("dazu-2025.txt", text.encode("utf-8"))
    response = api.post(f"{API}/reports/", {"file": upload, "year": ""}, format="multipart")
    assert response.status_code in (200, 201), response.content


def test_a_write_reads_no_list_filters_from_its_query_string(api, seed_ledger):
    """POST /reports/?kind=gov&year=2023 stored the text as its own kind and year, as if the query were read."""
    from ledger.models import Report

    reports = Report.objects.count()
    refused = api.post(f"{API}/reports/?kind=gov&year=2023", {"text": "不是工作报告"}, format="json")
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "invalid_parameter"
    assert set(refused.json()["error"]["detail"]) == {"kind", "year"} and "body" not in refused.json()["error"]["message"]
    assert Report.objects.count() == reports
    refused = api.post(f"{API}/units/?body={seed_ledger.body_id}", {"body": seed_ledger.body_id, "name": "查询测试办公室"}, format="json")
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "invalid_parameter"


def test_a_day_the_calendar_has_not_is_said_so(api, seed_ledger):
    """2025-02-30 was told to have the wrong format, which it has not."""
    commitment = seed_ledger.commitments.filter(testable=True).first()
    said = api.post(f"{API}/commitments/{commitment.pk}/progress/", {"text": "召开会议", "date": "2025-02-30"}, format="json")
    assert said.status_code == 400 and "2025-02-30" in said.json()["error"]["message"], said.content
    said = api.post(f"{API}/commitments/{commitment.pk}/progress/", {"text": "召开会议", "date": "30.2.2025"}, format="json")
    assert said.status_code == 400 and "YYYY-MM-DD" in said.json()["error"]["message"]
    assert not commitment.progress.exists()


def test_a_value_that_is_no_choice_is_answered_with_the_choices(api, seed_ledger):
    said = api.get(f"{API}/commitments/", {"status": "done"}).json()["error"]
    assert said["code"] == "invalid_choice" and "fulfilled" in said["message"] and "not_reported" in said["message"]
    said = api.get(f"{API}/evidence/", {"verdict": "x"}).json()["error"]
    assert "mention" in said["message"]


def test_a_json_body_gives_each_field_once_and_in_utf_8(api, seed_ledger):
    """{"status": "fulfilled", "status": "partial"} wrote the last; a body said to be Latin-1 was stored as mojibake."""
    commitment = seed_ledger.commitments.filter(testable=True).first()
    before = commitment.history.count()
    twice = api.post(f"{API}/commitments/{commitment.pk}/status/", '{"status": "fulfilled", "status": "partial"}',
                     content_type="application/json")
    assert twice.status_code == 400 and "status" in twice.json()["error"]["message"]
    latin = api.post(f"{API}/commitments/{commitment.pk}/progress/", '{"text": "字符"}'.encode("utf-8"),
                     content_type="application/json; charset=latin-1")
    assert latin.status_code == 400 and "UTF-8" in latin.json()["error"]["message"]
    assert commitment.history.count() == before and not commitment.progress.exists()
    said = api.post(f"{API}/commitments/{commitment.pk}/progress/", '{"text": "字符"}'.encode("utf-8"),
                    content_type="application/json; charset=UTF-8")
    assert said.status_code == 201 and said.json()["text"] == "字符"


def test_drfs_own_untranslated_messages_are_given_in_chinese(api, seed_ledger, boss, client):
    """A JSON body of null said "No data provided" and a browser's POST without its CSRF token "CSRF Failed: …", in
    English in a Chinese response (DRF never marks either for translation)."""
    commitment = seed_ledger.commitments.filter(testable=True).first()
    for path in (f"commitments/{commitment.pk}/progress/", f"commitments/{commitment.pk}/status/"):
        said = api.post(f"{API}/{path}", "null", content_type="application/json").json()["error"]
        assert said["message"] == "没有数据：请以 JSON 对象发送请求的字段。" and "No data" not in str(said["detail"])
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(boss)
    said = browser.post(f"{API}/commitments/{commitment.pk}/progress/", {"text": "x"})
    assert said.status_code == 403 and said.json()["error"]["message"].startswith("CSRF 校验失败")
    assert not commitment.progress.exists()
