from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ledger.seeds import FIXTURE_NAME, build_fixture


class Command(BaseCommand):
    help = "Write fixtures/seeds.yaml from the seed reports as the pipeline reads them now (loaddata seeds loads it)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="write nothing; fail when the committed fixture is stale")
        parser.add_argument("--dry-run", action="store_true", help="build and report, write nothing")

    def handle(self, *args, **options):
        path = Path(settings.FIXTURE_DIRS[0]) / FIXTURE_NAME
        # The seeds are ingested in a transaction that is rolled back, so the tables must exist.
        call_command("migrate", interactive=False, verbosity=0)
        built = build_fixture()
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if options["check"]:
            if built != current:
                raise CommandError(_("%(path)s is stale: run “manage.py build_fixtures”.") % {"path": path})
            self.stdout.write(_("%(path)s is up to date.") % {"path": path})
            return
        if options["dry_run"]:
            self.stdout.write(_("%(path)s would be %(state)s.") % {"path": path, "state": _("unchanged") if built == current else _("rewritten")})
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(built, encoding="utf-8")
        count = sum(1 for line in built.splitlines() if line.startswith("- "))
        self.stdout.write(_("Wrote %(path)s (%(count)d objects).") % {"path": path, "count": count})
