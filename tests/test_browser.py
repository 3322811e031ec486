"""The staff workflow end to end in headless Chromium, against the app served by pytest-django's live_server.

Upload a follow-up report, confirm evidence, set a status, add evidence by selecting a passage with the
"mouse", read the history, look at the dashboard and download the Excel export, all in the Chinese admin.
Screenshots of the commitment page and the dashboard go to artifacts/screenshots/ for people to look at.
"""

import re
import shutil
import tempfile
import time
from pathlib import Path

import openpyxl
import pytest
from django.utils import translation

from ledger import exports, services
from ledger.models import Commitment, Decision, Evidence, Origin, Report, Status

from .conftest import DATA, ROOT, SHEET_HEADER

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
    pytest.skip(
        "browser tests need Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)",
        allow_module_level=True,
    )

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

pytestmark = pytest.mark.django_db(transaction=True)

DAZU = "重庆市大足区人大常委会"
FOLLOW_UP = DATA / "followup" / "dazu-2025.txt"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
USERNAME, PASSWORD = "boss", "pw-boss-1234"
WAIT = 10


# Browser


@pytest.fixture(scope="module")
def downloads():
    path = Path(tempfile.mkdtemp(prefix="ledger-downloads-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def browser(live_server, downloads):
    profile = tempfile.mkdtemp(prefix="ledger-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1400,1000",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(argument)
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False, "download.directory_upgrade": True},
    )
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = _start(options)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _start(options, attempts=3):
    """Chromium's first start on a busy machine can miss ChromeDriver's deadline; a second start succeeds."""
    from selenium.common.exceptions import WebDriverException

    for attempt in range(attempts):
        try:
            return webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
        except WebDriverException:
            if attempt == attempts - 1:
                raise


# Data and session


@pytest.fixture(scope="module")
def live_server(django_db_setup, django_db_blocker):
    """pytest-django's live server (static files served from the apps), bound to 127.0.0.1 rather than localhost."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        server = LiveServer("127.0.0.1:0")
    yield server
    server.stop()


@pytest.fixture
def boss(django_user_model):
    """A superuser and the seed ledger (the five seeds, 大足区 2024 among them)."""
    from ledger.seeds import ingest_seeds

    ingest_seeds()
    return django_user_model.objects.create_superuser(USERNAME, "boss@example.org", PASSWORD)


@pytest.fixture
def ledger(boss):
    """The seeds plus the follow-up 2025 report of 大足区, which links evidence to the 2024 commitments."""
    services.report_ingest(FOLLOW_UP.read_bytes(), source="dazu-2025.txt")
    return Report.objects.get(body__name=DAZU, year=2024)


@pytest.fixture
def site(browser, live_server, boss):
    """The browser logged in as the superuser through the real login form."""

    def url(path):
        return live_server.url + path

    browser.delete_all_cookies()
    browser.get(url("/admin/login/?next=/admin/"))
    # Wait for the form rather than trusting get(): on a loaded machine the previous page can still be going.
    wait_for(browser, EC.presence_of_element_located((By.ID, "id_username"))).send_keys(USERNAME)
    browser.find_element(By.ID, "id_password").send_keys(PASSWORD)
    submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#login-form input[type=submit]"))
    assert "/admin/login/" not in browser.current_url
    wait_for(browser, EC.presence_of_element_located((By.ID, "user-tools")))
    assert USERNAME in browser.find_element(By.ID, "user-tools").text.lower()
    assert_page_ok(browser)
    browser.get_log("browser")  # start each test with an empty console
    return url


# Helpers


def wait_for(browser, condition, timeout=WAIT):
    return WebDriverWait(browser, timeout).until(condition)


def submit_and_wait(browser, button):
    """Click a submit button and wait until the next page has replaced this one."""
    page = browser.find_element(By.TAG_NAME, "html")
    button.click()
    wait_for(browser, replaced(page))
    wait_for(browser, lambda b: b.execute_script("return document.readyState") == "complete")


def replaced(element):
    """EC.staleness_of, also when Chrome, asked about a node in the instant the new page replaces the old, says it
    is gone in other words ("Node with given id does not belong to the document") instead of "stale"."""

    def gone(_browser):
        try:
            element.is_enabled()
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise
        return False

    return gone


def open_page(browser, url):
    browser.get(url)
    wait_for(browser, lambda b: b.execute_script("return document.readyState") == "complete")
    assert_page_ok(browser)


def text_of(browser, selector):
    return browser.find_element(By.CSS_SELECTOR, selector).text


def assert_page_ok(browser):
    """Chinese admin, its CSS applied and every static file served."""
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-hans"
    styled = browser.execute_script(
        "return [...document.styleSheets].some(s => s.href && s.href.includes('/admin/css/base.css') && s.cssRules.length > 0)"
    )
    assert styled, "the admin's base.css did not load"
    broken = browser.execute_script(
        "return performance.getEntriesByType('resource')"
        ".filter(e => e.name.includes('/static/') && e.responseStatus && e.responseStatus !== 200)"
        ".map(e => e.name + ' ' + e.responseStatus)"
    )
    assert not broken, f"static files not served: {broken}"


def assert_no_script_errors(browser):
    errors = [
        entry["message"] for entry in browser.get_log("browser")
        if entry["level"] == "SEVERE" and "favicon.ico" not in entry["message"]
    ]
    assert not errors, errors


def screenshot(browser, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    height = browser.execute_script("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")
    browser.set_window_size(1400, min(max(int(height), 1000), 6000))
    try:
        assert browser.save_screenshot(str(SCREENSHOTS / name))
    finally:
        browser.set_window_size(1400, 1000)


def status_label(commitment):
    with translation.override("zh-hans"):
        return str(commitment.get_status_display())


def proposed_evidence(report):
    """The best proposed evidence (not a candidate) of the first testable commitment of ``report`` that has any."""
    return (
        Evidence.objects.filter(commitment__report=report, commitment__testable=True, decision=Decision.PROPOSED)
        .exclude(verdict="candidate")  # a candidate passage is confirmed with a verdict of its own
        .select_related("commitment")
        .order_by("commitment__ordinal", "-score")
        .first()
    )


# The tests


def test_upload_the_follow_up_report_and_land_on_it(site, browser, boss):
    open_page(browser, site("/admin/ledger/report/add/"))
    assert "导入报告" in browser.title or "导入" in text_of(browser, "#content")
    browser.find_element(By.CSS_SELECTOR, "#report-upload input[type=file][name=file]").send_keys(str(FOLLOW_UP))
    submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#report-upload input[type=submit]"))

    report = Report.objects.get(body__name=DAZU, year=2025)
    assert browser.current_url == site(f"/admin/ledger/report/{report.pk}/change/")
    assert_page_ok(browser)
    message = text_of(browser, ".messagelist .success")
    assert "已导入" in message and DAZU in message
    # The 2024 commitments are linked to the review of the new report: their evidence is marked in it.
    marks = browser.find_elements(By.CSS_SELECTOR, ".ledger-section-review .ledger-evidence")
    assert marks and marks[0].is_displayed()
    linked = {m.get_attribute("href") for m in marks}
    expected = {site(f"/admin/ledger/commitment/{pk}/change/") for pk in Evidence.objects.filter(report=report).values_list("commitment_id", flat=True)}
    assert linked and linked <= expected
    assert_no_script_errors(browser)


def test_confirm_evidence(site, browser, ledger):
    commitment = proposed_evidence(ledger).commitment
    page = site(f"/admin/ledger/commitment/{commitment.pk}/change/")
    open_page(browser, page)
    assert commitment.text[:20] in text_of(browser, "#ledger-sentence")
    # The first Confirm button of the list, as a person would click it.
    button = browser.find_element(By.CSS_SELECTOR, ".ledger-evidence-list .ledger-confirm")
    item = button.find_element(By.XPATH, "ancestor::li[1]")
    evidence = Evidence.objects.get(pk=int(item.get_attribute("id").removeprefix("evidence-")), commitment=commitment)
    assert evidence.decision == Decision.PROPOSED
    assert item.find_element(By.CSS_SELECTOR, ".ledger-decision").text == "待确认"
    decide = site(f"/admin/ledger/commitment/{commitment.pk}/evidence/{evidence.pk}/confirmed/")
    action = browser.execute_script("return arguments[0].form && arguments[0].form.action", button)
    assert action == decide, (
        f"the Confirm button of evidence {evidence.pk} submits {action}, not its own form: a <form> nested in "
        "the admin's change form (block after_field_sets of admin/ledger/commitment/change_form.html) is dropped by the HTML parser"
    )

    # Enter in the note beside the buttons decides nothing (it pressed the first button of the form).
    note = item.find_element(By.CSS_SELECTOR, "input[name=note]")
    note.send_keys("只完成了初稿", Keys.ENTER)
    time.sleep(0.5)
    assert browser.current_url == page
    evidence.refresh_from_db()
    assert evidence.decision == Decision.PROPOSED
    submit_and_wait(browser, button)
    # Back where staff were: the passage decided on, with the note typed.
    assert browser.current_url == page + f"#evidence-{evidence.pk}"
    assert "只完成了初稿" in text_of(browser, f"#evidence-{evidence.pk} .ledger-meta")
    assert "已确认" in text_of(browser, ".messagelist .success")
    item = text_of(browser, f"#evidence-{evidence.pk} .ledger-meta")
    assert text_of(browser, f"#evidence-{evidence.pk} .ledger-decision") == "已确认" and USERNAME in item
    assert not browser.find_elements(By.CSS_SELECTOR, f"#evidence-{evidence.pk} .ledger-confirm")
    evidence.refresh_from_db()
    assert evidence.decision == Decision.CONFIRMED and evidence.decided_by.username == USERNAME
    commitment.refresh_from_db()
    assert text_of(browser, "#ledger-sentence .ledger-badge") == status_label(commitment)
    assert_no_script_errors(browser)


def test_set_status_history_and_export(site, browser, ledger, boss, downloads):
    evidence = proposed_evidence(ledger)
    commitment = evidence.commitment
    services.evidence_decide(evidence=evidence, decision=Decision.CONFIRMED, user=boss)
    commitment.refresh_from_db()
    page = site(f"/admin/ledger/commitment/{commitment.pk}/change/")
    open_page(browser, page)
    assert text_of(browser, f"#evidence-{evidence.pk} .ledger-decision") == "已确认"
    assert text_of(browser, "#ledger-sentence .ledger-badge") == status_label(commitment)

    # Set a status by hand, with a note.
    target = Status.PARTIAL if commitment.status != Status.PARTIAL else Status.NOT_REPORTED
    Select(browser.find_element(By.CSS_SELECTOR, "#ledger-status select[name=status]")).select_by_value(target)
    note = browser.find_element(By.CSS_SELECTOR, "#ledger-status textarea[name=note]")
    note.clear()
    note.send_keys("仅完成一半")
    submit_and_wait(browser, browser.find_element(By.ID, "ledger-save-status"))
    assert browser.current_url == page + "#ledger-status"
    commitment.refresh_from_db()
    assert (commitment.status, commitment.status_origin, commitment.status_note) == (target, Origin.STAFF, "仅完成一半")
    badge = text_of(browser, "#ledger-sentence .ledger-badge")
    assert badge == status_label(commitment) == {"partial": "部分落实", "not_reported": "未见报告"}[target]
    assert "状态已保存" in text_of(browser, ".messagelist .success")
    # The page opened at the status form, far down: the message saying what the save did is in the window.
    top = browser.execute_script("return document.querySelector('.messagelist').getBoundingClientRect().top")
    assert browser.execute_script("return window.scrollY") > 0 and 0 <= top < 100
    # ... and does not cover the form the page opened at (it hid what the save had done).
    bottom = browser.execute_script("return document.querySelector('.messagelist').getBoundingClientRect().bottom")
    assert browser.execute_script("return document.getElementById('ledger-status').getBoundingClientRect().top") >= bottom
    assert "仅完成一半" in text_of(browser, "#ledger-sentence") and USERNAME in text_of(browser, "#ledger-sentence")
    # The form offers the note to mend; another status chosen empties it (a new reason was written onto the old one),
    # the old note in view as the placeholder, and the status chosen back brings it back.
    note = browser.find_element(By.CSS_SELECTOR, "#ledger-status textarea[name=note]")
    assert note.get_attribute("value") == "仅完成一半"
    status = Select(browser.find_element(By.CSS_SELECTOR, "#ledger-status select[name=status]"))
    status.select_by_value(Status.NOT_DONE)
    assert note.get_attribute("value") == "" and note.get_attribute("placeholder") == "原状态的说明（历史记录中保留）：仅完成一半"
    status.select_by_value(target)
    assert note.get_attribute("value") == "仅完成一半"
    assert_no_script_errors(browser)
    screenshot(browser, "commitment.png")

    # The history names the user, the status change and the decision on the evidence.
    open_page(browser, site(f"/admin/ledger/commitment/{commitment.pk}/history/"))
    history = text_of(browser, "#content")
    assert USERNAME in history and ("仅完成一半" in history or "工作人员设置状态" in history)
    decisions = text_of(browser, "#ledger-evidence-history")
    assert "已确认" in decisions and USERNAME in decisions

    # The Excel export of the changelist filtered to the report.
    open_page(browser, site(f"/admin/ledger/commitment/?report={ledger.pk}"))
    for stale in downloads.iterdir():
        stale.unlink()
    export = browser.find_element(By.ID, "ledger-export-xlsx")
    assert f"report={ledger.pk}" in export.get_attribute("href")
    export.click()
    # The file is named for what it holds (Content-Disposition filename*).
    exported = downloads / "重庆市大足区人大常委会2024年工作任务台账.xlsx"
    wait_for(browser, lambda _: exported.exists() and not any(downloads.glob("*.crdownload")), timeout=15)
    rows = list(openpyxl.load_workbook(exported).active.values)
    assert rows[0][0] == exported.stem
    assert list(rows[1]) == SHEET_HEADER
    assert len(rows) - 2 == ledger.commitments.count()
    (row,) = [dict(zip(exports.COLUMN_KEYS, row)) for row in rows[2:] if row[0] == commitment.pk]
    assert row["task"] == commitment.task
    assert row["status"] == badge and row["decided_by"] == "人工确认"
    assert row["verified_by"] == USERNAME and row["verified_at"]


def test_add_evidence_by_selecting_a_passage(site, browser, ledger):
    follow_up = Report.objects.get(body__name=DAZU, year=2025)
    commitment = proposed_evidence(ledger).commitment
    open_page(browser, site(f"/admin/ledger/commitment/{commitment.pk}/change/"))
    button = browser.find_element(By.ID, "ledger-add-evidence")
    assert not button.is_enabled()

    review = browser.find_element(By.CSS_SELECTOR, ".ledger-review-select")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", review)
    # What a drag of the mouse over characters 30 to 75 of the review leaves: a selection, then a mouseup.
    selected = browser.execute_script(
        """
        const area = arguments[0];
        area.focus();
        area.setSelectionRange(30, 75);
        area.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
        return area.value.slice(30, 75);
        """,
        review,
    )
    assert len(selected) == 45
    wait_for(browser, EC.element_to_be_clickable((By.ID, "ledger-add-evidence")))
    form = browser.find_element(By.ID, "ledger-evidence-add")
    start = int(form.find_element(By.NAME, "start").get_attribute("value"))
    end = int(form.find_element(By.NAME, "end").get_attribute("value"))
    assert start == int(review.get_attribute("data-offset")) + 30 and end == start + 45
    assert follow_up.text[start:end] == selected
    assert re.sub(r"\s", "", text_of(browser, "#ledger-selected-text")) == re.sub(r"\s", "", selected)

    Select(form.find_element(By.NAME, "verdict")).select_by_value("partial")
    form.find_element(By.NAME, "note").send_keys("浏览器选段")
    submit_and_wait(browser, browser.find_element(By.ID, "ledger-add-evidence"))

    added = Evidence.objects.get(commitment=commitment, origin=Origin.STAFF)
    assert (added.start, added.end, added.text, added.note) == (start, end, selected, "浏览器选段")
    assert "已添加依据" in text_of(browser, ".messagelist .success")
    item = text_of(browser, f"#evidence-{added.pk}")
    assert "浏览器选段" in item and "已确认" in item and USERNAME in item
    assert re.sub(r"\s", "", selected) in re.sub(r"\s", "", text_of(browser, f"#evidence-{added.pk} .ledger-evidence"))
    assert_no_script_errors(browser)


def test_the_lists_give_the_task_and_the_report_room_to_read(site, browser, ledger):
    """At 1400 px, beside the navigation and the filters, a task reads a line at a time and a report's long name
    wraps in its own column instead of squeezing the task to a character or two; the select2 filters keep to
    their own line."""
    open_page(browser, site(f"/admin/ledger/commitment/?plan_year__exact={ledger.year}"))
    task = browser.find_element(By.CSS_SELECTOR, "#result_list .field-deliverable")
    report = browser.find_element(By.CSS_SELECTOR, "#result_list .field-report")
    assert task.size["width"] >= 200 and report.size["width"] < task.size["width"]
    # Narrowed to one report, its name is not repeated on every row, and at 1366 px the 台账's columns are in view.
    browser.set_window_size(1366, 900)
    try:
        open_page(browser, site(f"/admin/ledger/commitment/?report={ledger.pk}"))
        assert not browser.find_elements(By.CSS_SELECTOR, "#result_list .field-report")
        evidence = browser.find_element(By.CSS_SELECTOR, "#result_list td.field-best_evidence_text")
        assert evidence.location["x"] + evidence.size["width"] <= browser.execute_script("return document.documentElement.clientWidth") + 1
        # The tools keep their words' case (导出 Excel: Django's a:link rule made it 导出 EXCEL).
        tools = [a for a in browser.find_elements(By.CSS_SELECTOR, ".object-tools a") if "Excel" in a.get_attribute("textContent")]
        assert tools and all(a.value_of_css_property("text-transform") == "none" for a in tools)
        # No sideways scroll: the models' sidebar, which put the 台账's columns behind one, is not drawn.
        assert not browser.find_elements(By.ID, "nav-sidebar")
        assert browser.execute_script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")
    finally:
        browser.set_window_size(1400, 1000)
    heading = browser.find_elements(By.CSS_SELECTOR, "#changelist-filter details summary, #changelist-filter h3")
    boxes = browser.find_elements(By.CSS_SELECTOR, "#changelist-filter .select2-container")
    assert boxes
    for box in boxes:
        below = [h for h in heading if h.location["y"] > box.location["y"]]
        assert not below or min(h.location["y"] for h in below) >= box.location["y"] + box.size["height"]
    open_page(browser, site("/admin/ledger/report/"))
    name = browser.find_element(By.CSS_SELECTOR, "#result_list .field-__str__")
    assert name.size["width"] >= 150
    screenshot(browser, "lists.png")


def test_dashboard_draws_the_charts(site, browser, ledger):
    open_page(browser, site("/admin/ledger/commitment/dashboard/?year=2024"))
    bars = browser.find_element(By.CSS_SELECTOR, "svg[aria-labelledby^='ledger-bars']")
    dazu = bars.find_elements(By.CSS_SELECTOR, f"g.bar[data-label='{DAZU}'] rect.segment")
    assert dazu, f"no bar for {DAZU}"
    counted = sum(int(rect.get_attribute("data-count")) for rect in dazu)
    year = int(Select(browser.find_element(By.ID, "dashboard-year")).first_selected_option.text)
    assert counted == Commitment.objects.filter(report__body__name=DAZU, plan_year=year, testable=True).count()
    assert all(float(rect.get_attribute("width")) > 0 for rect in dazu)
    trend = browser.find_element(By.CSS_SELECTOR, "svg[aria-labelledby^='ledger-trend']")
    assert trend.find_elements(By.CSS_SELECTOR, "g.series polyline, g.series circle")
    assert trend.size["height"] > 50 and bars.size["height"] > 50
    assert DAZU in text_of(browser, "table.follow-through")
    assert_no_script_errors(browser)
    screenshot(browser, "dashboard.png")


def test_add_evidence_by_selecting_with_the_keyboard(site, browser, ledger):
    follow_up = Report.objects.get(body__name=DAZU, year=2025)
    commitment = proposed_evidence(ledger).commitment
    open_page(browser, site(f"/admin/ledger/commitment/{commitment.pk}/change/"))
    review = browser.find_element(By.CSS_SELECTOR, ".ledger-review-select")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", review)
    review.click()
    # Caret to the start, then Shift+→ twelve times: a selection made without the mouse.
    ActionChains(browser).key_down(Keys.CONTROL).send_keys(Keys.HOME).key_up(Keys.CONTROL).perform()
    actions = ActionChains(browser).key_down(Keys.SHIFT)
    for _ in range(12):
        actions.send_keys(Keys.ARROW_RIGHT)
    actions.key_up(Keys.SHIFT).perform()
    state = browser.execute_script("const a = arguments[0]; return [document.activeElement === a, a.selectionStart, a.selectionEnd]", review)
    assert state[0] and state[2] - state[1] == 12, state
    wait_for(browser, EC.element_to_be_clickable((By.ID, "ledger-add-evidence")))
    form = browser.find_element(By.ID, "ledger-evidence-add")
    start = int(form.find_element(By.NAME, "start").get_attribute("value"))
    end = int(form.find_element(By.NAME, "end").get_attribute("value"))
    assert start == int(review.get_attribute("data-offset")) and end == start + 12
    assert re.sub(r"\s", "", text_of(browser, "#ledger-selected-text")) == re.sub(r"\s", "", follow_up.text[start:end])
    # The review cannot be edited by mistake.
    before = review.get_attribute("value")
    ActionChains(browser).send_keys("x").send_keys(Keys.BACKSPACE).perform()
    assert review.get_attribute("value") == before
    assert_no_script_errors(browser)


# A staff member's year with the 台账: units, progress, an overdue row, the printed ledger, the history.


def select2_type(browser, select_id, name, expect=None):
    """Type a unit's name into the select2 picker of <select id=select_id> and take it with Enter (``expect``: the
    unit the picker offers first for it, where that is not the name typed)."""
    container = browser.find_element(By.CSS_SELECTOR, f"#{select_id} + .select2")
    container.find_element(By.CSS_SELECTOR, ".select2-selection").click()
    field = wait_for(browser, EC.visibility_of_element_located(
        (By.CSS_SELECTOR, ".select2-container--open .select2-search__field")))
    field.send_keys(name)
    wait_for(browser, EC.visibility_of_element_located((By.CSS_SELECTOR, ".select2-results__option--highlighted")))
    field.send_keys(Keys.ENTER)
    wait_for(browser, lambda b: (expect or name) in container.text)


def test_a_staff_members_year(site, browser, ledger, boss, downloads):
    from ledger.models import Progress, Unit

    # A task the review did not report done: its deadline (上半年 of the plan year) is long past.
    commitment = ledger.commitments.filter(testable=True).exclude(status=Status.FULFILLED).order_by("ordinal").first()
    Unit.objects.create(body=ledger.body, name="财政经济委员会")
    Unit.objects.create(body=ledger.body, name="社会建设委员会")  # listed after 财政经济委员会 (by pinyin, cai < she)
    page = site(f"/admin/ledger/commitment/{commitment.pk}/change/")
    open_page(browser, page)

    # Assign units: the lead one is new (typed), the partner ones are picked from the body's units, by rank.
    select2_type(browser, "ledger-lead-unit-select", "法制工作委员会")
    select2_type(browser, "ledger-partner-units-select", "社会建设")
    # The name shortened as offices shorten it finds the unit (its characters in order), not a new one.
    select2_type(browser, "ledger-partner-units-select", "财经委", expect="财政经济委员会")
    due = browser.find_element(By.ID, "ledger-due-input")
    due.clear()
    due.send_keys("上半年")
    submit_and_wait(browser, browser.find_element(By.ID, "ledger-save-ledger"))
    assert browser.current_url == page + "#ledger-ledger"
    assert "单位和时限已保存" in text_of(browser, ".messagelist .success")
    commitment.refresh_from_db()
    assert commitment.lead_unit.name == "法制工作委员会"
    assert [u.name for u in commitment.partners] == ["社会建设委员会", "财政经济委员会"]  # in the order chosen
    assert text_of(browser, "#ledger-lead-unit") == "法制工作委员会"
    assert text_of(browser, "#ledger-partner-units") == "社会建设委员会、财政经济委员会"
    assert "上半年（2024-06-30前）" in text_of(browser, "#ledger-due") and "逾期" in text_of(browser, "#ledger-due")

    # Typed and erased again is nothing to lose: the other form is submitted without a question.
    text = browser.find_element(By.CSS_SELECTOR, "#ledger-progress-form textarea[name=text]")
    text.send_keys("草稿")
    text.clear()
    submit_and_wait(browser, browser.find_element(By.ID, "ledger-save-ledger"))
    assert "单位和时限" in text_of(browser, ".messagelist")
    # Progress through the year. Typed, then another form of the page submitted: the page asks first (what was
    # typed used to be lost without a word); kept, the entry is then added.
    text = browser.find_element(By.CSS_SELECTOR, "#ledger-progress-form textarea[name=text]")
    text.send_keys("已召开专题会议，形成工作方案")
    browser.find_element(By.ID, "ledger-save-ledger").click()
    alert = wait_for(browser, EC.alert_is_present())
    assert "尚未保存" in alert.text
    alert.dismiss()
    assert text.get_attribute("value") == "已召开专题会议，形成工作方案" and browser.current_url == page + "#ledger-ledger"
    submit_and_wait(browser, browser.find_element(By.ID, "ledger-add-progress"))
    entry = Progress.objects.get(commitment=commitment)
    assert browser.current_url == page + f"#progress-{entry.pk}"
    assert "已召开专题会议" in text_of(browser, f"#progress-{entry.pk}") and USERNAME in text_of(browser, f"#progress-{entry.pk}")
    assert_no_script_errors(browser)
    screenshot(browser, "commitment-ledger.png")

    # The overdue row in the ledger, found by its filter.
    open_page(browser, site(f"/admin/ledger/commitment/?report={ledger.pk}&deadline=overdue"))
    rows = browser.find_elements(By.CSS_SELECTOR, "#result_list tbody tr")
    assert rows and any(commitment.text[:20] in row.text and "逾期" in row.text for row in rows)
    assert "法制工作委员会" in text_of(browser, "#result_list")

    # One report's ledger, from the report's page, and how it prints.
    open_page(browser, site(f"/admin/ledger/report/{ledger.pk}/change/"))
    link = browser.find_element(By.ID, "ledger-report-ledger-link")
    link.click()
    wait_for(browser, EC.presence_of_element_located((By.CSS_SELECTOR, ".ledger-report-ledger")))
    assert_page_ok(browser)
    headings = [h.text for h in browser.find_elements(By.CSS_SELECTOR, ".ledger-part-heading.ledger-level-1")]
    assert [h[:1] for h in headings[:3]] == ["一", "二", "三"]
    row = text_of(browser, f"#ledger-row-{commitment.pk}")
    assert "法制工作委员会" in row and "财政经济委员会" in row and "已召开专题会议" in row and "逾期" in row
    assert not browser.find_element(By.CSS_SELECTOR, ".ledger-general-rows ul").is_displayed()  # folded away
    assert browser.find_element(By.ID, "header").is_displayed()
    measured = browser.find_elements(By.CSS_SELECTOR, "#ledger-ledger-headline .ledger-measured")
    assert measured and measured[0].is_displayed() and not browser.find_element(By.ID, "ledger-measured-pointer").is_displayed()
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        for hidden in ("#header", ".breadcrumbs", ".object-tools", ".ledger-general-rows ul", ".ledger-measured"):
            assert all(not e.is_displayed() for e in browser.find_elements(By.CSS_SELECTOR, hidden)), hidden
        # The measured accuracy, a paragraph too long for a meeting's handout, is one line pointing to the report's page.
        assert "报告页面" in browser.find_element(By.ID, "ledger-measured-pointer").text
        # A part's folded general direction prints as its line (a part of nothing else printed its heading alone).
        folds = browser.find_elements(By.CSS_SELECTOR, ".ledger-general-rows summary")
        assert folds and all(e.is_displayed() and e.text.endswith("句一般性部署（不跟踪）") for e in folds)
        assert browser.find_element(By.ID, "ledger-unit-summary").is_displayed()  # the tasks by lead unit
        table = browser.find_element(By.CSS_SELECTOR, "table.ledger-sheet")
        assert table.is_displayed()
        # The task is the widest column, in print at an A4 page's width too (fixed widths left it two characters wide).
        browser.set_window_size(1050, 900)
        widths = {cell.get_attribute("class"): cell.size["width"] for cell in table.find_elements(By.CSS_SELECTOR, "thead th")}
        assert widths["ledger-col-task"] == max(widths.values()) and widths["ledger-col-task"] > table.size["width"] / 5, widths
        screenshot(browser, "ledger-print.png")
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        browser.set_window_size(1400, 1000)
    assert_no_script_errors(browser)

    # The 台账 as a sheet: export it, edit it as staff would in Excel, import it with the preview.
    open_page(browser, site(f"/admin/ledger/commitment/?report={ledger.pk}"))
    for stale in downloads.iterdir():
        stale.unlink()
    browser.find_element(By.ID, "ledger-export-xlsx").click()
    exported = downloads / "重庆市大足区人大常委会2024年工作任务台账.xlsx"
    wait_for(browser, lambda _: exported.exists() and not any(downloads.glob("*.crdownload")), timeout=15)
    book = openpyxl.load_workbook(exported)
    sheet = book.active
    header = [cell.value for cell in sheet[2]]
    column = {name: header.index(name) + 1 for name in ("ID", "牵头单位/责任单位", "时限", "进展情况")}
    (row,) = [r for r in range(3, sheet.max_row + 1) if sheet.cell(r, column["ID"]).value == commitment.pk]
    assert sheet.cell(row, column["牵头单位/责任单位"]).value == "法制工作委员会"
    assert "已召开专题会议" in sheet.cell(row, column["进展情况"]).value
    sheet.cell(row, column["时限"]).value = "年底前"
    cell = sheet.cell(row, column["进展情况"])
    cell.value = "2024-12-01 提交常委会审议\n" + cell.value
    edited = downloads / "edited.xlsx"
    book.save(edited)

    open_page(browser, site(f"/admin/ledger/commitment/?report={ledger.pk}"))
    browser.find_element(By.ID, "ledger-import").click()
    wait_for(browser, EC.presence_of_element_located((By.ID, "ledger-sheet-upload")))
    browser.find_element(By.CSS_SELECTOR, "#ledger-sheet-upload input[type=file]").send_keys(str(edited))
    submit_and_wait(browser, browser.find_element(By.ID, "ledger-sheet-preview"))
    changes = browser.find_elements(By.CSS_SELECTOR, "#ledger-sheet-changes tr.ledger-sheet-change")
    assert {(c.get_attribute("data-id"), c.get_attribute("data-field")) for c in changes} == {
        (str(commitment.pk), "due"), (str(commitment.pk), "progress"),
    }
    commitment.refresh_from_db()
    assert commitment.due_label == "上半年"  # nothing applied before the confirmation
    screenshot(browser, "sheet-import-preview.png")
    submit_and_wait(browser, browser.find_element(By.ID, "ledger-sheet-apply"))
    commitment.refresh_from_db()
    assert (commitment.due_label, commitment.due.isoformat()) == ("年底前", "2024-12-31")
    assert {(p.date.isoformat(), p.text) for p in commitment.progress.all()} == {
        ("2024-12-01", "提交常委会审议"), (entry.date.isoformat(), "已召开专题会议，形成工作方案"),
    }
    assert_no_script_errors(browser)

    # The changes in the history, in staff's words.
    open_page(browser, site(f"/admin/ledger/commitment/{commitment.pk}/history/"))
    history = text_of(browser, "#change-history")
    assert "牵头单位" in history and "法制工作委员会" in history and "配合单位" in history and "时限" in history
    assert "上半年 → 年底前" in history
    assert "None" not in history and USERNAME in history
    assert "已召开专题会议" in text_of(browser, "#ledger-progress-history")
    assert "提交常委会审议" in text_of(browser, "#ledger-progress-history")
    screenshot(browser, "history.png")


def test_back_after_a_decision_shows_the_status_the_ledger_holds(site, browser, ledger):
    """After confirming a candidate, Back reloaded the page with the status list restored by the browser to the status
    before: saving a note then put the old status back over the person's own decision."""
    candidate = (
        Evidence.objects.filter(commitment__report=ledger, verdict="candidate", commitment__testable=True)
        .exclude(commitment__status=Status.FULFILLED).select_related("commitment").first()
    )
    commitment = candidate.commitment
    page = site(f"/admin/ledger/commitment/{commitment.pk}/change/")
    open_page(browser, page)
    before = browser.find_element(By.ID, "id_status").get_attribute("value")
    assert before == commitment.status
    button = browser.find_element(By.CSS_SELECTOR, f"#candidate-{candidate.pk} .ledger-confirm-fulfilled")
    submit_and_wait(browser, button)
    commitment.refresh_from_db()
    assert commitment.status == Status.FULFILLED
    html = browser.find_element(By.TAG_NAME, "html")
    browser.back()
    wait_for(browser, replaced(html))
    wait_for(browser, lambda b: b.execute_script("return document.readyState") == "complete")
    assert browser.find_element(By.ID, "id_status").get_attribute("value") == Status.FULFILLED
    forms = browser.find_elements(By.CSS_SELECTOR, "#ledger-status form, #ledger-ledger-form, #ledger-progress-form")
    assert forms and all(form.get_attribute("autocomplete") == "off" for form in forms)
    assert_no_script_errors(browser)


def test_an_entry_given_back_after_a_refusal_is_not_lost_to_another_forms_save(site, browser, ledger):
    """A progress entry the ledger refused comes back in its form; saving the status form then asked nothing, for the
    text came as the page gave it, and the entry was lost."""
    commitment = ledger.commitments.filter(testable=True).first()
    page = site(f"/admin/ledger/commitment/{commitment.pk}/change/")
    open_page(browser, page)
    form = browser.find_element(By.ID, "ledger-progress-form")
    browser.execute_script("arguments[0].value = '2000-01-01'", form.find_element(By.NAME, "date"))
    form.find_element(By.NAME, "text").send_keys("征求意见稿已印发")
    submit_and_wait(browser, browser.find_element(By.ID, "ledger-add-progress"))
    form = browser.find_element(By.ID, "ledger-progress-form")
    assert form.find_element(By.NAME, "text").get_attribute("value") == "征求意见稿已印发"
    browser.execute_script("arguments[0].click()", browser.find_element(By.ID, "ledger-save-status"))
    alert = WebDriverWait(browser, 5).until(EC.alert_is_present())
    alert.dismiss()  # the person stays, and the entry with them
    assert browser.find_element(By.CSS_SELECTOR, "#ledger-progress-form textarea[name=text]").get_attribute("value") == "征求意见稿已印发"
    assert_no_script_errors(browser)
