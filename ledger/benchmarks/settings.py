"""The ledger's settings with the benchmark's floor endpoints mounted (ledger/benchmarks/urls.py): only the
benchmarks' scratch servers run with these (DJANGO_SETTINGS_MODULE=ledger.benchmarks.settings)."""

from config.settings import *  # noqa: F401,F403

ROOT_URLCONF = "ledger.benchmarks.urls"

import warnings  # noqa: E402

# The scratch servers answer no static file: WhiteNoise's warning that STATIC_ROOT was never collected is noise.
warnings.filterwarnings("ignore", message="No directory at: ", category=UserWarning)
