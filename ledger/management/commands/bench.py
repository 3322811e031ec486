from importlib import import_module

from django.core.management.base import BaseCommand

BENCHMARKS = ["ingest", "extraction", "linking", "api", "admin", "floors"]


class Command(BaseCommand):
    help = "Run a benchmark and print its figures: " + ", ".join(BENCHMARKS)

    def add_arguments(self, parser):
        parser.add_argument("benchmark", choices=BENCHMARKS)
        parser.add_argument("--repeat", type=int, default=20, help="passes over the reports (default 20)")
        parser.add_argument("--quick", action="store_true", help="skip the slow scale runs (linking)")

    def handle(self, *args, benchmark, repeat, verbosity, quick, **options):
        import_module(f"ledger.benchmarks.{benchmark}").run(self.stdout.write, repeat=repeat, verbose=verbosity, quick=quick)
