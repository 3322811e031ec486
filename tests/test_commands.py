import os

import pytest
from django.core.management import CommandError, call_command

from ledger.models import Report

from .conftest import CORPUS, DATA, SEEDS, SHEET_HEADER, needs_corpus

pytestmark = pytest.mark.django_db


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


def test_ingest_prints_one_line_per_file(english):
    out, err, error = run("ingest", *sorted(SEEDS.glob("*.txt")))
    assert error is None, err
    lines = [line for line in out.splitlines() if not line.startswith("  ")]
    assert len(lines) == 5
    assert "重庆市大足区人大常委会 · standing committee work report · 2024 · created" in lines[3]
    assert "tasks " in lines[3] and " chars" in lines[3]
    assert Report.objects.count() == 5


def test_ingest_uses_the_manifest_and_records_it():
    run("ingest", str(SEEDS / "004_30e6a7281a01218e.txt"))
    report = Report.objects.get()
    assert report.provenance["year"]["source"] == "manifest"
    assert report.body.name == "扬州市人大常委会"


def test_ingest_again_says_unchanged(english):
    path = str(SEEDS / "002_3a24a2c82d9019aa.txt")
    run("ingest", path)
    out, _, error = run("ingest", path)
    assert error is None
    assert "unchanged, already stored" in out


def test_ingest_reports_each_bad_file_by_name_and_goes_on(english, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out, err, error = run("ingest", str(empty), str(DATA / "not_a_report.txt"), str(SEEDS / "003_24d22fd751546d7f.txt"))
    assert "empty.txt is empty" in err
    assert "not_a_report.txt is not a work report" in err
    assert "重庆市大足区人大常委会" in out
    assert str(error) == "2 of 3 files were not ingested."
    assert Report.objects.count() == 1


def test_ingest_dry_run_stores_nothing(english):
    out, _, error = run("ingest", "--dry-run", str(SEEDS / "003_24d22fd751546d7f.txt"))
    assert error is None
    assert out.startswith("(dry run) ")
    assert Report.objects.count() == 0


def test_ingest_overrides_from_the_command_line(english):
    seed = str(SEEDS / "003_24d22fd751546d7f.txt")
    # A body against the one the report's own title names is refused, naming both.
    out, err, error = run("ingest", "--no-manifest", "--body", "重庆市大足区人民政府", "--kind", "gov", seed)
    assert error is not None
    assert "the body given (重庆市大足区人民政府) contradicts the body the report names (重庆市大足区人大常委会" in err + str(error)
    assert not Report.objects.exists()
    run("ingest", "--no-manifest", "--kind", "npc", "--year", "2024", seed)
    report = Report.objects.get()
    assert (report.body.name, report.kind) == ("重庆市大足区人大常委会", "npc")
    assert report.provenance["kind"]["source"] == "override"
    # A kind against the one the title states: refused, not ignored.
    out, err, error = run("ingest", "--no-manifest", "--kind", "gov", seed)
    assert error is not None
    assert "given as a government work report, but its title (“重庆市大足区人民代表大会常务委员会工作报告”)" in err + str(error)


def test_ingest_prints_warnings(english, tmp_path):
    text = (SEEDS / "003_24d22fd751546d7f.txt").read_text(encoding="utf-8")
    path = tmp_path / "review-only.txt"
    path.write_text(text[: text.index("今后一年工作任务")], encoding="utf-8")
    out, _, _ = run("ingest", str(path))
    assert "warning: " in out


def test_ingest_prints_missing_sections_and_the_previous_year_follow_through(english, tmp_path):
    from ledger.models import Commitment

    text = (DATA / "followup" / "dazu-2025.txt").read_text(encoding="utf-8")
    no_review = tmp_path / "no-review.txt"
    no_review.write_text("\n".join(text.split("\n")[:4]) + "\n" + text[text.index("今后一年工作任务") :], encoding="utf-8")
    out, err, error = run("ingest", str(SEEDS / "003_24d22fd751546d7f.txt"), str(no_review))
    assert error is None, err
    assert "No review section was found in this report: the previous year's commitments cannot be checked" in out
    assert "so its commitments stay pending" in out
    out, err, error = run("ingest", "--replace", str(DATA / "followup" / "dazu-2025.txt"))
    assert error is None, err
    promise = Commitment.objects.filter(report__year=2024, testable=True)
    counts = {status: promise.filter(status=status).count() for status in ("fulfilled", "partial", "not_reported", "not_done", "needs_review")}
    assert (
        f"2024 standing committee work report now: fulfilled {counts['fulfilled']} · partially fulfilled {counts['partial']} "
        f"· not reported {counts['not_reported']} · not carried out {counts['not_done']} · needs review {counts['needs_review']}"
    ) in out
    assert counts["needs_review"] and "statuses changed)" in out
    # The changed statuses are counted among the testable rows, like the counts before them: every testable row
    # moved from pending (no review) to a status, and no general sentence is counted.
    assert f"({promise.count()} statuses changed)" in out


@needs_corpus
def test_ingest_government_corpus(english):
    """A term-end report (2018, review of five years) and the next, each with its review and tasks, filed under
    the State Council and linked; every national report is read right in test_metadata and test_sections."""
    out, err, error = run("ingest", str(CORPUS / "2018.txt"), str(CORPUS / "2019.txt"))
    assert error is None, err
    assert out.count("国务院 · government work report") == 2
    reports = list(Report.objects.order_by("year"))
    assert [(r.body.name, r.body.level, r.kind, r.year) for r in reports] == [
        ("国务院", "national", "gov", y) for y in (2018, 2019)
    ]
    for report in reports:
        assert {"review", "tasks"} <= set(report.sections.values_list("kind", flat=True)), report
    assert reports[0].commitments.filter(testable=True).exclude(status="pending").exists()


def test_committed_fixture_is_up_to_date():
    out, err, error = run("build_fixtures", "--check")
    assert error is None, "fixtures/seeds.yaml is stale: run manage.py build_fixtures"


def test_loaddata_seeds_gives_what_ingest_gives(seeded):
    ingested = {
        (r.body.name, r.kind, r.year): (r.text, list(r.sections.values_list("kind", "start", "end")))
        for r in Report.objects.all()
    }
    Report.objects.all().delete()
    call_command("loaddata", "seeds", verbosity=0)
    loaded = {
        (r.body.name, r.kind, r.year): (r.text, list(r.sections.values_list("kind", "start", "end")))
        for r in Report.objects.all()
    }
    assert loaded == ingested
    assert len(loaded) == 5


def test_bootstrap_loads_seeds_once_and_prints_the_login(english):
    out, _, error = run("bootstrap", "--password", "s3cret-pass")
    assert error is None
    assert "Loaded the seed reports: 5 reports." in out
    # A seed with a review section says when it came in (the load), as one ingested does; the API gave null.
    from ledger.models import Report

    assert all(
        (report.review_at is not None) == report.sections.filter(kind="review").exists() for report in Report.objects.all()
    ) and Report.objects.filter(review_at__isnull=False).exists()
    assert "Staff login for http://127.0.0.1:8000/admin/ — user: staff  password: s3cret-pass" in out
    out, _, _ = run("bootstrap", "--host", "0.0.0.0", "--port", "8123")
    assert "http://0.0.0.0:8123/admin/" in out
    assert "seeds not reloaded" in out
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.get(username="staff").is_staff


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_export_writes_the_ledger(seeded, tmp_path, suffix):
    import openpyxl

    path = tmp_path / f"ledger.{suffix}"
    out, err, error = run("export", str(path), "--body", "重庆市大足区人大常委会", "--testable")
    assert error is None, err
    if suffix == "xlsx":
        rows = list(openpyxl.load_workbook(path).active.values)
    else:
        rows = [line.split(",") for line in path.read_text(encoding="utf-8-sig").splitlines()]
    # Only the testable rows: the title says the sheet is not the whole ledger.
    assert rows[0][0] == "重庆市大足区人大常委会2024年工作任务台账（筛选后：跟踪任务 52 项中的 52 项）"
    assert list(rows[1]) == SHEET_HEADER
    expected = Report.objects.get(body__name="重庆市大足区人大常委会").commitments.filter(testable=True).count()
    assert len(rows) - 2 == expected


def test_export_refuses_an_unknown_format_and_body(seeded, tmp_path):
    assert run("export", str(tmp_path / "ledger.pdf"))[2] is not None
    assert run("export", str(tmp_path / "ledger.csv"), "--body", "不存在的机关")[2] is not None


def test_bench_extraction_prints_each_row_with_its_rule():
    from ledger.benchmarks.extraction import UNKNOWN_RULE, annotations, evaluate

    out, err, error = run("bench", "extraction", "--repeat", "1", "--verbosity", "2")
    assert error is None, err
    lines = out.splitlines()
    name, annotation = next((n, a) for n, a in annotations() if n == "003")
    read, result = evaluate(annotation)
    block = lines[next(i for i, line in enumerate(lines) if line.startswith(f"{name} ")) + 1 :]
    for row in (row for row in read.commitments if row.testable):
        assert f"    {row.rule or UNKNOWN_RULE:28} {row.kind:12} {row.object}" in block
    for row in result.spurious:
        assert any(line.startswith(f"    spurious {row.rule or UNKNOWN_RULE:28} {row.kind:12} {row.object}") for line in block)
    assert "overall" in out and "extraction speed" in out


def test_a_batch_goes_on_past_files_it_cannot_take(english, tmp_path):
    """A malformed manifest, a file name in GBK (a Windows zip), a body name over its column, a path over its
    column and a year to come: each is named with its problem, the rest of the batch is ingested, nothing else is
    stored."""
    seed = (SEEDS / "003_24d22fd751546d7f.txt").read_bytes()
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "manifest.yaml").write_text("reports: [file: a.txt", encoding="utf-8")
    (broken / "a.txt").write_bytes(seed)
    gbk = tmp_path / "gbk"
    gbk.mkdir()
    gbk_name = os.fsdecode(str(gbk).encode() + b"/" + "政府工作报告.txt".encode("gbk"))
    with open(gbk_name, "wb") as file:
        file.write((SEEDS / "002_3a24a2c82d9019aa.txt").read_bytes())
    future = tmp_path / "future.txt"
    future.write_bytes(seed.decode("utf-8").replace("2024", "2099").replace("2023", "2098").encode("utf-8"))
    deep = tmp_path.joinpath(*["很长的目录名" * 12] * 4)
    deep.mkdir(parents=True)
    (deep / "003.txt").write_bytes(seed)
    out, err, error = run("ingest", str(broken / "a.txt"), gbk_name, str(future), str(deep / "003.txt"))
    # Where it is broken, not PyYAML's own words ("while parsing a flow sequence …").
    assert "manifest.yaml is not valid YAML (line 1, column " in err and "parsing" not in err
    assert "the year 2099" in err and "future.txt" in err
    assert "政府工作报告.txt" in out  # the GBK name, read as GB18030
    assert str(error) == "2 of 4 files were not ingested."
    stored = Report.objects.order_by("pk")
    # Stored by the file's name: the API serves it, and the server's folders are no one's business.
    assert [r.source for r in stored] == ["政府工作报告.txt", "003.txt"]
    out, err, error = run("ingest", "--dry-run", "--body", "某" * 150 + "人民政府", str(future))
    assert "the body given is 154 characters long" in err and Report.objects.count() == 2
    # Spaces only are no body given (it was compared as an empty name with the one the report states).
    out, err, error = run("ingest", "--dry-run", "--body", "  ", str(deep / "003.txt"))
    assert error is None and "重庆市大足区人大常委会" in out and Report.objects.count() == 2
    (broken / "manifest.yaml").write_text("reports:\n  - file: a.txt\n    year: 二〇二四\n", encoding="utf-8")
    from ledger.manifest import _load

    _load.cache_clear()
    out, err, error = run("ingest", str(broken / "a.txt"))
    assert "write it in digits" in err
    (broken / "manifest.yaml").write_text('reports:\n  - file: a.txt\n    year: "2024"\n', encoding="utf-8")
    _load.cache_clear()
    out, err, error = run("ingest", "--dry-run", str(broken / "a.txt"))
    assert error is None and "2024" in out


def test_a_batch_names_what_is_no_file_and_a_manifest_value_it_cannot_take(english, tmp_path, settings):
    """/dev/zero was read whole before its size was checked (the memory filled); a pipe was waited on for ever; a
    symlink loop and a manifest body written as a list ended the batch with a traceback; a manifest kind of xx was
    said to contradict the title."""
    from ledger.manifest import _load

    seed = SEEDS / "003_24d22fd751546d7f.txt"
    loop = tmp_path / "loop1"
    loop.symlink_to(tmp_path / "loop2")
    (tmp_path / "loop2").symlink_to(loop)
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    settings.LEDGER_MAX_REPORT_BYTES = 200_000
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(300_000)
    out, err, error = run("ingest", "/dev/zero", str(pipe), str(loop), str(big), str(tmp_path), str(seed))
    assert "/dev/zero is not a file" in err and "pipe.txt is not a file" in err and f"{tmp_path} is not a file" in err
    assert "loop1: cannot be read (ELOOP)" in err and "big.txt is 293 KB, more than the limit" in err
    assert "重庆市大足区人大常委会" in out and str(error) == "5 of 6 files were not ingested."
    # No such file: said in the ledger's words, translated (it was the system's English "No such file or directory").
    out, err, error = run("ingest", str(tmp_path / "nowhere.txt"))
    assert "nowhere.txt: there is no such file." in err and "directory" not in err
    listed = tmp_path / "listed"
    listed.mkdir()
    (listed / "a.txt").write_bytes(seed.read_bytes())
    for entry, said in (("body: [a, b]", "write the body's name"), ("kind: xx", "write npc (a standing committee's report) or gov")):
        (listed / "manifest.yaml").write_text(f"reports:\n  - file: a.txt\n    {entry}\n", encoding="utf-8")
        _load.cache_clear()
        out, err, error = run("ingest", "--dry-run", str(listed / "a.txt"))
        assert said in err and "a.txt" in err and str(error) == "1 of 1 files were not ingested.", err
    assert Report.objects.count() == 1
