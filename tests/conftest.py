from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import translation

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"
CORPUS = ROOT.parent / "shared" / "corpus" / "gwr"
FOLLOW_UP = DATA / "followup" / "dazu-2025.txt"
DAZU = "重庆市大足区人大常委会"
# The header row of the 台账 export (under its title row), in Chinese whatever the page's language.
SHEET_HEADER = [
    "ID", "机关", "年度", "序号", "部分", "工作任务", "牵头单位/责任单位", "配合单位", "时限", "进展情况", "状态", "状态说明", "判定来源",
    "依据", "核验人", "核验时间",
]

SEED_FILES = sorted(p.name for p in SEEDS.glob("*.txt"))
CORPUS_FILES = sorted(p.name for p in CORPUS.glob("*.txt")) if CORPUS.is_dir() else []

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus/gwr is absent")
# Fixtures that put a test in the database (the django_db marker does too).
_DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences", "django_db_serialized_rollback"}


def seed_bytes(name_prefix: str) -> bytes:
    """The seed whose file name starts with ``name_prefix`` (000 … 004), as bytes."""
    (path,) = SEEDS.glob(f"{name_prefix}*.txt")
    return path.read_bytes()


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hasher():
    """Tests create and log in users all the time; the default PBKDF2 (a million rounds) costs ~0.3 s each."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


# The database. Every test starts from an empty ledger, as it always has, except the tests that ask for
# the seed ledger (``seed_ledger``): that is ingested once per session and committed, and each test's own
# writes are still rolled back with its transaction (pytest-django's ``db``).


def wipe_ledger() -> None:
    """Empty every table of the ledger app (what ``flush`` does, for the ledger's tables only)."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    models = apps.get_app_config("ledger").get_models(include_auto_created=True)
    tables = sorted({m._meta.db_table for m in models if m._meta.managed and not m._meta.proxy})
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables))


def load_seed_ledger() -> None:
    """The five seeds as the manifest describes them, plus the 2025 follow-up of 大足区, which links evidence
    to its 2024 commitments and gives them statuses. Ingested, as these tests always were, rather than loaded
    from fixtures/seeds.yaml: ingesting takes 0.2 s, loaddata 1 s (test_commands checks that they agree)."""
    from ledger import services
    from ledger.seeds import ingest_seeds

    wipe_ledger()
    ingest_seeds()
    services.report_ingest(FOLLOW_UP.read_bytes(), source="dazu-2025.txt")


def queries_of(request, *, status: int = 200) -> int:
    """How many queries ``request()`` (an API request, answered ``status``) makes, its throttle count among them: a
    lease an earlier request took (api/throttling.py) would spare it one, or a window ending between two requests
    cost one more."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ledger.api.throttling import LEASES

    LEASES.clear()
    with CaptureQueriesContext(connection) as captured:
        assert request().status_code == status
    return len(captured)


@pytest.fixture(autouse=True)
def _no_throttle_leases():
    """A throttle lease (api/throttling.py) lives in the process, not in a test's database: none carries over."""
    from ledger.api.throttling import LEASES

    LEASES.clear()
    yield
    LEASES.clear()


@pytest.fixture(autouse=True)
def _empty_ledger(request):
    """A test in the database that did not ask for ``seed_ledger`` gets an empty ledger: the committed seed
    ledger is deleted inside its transaction (rolled back with it; committed for transactional tests, whose
    database is flushed after them anyway)."""
    if "seed_ledger" in request.fixturenames:
        return
    if not (request.node.get_closest_marker("django_db") or _DB_FIXTURES & set(request.fixturenames)):
        return
    request.getfixturevalue("db")  # the test's transaction first (transactional_db when the test asks for it)
    wipe_ledger()


@pytest.fixture(scope="session")
def _seed_ledger_committed(django_db_setup, django_db_blocker):
    # Session-scoped, so pytest sets it up before the requesting test's transaction begins: it is committed.
    with django_db_blocker.unblock():
        load_seed_ledger()


@pytest.fixture
def seed_ledger(_seed_ledger_committed, db):
    """The seed ledger (see ``load_seed_ledger``), loaded once per session; returns 大足区's 2024 report.

    Tests may write: their transaction is rolled back. Transactional tests (live_server) flush the database
    after them, so the ledger is loaded again when it is gone."""
    from ledger.models import Report

    if not Report.objects.filter(body__name=DAZU, year=2025).exists():
        load_seed_ledger()
    return Report.objects.get(body__name=DAZU, year=2024)


@pytest.fixture
def seeded(db):
    """The five seeds ingested as the manifest describes them (on the empty ledger every test starts from)."""
    from ledger.seeds import ingest_seeds

    return ingest_seeds()



@pytest.fixture
def boss(django_user_model):
    """A superuser (some modules define their own, signed in to the admin)."""
    return django_user_model.objects.create_superuser("boss", password="pw")


@pytest.fixture
def api(boss):
    """An API client signed in as the superuser: every door of the API open."""
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(boss)
    return client

# Modules that start a server, a browser or a fuzzer take seconds each: scheduled first, so that the two
# workers of `make test` (one module each at a time) end together instead of one waiting on the other.
_LONG_MODULES = ("test_serving.py", "test_browser.py", "test_commands.py", "test_api_schema.py")


def pytest_collection_modifyitems(config, items):
    items.sort(key=lambda item: item.path.name not in _LONG_MODULES)
