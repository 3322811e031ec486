"""NUL bytes (and other control characters) in a report are removed with a notice staff see, and the
ingest command's "unchanged" line names the file it was given."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from ledger import services
from ledger.pipeline.normalise import normalise_report

from .conftest import SEEDS, seed_bytes

pytestmark = pytest.mark.django_db


def _with_nuls(data: bytes) -> bytes:
    """Seed 003 with NUL bytes between paragraphs, as a file damaged in transfer holds them."""
    lines = data.split(b"\n")
    return b"\n".join(line + (b"\x00\x00" if i % 5 == 1 else b"") for i, line in enumerate(lines))


def test_removed_nul_bytes_are_a_notice_with_code_and_count():
    text = seed_bytes("003").decode("utf-8")
    notices = normalise_report(text.replace("\n", "\x00\n", 3) + "\x07").notices
    (notice,) = [n for n in notices if n.code == "controls_removed"]
    assert notice.params == {"count": 4, "nul": 3}
    assert "4 control characters (3 of them NUL bytes)" in str(notice)
    assert not [n for n in normalise_report(text).notices if n.code == "controls_removed"]


def test_an_upload_with_nul_bytes_reads_the_same_commitments_and_says_so_in_chinese(django_user_model, client):
    data = _with_nuls(seed_bytes("003"))
    nuls = data.count(b"\x00")
    assert nuls > 2
    result = services.report_ingest(data, source="003-nul.txt")
    report = result.report
    (notice,) = [n for n in report.notices if n["code"] == "controls_removed"]
    assert notice["params"]["nul"] == nuls
    clean = services.report_ingest(seed_bytes("003"), source="003.txt")
    assert clean.outcome == services.UNCHANGED  # the same canonical text

    boss = django_user_model.objects.create_superuser("boss", password="pw")
    client.force_login(boss)
    page = client.get(reverse("admin:ledger_report_change", args=[report.pk])).content.decode()
    assert f"{nuls} 个控制字符" in page and "NUL" in page

    api = APIClient()
    api.force_authenticate(boss)
    listed = api.get(f"/api/v1/reports/{report.pk}/").json()["notices"]
    assert "controls_removed" in {n["code"] for n in listed}


def test_ingest_command_prints_the_notice(english, tmp_path):
    path = tmp_path / "003-nul.txt"
    path.write_bytes(_with_nuls(seed_bytes("003")))
    from io import StringIO

    out = StringIO()
    call_command("ingest", str(path), stdout=out)
    assert "NUL bytes were removed" in out.getvalue() or "of them NUL bytes" in out.getvalue()


def test_unchanged_line_names_the_file_given_and_the_stored_one(english, tmp_path):
    from io import StringIO

    first = SEEDS / "002_3a24a2c82d9019aa.txt"
    copy = tmp_path / "copy-of-002.txt"
    copy.write_bytes(first.read_bytes())
    call_command("ingest", str(first), stdout=StringIO())
    out = StringIO()
    call_command("ingest", str(copy), stdout=out)
    line = out.getvalue().splitlines()[0]
    assert line.startswith(f"{copy}: ")
    assert f"unchanged, already stored from {first.name}" in line
    again = StringIO()
    call_command("ingest", str(first), stdout=again)
    assert again.getvalue().splitlines()[0].startswith(f"{first}: ")
    assert "stored from" not in again.getvalue().splitlines()[0]
