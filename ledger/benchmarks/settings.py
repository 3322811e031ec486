"""The ledger's settings with the benchmark's floor endpoints mounted (ledger/benchmarks/urls.py): only the
benchmarks' scratch servers run with these (DJANGO_SETTINGS_MODULE=ledger.benchmarks.settings)."""

from config.settings import *  # noqa: F401,F403

ROOT_URLCONF = "ledger.benchmarks.urls"
