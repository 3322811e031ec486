"""The follow-through dashboard of the admin, on the seeds plus the follow-up report of 大足区 2024."""

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import connection
from django.template.loader import get_template
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from ledger import services
from ledger.charts import STATUS_COLOURS, percent
from ledger.models import Body, Commitment, Report, Status

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
DAZU = "重庆市大足区人大常委会"
LEDGER_TEMPLATES = Path(__file__).resolve().parents[1] / "ledger" / "templates"


@pytest.fixture
def ledger(seed_ledger):
    """The seeds, plus the follow-up of 大足区 2024 so that its commitments have assessed statuses
    (loaded once per session: conftest.seed_ledger)."""
    return seed_ledger


@pytest.fixture
def viewer(client, django_user_model, ledger):
    """Staff who may view commitments, and nothing more."""
    user = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="ledger", codename="view_commitment"))
    client.force_login(user)
    return client


def dashboard(client, **params):
    return client.get(reverse("admin:ledger_dashboard"), params)


def svgs(content: str) -> list[ET.Element]:
    return [ET.fromstring(svg) for svg in re.findall(r"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\b.*?</svg>", content, flags=re.S)]


def expected_counts(**where) -> dict[str, int]:
    rows = Commitment.objects.filter(testable=True, **where)
    return {status: rows.filter(status=status).count() for status in Status.values}


def rate_of(counts: dict[str, int]) -> float | None:
    """The headline rate: reported done or in part, of the decided rows (needs_review is not decided)."""
    decided = counts[Status.FULFILLED] + counts[Status.PARTIAL] + counts[Status.NOT_REPORTED]
    return (counts[Status.FULFILLED] + counts[Status.PARTIAL]) / decided if decided else None


def row_html(content: str, body: str, year: int) -> str:
    match = re.search(rf'<tr data-body="{body}" data-year="{year}">(.*?)</tr>', content, flags=re.S)
    assert match, (body, year)
    return match.group(1)


def query(href: str) -> tuple[str, dict]:
    parts = urlsplit(href.replace("&amp;", "&"))
    return parts.path, {key: values[0] for key, values in parse_qs(parts.query).items()}


def test_page_renders_for_staff_with_view_permission(viewer):
    response = dashboard(viewer)
    assert response.status_code == 200
    assert "admin/ledger/dashboard.html" in [t.name for t in response.templates]
    content = response.content.decode()
    assert '<div class="breadcrumbs">' in content and reverse("admin:index") in content
    for body in Body.objects.filter(reports__commitments__testable=True).distinct():
        assert body.name in content
    for label in ("待回顾", "已落实", "部分落实", "未见报告"):
        assert label in content


def test_page_is_forbidden_without_view_permission(client, django_user_model, ledger):
    user = django_user_model.objects.create_user("clerk", password="pw", is_staff=True)
    client.force_login(user)
    assert dashboard(client).status_code == 403
    user.is_staff = False
    user.save()
    response = dashboard(client)
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


def test_counts_and_rates_match_the_database(viewer):
    response = dashboard(viewer)
    content = response.content.decode()
    groups = set(Commitment.objects.filter(testable=True).values_list("report__body__name", "plan_year").distinct())
    assert {(row["body"], row["year"]) for row in response.context["rows"]} == groups
    for body, year in groups:
        counts = expected_counts(report__body__name=body, plan_year=year)
        html = row_html(content, body, year)
        for status, count in counts.items():
            assert re.search(rf'class="num status-{status}">(<a [^>]*>)?{count}(</a>)?(<small .*?</small>)?</td>', html), (body, year, status)
        assert f'<td class="num rate">{percent(rate_of(counts))}</td>' in html
    # 大足区 2024 has its follow-up report in: assessed, with a rate; the others are all pending.
    dazu = expected_counts(report__body__name=DAZU, plan_year=2024)
    assert dazu[Status.PENDING] < sum(dazu.values()) and dazu[Status.FULFILLED] > 0
    assert "%" in row_html(content, DAZU, 2024)


def test_totals_add_up(viewer):
    total = dashboard(viewer).context["total_row"]
    counts = expected_counts()
    assert {cell["status"]: cell["count"] for cell in total["cells"]} == counts
    assert total["testable"] == Commitment.objects.filter(testable=True).count()


def test_bar_chart_has_a_bar_per_body_and_the_trend_a_line(viewer):
    response = dashboard(viewer)
    assert response.context["chart_year"] == 2024  # the latest plan year with assessed commitments
    bars, trend = svgs(response.content.decode())
    for chart in (bars, trend):
        assert chart.get("role") == "img" and chart.get("viewBox") and chart.find(f"{SVG}title").text
    bodies_2024 = set(
        Commitment.objects.filter(testable=True, plan_year=2024).values_list("report__body__name", flat=True)
    )
    assert {g.get("data-label") for g in bars.iter(f"{SVG}g") if g.get("class") == "bar"} == bodies_2024
    dazu_bar = next(g for g in bars.iter(f"{SVG}g") if g.get("data-label") == DAZU)
    counts = expected_counts(report__body__name=DAZU, plan_year=2024)
    assert {r.get("data-status"): int(r.get("data-count")) for r in dazu_bar.iter(f"{SVG}rect")} == {
        status: n for status, n in counts.items() if n
    }
    fulfilled = next(r for r in dazu_bar.iter(f"{SVG}rect") if r.get("data-status") == "fulfilled")
    assert fulfilled.get("fill") == STATUS_COLOURS["fulfilled"]
    assert percent(rate_of(counts)) in ET.tostring(dazu_bar, encoding="unicode")
    lines = [g for g in trend.iter(f"{SVG}g") if g.get("class") == "series"]
    assert DAZU in {g.get("data-label") for g in lines}
    assert all(g.find(f"{SVG}polyline") is not None for g in lines)


def test_bar_chart_year_is_selectable(viewer):
    response = dashboard(viewer, year=2025)
    assert response.context["chart_year"] == 2025
    bars = svgs(response.content.decode())[0]
    bodies_2025 = set(
        Commitment.objects.filter(testable=True, plan_year=2025).values_list("report__body__name", flat=True)
    )
    assert {g.get("data-label") for g in bars.iter(f"{SVG}g") if g.get("class") == "bar"} == bodies_2025
    assert dashboard(viewer, year=1999).context["chart_year"] == 2024  # a year without data falls back


def test_a_status_set_ahead_of_the_next_report_does_not_open_the_chart_on_its_year(viewer, django_user_model):
    """One row of 2025 set 已落实 by hand, before the 2026 reports are in, opened the chart on 2025 at 100 %."""
    editor = django_user_model.objects.create_user("editor")
    ahead = Commitment.objects.filter(testable=True, plan_year=2025, status=Status.PENDING).first()
    services.commitment_set_status(commitment=ahead, status=Status.FULFILLED, user=editor)
    assert dashboard(viewer).context["chart_year"] == 2024
    assert dashboard(viewer, year=2025).context["chart_year"] == 2025  # still there when asked for


def test_the_all_bodies_line_joins_no_years_that_count_other_bodies(viewer, django_user_model):
    """2024 counts 大足区 alone; statuses set by hand on another body's 2025 tasks (a tenth of the year's rows, so
    that the year is charted) give 2025 a rate of that body alone: joining the two would draw a trend out of a change
    of bodies."""
    editor = django_user_model.objects.create_user("editor")
    year = Commitment.objects.filter(testable=True, plan_year=2025)
    other_body = year.exclude(report__body__name=DAZU).values_list("report__body", flat=True).first()
    others = list(year.filter(report__body=other_body, status=Status.PENDING)[: -(-year.count() // 10)])
    assert len(others) * 10 >= year.count()
    for other in others:
        services.commitment_set_status(commitment=other, status=Status.FULFILLED, user=editor)
    trend = svgs(dashboard(viewer).content.decode())[1]
    lines = {g.get("data-label"): g for g in trend.iter(f"{SVG}g") if g.get("class") == "series"}
    overall = lines["全部机关"]
    assert len(overall.findall(f"{SVG}circle")) == 2
    assert [len(p.get("points").split()) for p in overall.findall(f"{SVG}polyline")] == [1, 1]
    assert list(lines)[0] == "全部机关"  # drawn first: the bodies' own points stay visible on top
    assert 'id="ledger-trend-note"' in dashboard(viewer).content.decode()  # why the line stops, said on the page


def test_a_year_with_a_few_rows_decided_ahead_of_its_review_has_no_point_on_the_trend(viewer, django_user_model):
    """One 2025 row set 已落实 by hand before the 2026 reports are in drew a 2025 point at 100 %, joined to 2024: a
    rate of one row, read as a trend."""
    editor = django_user_model.objects.create_user("editor")
    ahead = Commitment.objects.filter(testable=True, plan_year=2025, status=Status.PENDING).first()
    services.commitment_set_status(commitment=ahead, status=Status.FULFILLED, user=editor)
    response = dashboard(viewer)
    trend = svgs(response.content.decode())[1]
    years = {c.find(f"{SVG}title").text.split()[-2].rstrip(":") for c in trend.iter(f"{SVG}circle")}
    assert "2024" in years and "2025" not in years
    # The table still gives the year's one decided row and its rate, beside its counts.
    assert {row["year"]: row["decided"] for row in response.context["year_rows"]}[2025] == 1


def test_drill_down_links_point_to_the_filtered_changelist(viewer):
    content = dashboard(viewer).content.decode()
    body_id = Body.objects.get(name=DAZU).pk
    expected = {"body": str(body_id), "plan_year__exact": "2024", "status__exact": "fulfilled", "testable__exact": "1"}
    changelist = reverse("admin:ledger_commitment_changelist")
    table_links = re.findall(r'<a href="([^"]+)"', row_html(content, DAZU, 2024))
    assert (changelist, expected) in [query(href) for href in table_links]
    bars = svgs(content)[0]
    segment_links = [query(a.get("href")) for a in bars.iter(f"{SVG}a")]
    assert (changelist, expected) in segment_links
    assert all(path == changelist and params["testable__exact"] == "1" for path, params in segment_links)
    assert len(segment_links) == sum(1 for _ in bars.iter(f"{SVG}rect") if _.get("class") == "segment")


@pytest.mark.parametrize("params", [{}, {"level": "county"}, {"report_kind": "npc"}])
def test_drill_down_links_open_exactly_the_commitments_counted(admin_client, ledger, params):
    """Each link opens the changelist on the rows its number counts; with a dashboard filter the changelist
    does not accept, the numbers go unlinked rather than linked to other rows."""
    context = dashboard(admin_client, **params).context
    numbers = [
        (cell["href"], cell["count"])
        for row in [*context["rows"], *context["year_rows"], context["total_row"]]
        for cell in row["cells"]
        if cell["count"]
    ] + [(row["testable_href"], row["testable"]) for row in [*context["rows"], context["total_row"]]]
    linked = [(href, count) for href, count in numbers if href]
    if not params:
        assert len(linked) == len(numbers)
    for href, count in linked:
        page = admin_client.get(href)
        assert page.status_code == 200, href
        assert page.context["cl"].result_count == count, href


def test_level_filter_narrows_the_page(viewer):
    response = dashboard(viewer, level="county")
    rows = response.context["rows"]
    assert {row["body"] for row in rows} == set(
        Commitment.objects.filter(testable=True, report__body__level="county").values_list("report__body__name", flat=True)
    )
    assert "重庆市人大常委会" not in {row["body"] for row in rows}
    assert "扬州市人大常委会" not in response.content.decode()
    total = response.context["total_row"]
    assert total["testable"] == Commitment.objects.filter(testable=True, report__body__level="county").count()
    if total["testable_href"]:  # when the changelist accepts the lookup
        assert query(total["testable_href"])[1]["report__body__level__exact"] == "county"
    assert dashboard(viewer, level="bogus").context["total_row"]["testable"] == Commitment.objects.filter(testable=True).count()


def test_body_filter_gives_one_bodys_own_figures(viewer, admin_client):
    """A committee's office answers for its own promises: the headline pooled every body and year, and ?body= was
    ignored."""
    dazu = Body.objects.get(name=DAZU)
    response = dashboard(viewer, body=dazu.pk)
    assert f'<option value="{dazu.pk}" selected>{DAZU}</option>' in response.content.decode()
    assert {row["body"] for row in response.context["rows"]} == {DAZU}
    total = response.context["total_row"]
    assert total["testable"] == Commitment.objects.filter(testable=True, report__body=dazu).count()
    assert total["decided"] == sum(expected_counts(report__body=dazu)[s] for s in ("fulfilled", "partial", "not_reported"))
    # Every number opens exactly the rows it counts; the deadline lists keep to the body.
    context = dashboard(admin_client, body=dazu.pk).context
    for row in [*context["rows"], *context["year_rows"], context["total_row"]]:
        for cell in row["cells"]:
            if cell["count"]:
                assert admin_client.get(cell["href"]).context["cl"].result_count == cell["count"], cell["href"]
    assert all(query(listed["href"])[1]["body"] == str(dazu.pk) for listed in context["deadline_lists"])
    # An id of no body, or no id, is as if the filter was not set.
    for value in ("999999", "x", "-1"):
        assert dashboard(viewer, body=value).context["total_row"]["testable"] == Commitment.objects.filter(testable=True).count()


def test_report_kind_filter_narrows_the_page(viewer):
    Report.objects.filter(body__name="重庆市江津区人大常委会").update(kind="gov")
    response = dashboard(viewer, report_kind="gov")
    assert {row["body"] for row in response.context["rows"]} == {"重庆市江津区人大常委会"}
    assert all(query(cell["href"])[1]["report__kind__exact"] == "gov"
               for row in response.context["rows"] for cell in row["cells"] if cell["href"])
    npc = dashboard(viewer, report_kind="npc").context["rows"]
    assert "重庆市江津区人大常委会" not in {row["body"] for row in npc} and DAZU in {row["body"] for row in npc}
    # Unfiltered, the figures add up both kinds of report, and the page says so.
    pooled = dashboard(viewer).content.decode()
    assert 'id="ledger-kinds-pooled"' in pooled and "选择报告类型" in pooled
    assert 'id="ledger-kinds-pooled"' not in response.content.decode()
    # A year whose rows come from one kind of report only: nothing is added up there (it said so of every year).
    only_npc = {year for year in Report.objects.filter(kind="npc").values_list("year", flat=True)} - set(
        Report.objects.filter(kind="gov").values_list("year", flat=True)
    )
    assert only_npc
    year_page = dashboard(viewer, year=min(only_npc))
    assert any(row["year"] == min(only_npc) for row in year_page.context["rows"])  # the year shown has rows
    assert 'id="ledger-kinds-pooled"' not in year_page.content.decode()


def test_a_ledger_of_one_kind_of_report_says_nothing_of_pooling(viewer):
    assert 'id="ledger-kinds-pooled"' not in dashboard(viewer).content.decode()


def test_no_matching_data_says_so(viewer):
    Commitment.objects.update(testable=False)
    response = dashboard(viewer)
    assert response.status_code == 200
    bars, trend = svgs(response.content.decode())
    assert "chart-empty" in bars.get("class") and "chart-empty" in trend.get("class")
    assert "None" not in bars.find(f"{SVG}title").text  # it read "None年各机关可核验工作任务落实情况"


def test_one_grouped_query_whatever_the_number_of_bodies(viewer):
    with CaptureQueriesContext(connection) as queries:
        assert dashboard(viewer).status_code == 200
    ledger_queries = [q["sql"] for q in queries.captured_queries if '"ledger_' in q["sql"]]
    # The grouped counts, and one query per deadline list (overdue, due within 30 days).
    assert len([sql for sql in ledger_queries if '"ledger_commitment"' in sql]) == 3
    assert len([sql for sql in ledger_queries if "GROUP BY" in sql]) == 1
    # Those three, the bodies' ids, one over the reports counted and their follow-ups (what each row adds up:
    # pooling()), and the bodies the body filter offers.
    assert len(ledger_queries) == 6


def test_english_is_available(viewer):
    viewer.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # what the admin's language switcher sets
    with translation.override("en"):
        content = dashboard(viewer).content.decode()
    assert "Follow-through dashboard" in content and "partially fulfilled" in content and "not reported" in content


# --- the link on the admin index ------------------------------------------------------------------------

@pytest.fixture
def ledger_index_template(tmp_path):
    """The ledger's admin/index.html, as the admin finds it once "ledger" comes before django.contrib.admin
    in INSTALLED_APPS; until then, through the template DIRS."""
    if "/ledger/templates/" in get_template("admin/index.html").origin.name.replace("\\", "/"):
        yield
        return
    (tmp_path / "admin").mkdir()
    shutil.copy(LEDGER_TEMPLATES / "admin" / "index.html", tmp_path / "admin" / "index.html")
    templates = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    with override_settings(TEMPLATES=templates):
        yield


def test_admin_index_links_to_the_dashboard(admin_client, ledger, ledger_index_template):
    response = admin_client.get(reverse("admin:index"))
    assert response.status_code == 200
    content = response.content.decode()
    assert f'href="{reverse("admin:ledger_dashboard")}"' in content
    assert content.index('id="ledger-dashboard-link"') < content.index('class="app-ledger module')  # above the apps
    assert "recent-actions-module" in content  # the admin's own index is extended, not replaced


def test_admin_index_hides_the_link_without_permission(client, django_user_model, ledger, ledger_index_template):
    client.force_login(django_user_model.objects.create_user("clerk", password="pw", is_staff=True))
    assert 'id="ledger-dashboard-link"' not in client.get(reverse("admin:index")).content.decode()


def test_ledger_admin_index_is_the_one_the_admin_uses():
    """It is, with "ledger" before "django.contrib.admin" in INSTALLED_APPS."""
    assert "/ledger/templates/" in get_template("admin/index.html").origin.name.replace("\\", "/")


# --- staff-confirmed apart from machine-proposed -------------------------------------------------------


def test_headline_rate_counts_only_what_a_person_confirmed(viewer, django_user_model):
    """The rate to publish counts no machine status: leaving out only the machine's 未见报告 while keeping its
    已落实 would lean it towards 100 %. Until a person confirms a decided row there is none; the machine's
    reading is said beside it, with how many of its 未见报告 are the machine's word alone."""
    from ledger.models import Origin

    dazu = Commitment.objects.filter(testable=True, report__body__name=DAZU, plan_year=2024)
    counts = expected_counts(report__body__name=DAZU, plan_year=2024)
    assert counts[Status.NEEDS_REVIEW] and counts[Status.NOT_REPORTED]
    total = dashboard(viewer).context["total_row"]
    assert total["needs_review"] == counts[Status.NEEDS_REVIEW]
    assert total["decided"] == counts[Status.FULFILLED] + counts[Status.PARTIAL] + counts[Status.NOT_REPORTED]
    assert total["rate"] == percent(rate_of(counts)) and total["decided_confirmed"] == 0
    assert total["headline_rate"] == percent(None)
    assert total["unconfirmed_not_reported"] == counts[Status.NOT_REPORTED]
    content = dashboard(viewer).content.decode()
    headline = re.search(r'id="ledger-headline">(.*?)</p>', content, flags=re.S).group(1)
    assert "尚无经人工确认的已判定任务，暂无可发布的落实率。" in headline
    # What the rate counts is said with it: a journalist read 未见报告 as "not carried out".
    assert "未见报告计入分母" in headline and "不等于未落实" in headline
    assert f"{counts[Status.NEEDS_REVIEW]} 项任务需人工处理" in headline and reverse("admin:ledger_review_queue") in headline
    assert f"机器初判：已判定 {total['decided']} 项任务的落实率（含部分落实）为 {percent(rate_of(counts))}" in headline
    assert f"其中 {counts[Status.NOT_REPORTED]} 项未见报告仅为机器判定" in headline

    # A person confirms one not reported and one fulfilled: the rate to publish is theirs alone (1 of 2).
    editor = django_user_model.objects.create_user("editor")
    silent = dazu.filter(status=Status.NOT_REPORTED).first()
    services.commitment_set_status(commitment=silent, status=Status.NOT_REPORTED, user=editor, note="核实未开展")
    done = dazu.filter(status=Status.FULFILLED).first()
    services.commitment_set_status(commitment=done, status=Status.FULFILLED, user=editor)
    context = dashboard(viewer).context
    assert context["total_row"]["decided_confirmed"] == 2
    cell = next(c for c in context["total_row"]["cells"] if c["status"] == Status.NOT_REPORTED)
    assert (cell["count"], cell["confirmed"]) == (counts[Status.NOT_REPORTED], 1)
    # The confirmed count links to the rows it counts.
    listed = viewer.get(cell["confirmed_href"]).context["cl"].result_list
    assert [c.pk for c in listed] == [silent.pk]
    assert Commitment.objects.get(pk=silent.pk).status_origin == Origin.STAFF
    assert context["total_row"]["headline_rate"] == percent(0.5)
    # The figures of 大足区's 2024 report, every task of which its review judged, on the report's page.
    report = Report.objects.get(body__name=DAZU, year=2024)
    report_page = reverse("admin:ledger_report_change", args=[report.pk])
    django_user_model.objects.get(username="viewer").user_permissions.add(
        Permission.objects.get(content_type__app_label="ledger", codename="view_report")
    )
    headline = re.search(r'id="ledger-report-headline">(.*?)</p>', viewer.get(report_page).content.decode(), flags=re.S).group(1)
    # Of the rows a person confirmed, and how far all of them (the unsure ones too) may be from it: confirming
    # only the reported rows would make the confirmed rate 100 %, and the headline said no more than that.
    total = total["decided"] + total["needs_review"]
    assert total == dazu.count() and (
        f"在全部 {total} 项任务都已判定并经人工确认之前，其落实率只能确定在 {percent(1 / total, outward='down')} 至 "
        f"{percent((total - 1) / total, outward='up')} 之间。人工已确认其中 {percent(2 / total, outward='down')}（2 项），"
        f"其中落实（含部分落实）的占 {percent(0.5)}：这是已确认部分的比例，不是全部任务的落实率。"
    ) in headline
    # The range leads: the rate of a few confirmed rows is no figure to quote first.
    assert headline.index("之间") < headline.index("其中落实")
    # The bounds are rounded away from the range's inside: 1/52 = 1.92 % is at least 1.9 %, 51/52 = 98.08 % at most 98.1 %.
    # The headline says so (a reader working 1/52 out found 1.9 % against the API's 0.0192).
    assert "范围两端向外取整" in headline
    assert (percent(1 / 52, outward="down"), percent(51 / 52, outward="up")) == ("1.9%", "98.1%")
    assert (percent(2 / 720, outward="down"), percent(715 / 720, outward="up")) == ("0.2%", "99.4%")
    # Resolving every needs_review as reported lifts the rate: unsure rows never counted against it.
    for commitment in dazu.filter(status=Status.NEEDS_REVIEW):
        services.commitment_set_status(commitment=commitment, status=Status.PARTIAL, user=editor)
    after = expected_counts(report__body__name=DAZU, plan_year=2024)
    assert dashboard(viewer).context["total_row"]["rate"] == percent(rate_of(after))
    assert rate_of(after) > rate_of(counts)
    # Every row confirmed: one rate, said as such.
    for commitment in dazu.filter(status_origin=Origin.AUTO).exclude(status=Status.PENDING):
        services.commitment_set_status(commitment=commitment, status=commitment.status, user=editor)
    headline = re.search(r'id="ledger-report-headline">(.*?)</p>', viewer.get(report_page).content.decode(), flags=re.S).group(1)
    assert f"落实率（含部分落实）{percent(rate_of(after))}：已判定的 {total} 项任务均经人工确认。" in headline
    assert "机器初判" not in headline
    # With the rest pending (years whose next report is not in), the rate of those few came first and alone
    # ("100 %"); then it was said to be the rate of all. It is a range over every task, each pending one unknown.
    testable = dashboard(viewer).context["total_row"]["testable"]
    headline = re.search(r'id="ledger-headline">(.*?)</p>', dashboard(viewer).content.decode(), flags=re.S).group(1)
    assert testable > total and headline.index(f"{testable} 项任务中目前已判定 {total} 项") < headline.index("落实率")
    assert "均经人工确认" not in headline and f"在全部 {testable} 项任务都已判定并经人工确认之前" in headline


# --- deadlines: overdue and due within 30 days, per lead unit ---------------------------------------------


def test_dashboard_lists_overdue_and_due_soon_per_unit(viewer, django_user_model):
    import datetime as dt

    from django.utils import timezone

    from ledger.services.ledger import commitment_ledger_update

    user = django_user_model.objects.get(username="viewer")
    rows = list(Commitment.objects.filter(testable=True).exclude(status="fulfilled").order_by("pk")[:3])
    today = timezone.localdate()
    commitment_ledger_update(commitment=rows[0], user=user, lead_unit="法制工作委员会", due=today - dt.timedelta(days=5))
    commitment_ledger_update(commitment=rows[1], user=user, due=today - dt.timedelta(days=1))
    commitment_ledger_update(commitment=rows[2], user=user, lead_unit="法制工作委员会", due=today + dt.timedelta(days=20))
    response = dashboard(viewer)
    overdue, soon = response.context["deadline_lists"]
    assert (overdue["key"], overdue["count"], soon["key"], soon["count"]) == ("overdue", 2, "due_soon", 1)
    assert [(g["unit"], [c.pk for c in g["rows"]]) for g in overdue["units"]] == [
        ("法制工作委员会", [rows[0].pk]), ("未指定牵头单位", [rows[1].pk]),
    ]
    assert [(g["unit"], [c.pk for c in g["rows"]]) for g in soon["units"]] == [("法制工作委员会", [rows[2].pk])]
    assert query(overdue["href"])[1] == {"deadline": "overdue"}
    content = response.content.decode()
    assert "逾期" in content and "30天内到期" in content and rows[0].text[:20] in content
    # Another body's unit of the same name is another unit: each is named with its body (they were one group).
    other = Commitment.objects.filter(testable=True).exclude(status="fulfilled").exclude(report__body=rows[0].report.body).first()
    commitment_ledger_update(commitment=other, user=user, lead_unit="法制工作委员会", due=today - dt.timedelta(days=3))
    overdue, _soon = dashboard(viewer).context["deadline_lists"]
    assert sorted(g["unit"] for g in overdue["units"] if len(g["rows"]) == 1 and g["unit"].startswith("法制工作委员会")) == sorted(
        f"法制工作委员会（{c.report.body.name}）" for c in (rows[0], other)
    )


def test_a_plan_year_chosen_is_the_year_of_the_headline_and_the_deadline_lists(viewer, django_user_model):
    """A director chose 2024 for the year-end meeting and still read the headline and the overdue list of 2024 and
    2025 together: the year chosen narrows both (and the bar chart); 所有年份 gives every year, as before."""
    import datetime as dt

    from django.utils import timezone

    from ledger.services.ledger import commitment_ledger_update

    dazu = Body.objects.get(name=DAZU)
    years = sorted(set(Commitment.objects.filter(report__body=dazu, testable=True).values_list("plan_year", flat=True)))
    assert len(years) >= 2
    user = django_user_model.objects.get(username="viewer")
    late = dt.date(years[-1], 1, 1) if dt.date(years[-1], 1, 1) < timezone.localdate() else timezone.localdate() - dt.timedelta(days=1)
    for year in years[:2]:
        row = Commitment.objects.filter(report__body=dazu, testable=True, plan_year=year).exclude(status__in=["fulfilled", "not_done"]).first()
        commitment_ledger_update(commitment=row, user=user, due=max(late, dt.date(year, 1, 1)))
    everything = dashboard(viewer, body=dazu.pk).context
    chosen = dashboard(viewer, body=dazu.pk, year=years[0])
    assert everything["headline"]["testable"] == Commitment.objects.filter(report__body=dazu, testable=True).count()
    assert chosen.context["headline"]["testable"] == Commitment.objects.filter(report__body=dazu, testable=True, plan_year=years[0]).count()
    assert sorted(c.plan_year for g in everything["deadline_lists"][0]["units"] for c in g["rows"]) == years[:2]
    assert {c.plan_year for g in chosen.context["deadline_lists"][0]["units"] for c in g["rows"]} == {years[0]}
    assert query(chosen.context["deadline_lists"][0]["href"])[1]["plan_year__exact"] == str(years[0])
    # Its "needs a look" opens the review queue narrowed as the page is, to the rows it counts.
    path, params = query(chosen.context["review_queue_url"])
    assert (path, params) == (reverse("admin:ledger_review_queue"), {"body": str(dazu.pk), "year": str(years[0])})
    queue = viewer.get(chosen.context["review_queue_url"])
    assert queue.context["counts"]["needs_review"] == chosen.context["headline"]["needs_review"]
    assert {row["commitment"].plan_year for row in queue.context["rows"]} == {years[0]}
    assert f"仅显示{DAZU}、计划年份 {years[0]} 的工作任务。" in queue.content.decode()
    assert dashboard(viewer).context["review_queue_url"] == reverse("admin:ledger_review_queue")
    page = chosen.content.decode()
    assert f'<option value="{years[0]}" selected>' in page and f"计划年份 {years[0]}：" in page
    # A year these filters have no task of (the body changed since it was chosen) is said, not silently dropped.
    dropped = dashboard(viewer, body=dazu.pk, year=1999)
    assert dropped.context["year"] is None and "没有计划年份 1999 的工作任务，显示所有年份" in dropped.content.decode()
    one = dashboard(viewer, body=dazu.pk).content.decode()
    assert '<option value="">所有年份</option>' in one
    # One body's figures are its own: no "all bodies" rows or line, which read as the whole region at a meeting.
    assert "<td>全部机关</td>" not in one and 'data-label="全部机关"' not in one
    assert re.search(r'<tr class="total">\s*<td>合计</td>', one)
    every = dashboard(viewer).content.decode()
    assert "<td>全部机关</td>" in every and 'data-label="全部机关"' in every


def test_the_machines_reading_is_said_only_while_a_decided_row_is_unconfirmed(viewer, admin_client, django_user_model):
    editor = django_user_model.objects.create_user("confirmer")
    dazu = Commitment.objects.filter(testable=True, report__body__name=DAZU, plan_year=2024)
    for commitment in dazu.filter(status__in=[Status.FULFILLED, Status.PARTIAL, Status.NOT_REPORTED]):
        services.commitment_set_status(commitment=commitment, status=commitment.status, user=editor)
    report = dazu.first().report
    page = admin_client.get(reverse("admin:ledger_report_change", args=[report.pk])).content.decode()
    headline = re.search(r'id="ledger-report-headline">(.*?)</p>', page, flags=re.S).group(1)
    assert "落实率" in headline and "机器初判" not in headline
    # The dashboard, whose decided rows are these, says the same.
    headline = re.search(r'id="ledger-headline">(.*?)</p>', dashboard(viewer).content.decode(), flags=re.S).group(1)
    assert dashboard(viewer).context["total_row"]["decided_confirmed"] == dashboard(viewer).context["total_row"]["decided"]
    assert "落实率" in headline and "机器初判" not in headline
    # So does each body's bar, whose rows a person confirmed all: it named the machine's reading.
    bars, _trend = svgs(dashboard(viewer).content.decode())
    dazu_bar = ET.tostring(next(g for g in bars.iter(f"{SVG}g") if g.get("data-label") == DAZU), encoding="unicode")
    assert "全部经人工确认" in dazu_bar and "机器初判" not in dazu_bar


def test_a_headline_over_reports_the_rules_were_tuned_on_says_so(viewer):
    """A report's page said its figures read better than a new report's; the dashboard over the same report did not."""
    page = dashboard(viewer, year=2024).content.decode()
    said = re.search(r'id="ledger-tuned-on">(.*?)</p>', page, flags=re.S)
    assert said and f"{DAZU} 2024" in said.group(1) and "不能把这些机器判定数字当作新报告" in said.group(1)
    # Of the year chosen only: 2023's names 江津区's report, not 大足区's of 2024.
    said = re.search(r'id="ledger-tuned-on">(.*?)</p>', dashboard(viewer, year=2023).content.decode(), flags=re.S).group(1)
    assert "江津区人大常委会 2023" in said and "2024" not in said
    # Its years are marked † in the tables and the chart (a fall from a tuned year to a new one read as a trend).
    assert re.search(rf'<tr data-body="{DAZU}" data-year="2024">.*?class="ledger-tuned"', page, flags=re.S)
    _bars, trend = svgs(page)
    years = [ET.tostring(text, encoding="unicode") for text in trend.iter(f"{SVG}text") if (text.text or "").startswith("2024")]
    assert years and "†" in years[0] and "机器判定规则据以编写" in years[0]
