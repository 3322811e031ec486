from importlib import import_module

from django.core.management.base import BaseCommand, CommandError

BENCHMARKS = ["ingest", "extraction", "linking", "api", "admin", "floors"]


class Command(BaseCommand):
    help = "Run a benchmark and print its figures: " + ", ".join(BENCHMARKS)

    def add_arguments(self, parser):
        parser.add_argument("benchmark", choices=BENCHMARKS)
        parser.add_argument("--repeat", type=int, default=20, help="passes over the reports (default 20)")
        parser.add_argument("--quick", action="store_true", help="skip the slow scale runs (linking)")
        parser.add_argument(
            "--record", action="store_true",
            help="write the end-to-end figures to ledger/accuracy.yaml, which users see (linking)",
        )

    def handle(self, *args, benchmark, repeat, verbosity, quick, record, **options):
        if record and benchmark != "linking":
            raise CommandError("--record is for the linking benchmark")
        extra = {"record": True} if record else {}
        run = import_module(f"ledger.benchmarks.{benchmark}").run
        run(self.stdout.write, repeat=repeat, verbose=verbosity, quick=quick, **extra)
