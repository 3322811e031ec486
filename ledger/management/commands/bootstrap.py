import os
import secrets
import socket

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from ledger.models import Report
from ledger.seeds import load_fixture


# Staff roles: viewers read and export, editors also load reports and decide. Only superusers delete.
VIEWERS, EDITORS = "台账查看", "台账核验"
VIEW = ["view_body", "view_report", "view_section", "view_commitment", "view_evidence", "view_unit", "view_progress"]
DECIDE = ["add_report", "change_commitment", "change_evidence", "add_evidence", "add_unit", "change_unit", "add_progress",
          "change_progress", "delete_progress"]


def port_free(host: str, port: int) -> bool:
    """Whether a server could listen on host:port now (with SO_REUSEADDR, as runserver binds)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def ensure_groups():
    for name, codenames in ((VIEWERS, VIEW), (EDITORS, VIEW + DECIDE)):
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(content_type__app_label="ledger", codename__in=codenames))


class Command(BaseCommand):
    help = (
        "Prepare a local ledger: migrate, load the seed reports when the ledger is empty, create the staff "
        "groups (台账查看 viewers, 台账核验 editors) and create (or reset) the staff account, "
        "printing its login at --host and --port."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("LEDGER_STAFF_USER", "staff"))
        parser.add_argument(
            "--password",
            default=os.environ.get("LEDGER_STAFF_PASSWORD"),
            help="default: a new random password, printed",
        )
        # Only for the printed login line: the address the server will listen on (make run passes its own).
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        # make run: stop before anything when the server could not listen there, rather than print a login for a
        # port another program answers on.
        parser.add_argument("--check-port", action="store_true", help="fail when --host:--port is taken")

    def handle(self, *args, **options):
        if options["check_port"] and not port_free(options["host"], options["port"]):
            raise CommandError(
                _("Port %(port)d on %(host)s is taken by another program: stop it, or serve on another port "
                  "(make run PORT=%(next)d).") % {"port": options["port"], "host": options["host"], "next": options["port"] + 1}
            )
        call_command("migrate", interactive=False, verbosity=0)
        if Report.objects.exists():
            self.stdout.write(_("The ledger holds %(count)d reports; seeds not reloaded.") % {"count": Report.objects.count()})
        else:
            self.stdout.write(_("Loaded the seed reports: %(count)d reports.") % {"count": load_fixture()})
        ensure_groups()
        username = options["username"]
        password = options["password"] or secrets.token_urlsafe(12)
        with transaction.atomic():
            user, _created = get_user_model().objects.get_or_create(username=username)
            user.is_staff = user.is_superuser = True
            user.set_password(password)
            user.save()
        self.stdout.write(
            self.style.SUCCESS(
                _("Staff login for %(url)s — user: %(user)s  password: %(password)s")
                % {"url": f"http://{options['host']}:{options['port']}/admin/", "user": username, "password": password}
            )
        )
