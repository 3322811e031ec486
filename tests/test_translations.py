"""Every user-facing string has a zh-hans translation, and the compiled catalogue carries it.

One test over the whole catalogue (rather than a test per string): its failure lists every problem."""

import json
from pathlib import Path

import pytest
import polib
from django.utils import translation

PO = Path(__file__).resolve().parents[1] / "ledger" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
PLACEHOLDERS = ("source", "path", "count", "body", "year", "limit", "size", "given", "stated", "report", "n", "status")


def translated(entry) -> str:
    return entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr


def test_every_string_is_translated_and_compiled_with_its_placeholders():
    entries = [entry for entry in polib.pofile(str(PO)) if not entry.obsolete]
    assert entries
    problems = []
    with translation.override("zh-hans"):
        for entry in entries:
            if not translated(entry) or "fuzzy" in entry.flags:
                problems.append(f"untranslated or fuzzy: {entry.msgid!r}")
                continue
            if entry.msgid_plural:
                compiled = translation.ngettext(entry.msgid, entry.msgid_plural, 1)
                expected = entry.msgstr_plural[0]
            elif entry.msgctxt:
                compiled, expected = translation.pgettext(entry.msgctxt, entry.msgid), entry.msgstr
            else:
                compiled, expected = translation.gettext(entry.msgid), entry.msgstr
            if compiled != expected:
                problems.append(f"not in the compiled catalogue (run compilemessages): {entry.msgid!r} -> {compiled!r}")
            for name in PLACEHOLDERS:
                placeholder = f"%({name})"
                if (placeholder in entry.msgid) != (placeholder in translated(entry)):
                    problems.append(f"placeholder {placeholder} differs: {entry.msgid!r} -> {translated(entry)!r}")
    assert not problems, f"{len(problems)} translation problems:\n" + "\n".join(problems)


JS_PO = PO.with_name("djangojs.po")


def test_the_admin_pages_django_leaves_in_english_come_in_chinese(admin_client):
    """Django 5.2's zh_Hans catalogue lacks a few admin strings: the ledger's catalogues carry them (the
    permission chooser's JavaScript ones through LOCALE_PATHS), so a staff member adding a user or a group reads
    no English."""
    catalog = admin_client.get("/admin/jsi18n/").content.decode()
    for entry in polib.pofile(str(JS_PO)):
        assert entry.msgstr and "fuzzy" not in entry.flags
        assert f"{json.dumps(entry.msgid)}: {json.dumps(entry.msgstr)}" in catalog, entry.msgid
    page = admin_client.get("/admin/auth/user/add/").content.decode()
    assert "创建用户之后，才能编辑更多的用户选项。" in page and "After you’ve created a user" not in page
    index = admin_client.get("/admin/").content.decode()
    assert "Model name" not in index and "Add link" not in index


@pytest.mark.django_db
def test_titles_django_writes_with_an_ascii_colon_or_stray_spaces_read_as_chinese(admin_client, django_user_model):
    """Django's and django-simple-history's zh_Hans wrote 选择 单位 来修改 and 查看历史记录: … on the lists and history
    pages staff read every day."""
    from django.contrib.auth.models import Permission

    from ledger.models import Body, Unit

    unit = Unit.objects.create(body=Body.objects.create(name="重庆市大足区人大常委会"), name="法制工作委员会")
    listed = admin_client.get("/admin/ledger/unit/").content.decode()
    assert "选择要修改的单位" in listed and "选择 单位 来修改" not in listed
    history = admin_client.get(f"/admin/ledger/unit/{unit.pk}/history/").content.decode()
    assert "<h1>变更历史：法制工作委员会</h1>" in history and "历史记录: " not in history
    # Who may only read a history (no revert) is given the same title, not 查看历史记录 on one page and 变更历史 on the next.
    reader = django_user_model.objects.create_user("reader", password="pw123456", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_unit"))
    admin_client.force_login(reader)
    history = admin_client.get(f"/admin/ledger/unit/{unit.pk}/history/").content.decode()
    assert "<h1>变更历史：法制工作委员会</h1>" in history


def test_no_template_comment_spans_lines():
    """A {# … #} comment ends at its line's end in Django: one over two lines was printed, in English, on every import
    preview. Longer comments use {% comment %}."""
    from pathlib import Path

    from django.conf import settings

    spanning = []
    for path in (Path(settings.BASE_DIR) / "ledger" / "templates").rglob("*.html"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            start = line.find("{#")
            if start >= 0 and "#}" not in line[start:]:
                spanning.append(f"{path.name}:{number}")
    assert spanning == []
