"""Settings, read from the environment. The defaults are for local use only."""

from pathlib import Path
import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-local-development-key-do-not-deploy"
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

INSTALLED_APPS = [
    # First, so that its admin templates (index with the dashboard link, language menu) override Django's.
    "ledger",
    "ledger.apps.LedgerAdminConfig",  # Django's admin, with the site of ledger/admin_site.py
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files (admin CSS, Swagger UI) served by the application itself when DEBUG is off.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ledger.middleware.LedgerLocaleMiddleware",
    "ledger.middleware.RequestSizeMiddleware",  # before anything reads a body (CsrfViewMiddleware)
    "ledger.middleware.AuthorizationVaryMiddleware",
    "ledger.middleware.SlashMiddleware",  # Django's CommonMiddleware, its slash redirect keeping a POST a POST
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Concurrent staff on SQLite: WAL lets readers go on while one writes; a write transaction takes the write
    # lock when it begins (IMMEDIATE), so it waits its turn (up to the timeout) instead of failing with
    # "database is locked" when a read transaction tries to become a write one.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": float(os.environ.get("LEDGER_SQLITE_TIMEOUT", "30")),
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "ledger" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Served by WhiteNoise from STATIC_ROOT (filled by collectstatic), with hashed names and compressed copies;
    # under DEBUG, straight from the apps' static folders.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_AUTOREFRESH = WHITENOISE_USE_FINDERS = DEBUG

# Deployment behind a TLS proxy. Each is off by default (local use over plain HTTP) and set by the environment.
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# "HTTP_X_FORWARDED_PROTO,https": the header the proxy sets, and its value for a request that came over TLS.
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = tuple(part.strip() for part in os.environ["SECURE_PROXY_SSL_HEADER"].split(","))
    if len(SECURE_PROXY_SSL_HEADER) != 2:
        raise ImproperlyConfigured("SECURE_PROXY_SSL_HEADER is a header and a value: HTTP_X_FORWARDED_PROTO,https")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Reads are for signed-in users unless the deployment publishes the ledger as open data.
LEDGER_PUBLIC_READ = env_bool("LEDGER_PUBLIC_READ", False)
# Seconds a worker process remembers a valid API token's user (0: read it on every request). A token deleted, or
# its user saved, is forgotten at once by the process that did it; the other processes read it again within this.
LEDGER_TOKEN_CACHE_SECONDS = float(os.environ.get("LEDGER_TOKEN_CACHE_SECONDS", "5"))
# A change is stamped when it is made, and seen once its transaction commits (a report's replace takes seconds): the
# commitment lists say, in Ledger-Sync-Since, the time this long before the request began, for a mirror's next
# updated_since (or since), so that it misses no change still uncommitted when it asked.
LEDGER_SYNC_OVERLAP_SECONDS = float(os.environ.get("LEDGER_SYNC_OVERLAP_SECONDS", "120"))

REST_FRAMEWORK = {
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.URLPathVersioning",
    "DEFAULT_VERSION": "v1",
    "ALLOWED_VERSIONS": ["v1"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # DRF's TokenAuthentication, a valid token's user remembered for LEDGER_TOKEN_CACHE_SECONDS (api/authentication.py).
        "ledger.api.authentication.CachedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["ledger.api.permissions.ReadOrStaffWrite"],
    "DEFAULT_PAGINATION_CLASS": "ledger.api.pagination.LedgerPagination",
    "DEFAULT_PARSER_CLASSES": [
        "ledger.api.parsers.LedgerJSONParser",
        "rest_framework.parsers.FormParser",
        "ledger.api.parsers.LedgerMultiPartParser",
    ],
    # DRF's JSON, encoded by orjson (api/json_renderer.py); the browsable API as DRF has it.
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "ledger.api.negotiation.LedgerContentNegotiation",
    "DEFAULT_RENDERER_CLASSES": [
        "ledger.api.json_renderer.LedgerJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "ledger.api.schema.LedgerAutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "ledger.api.throttling.AnonRateThrottle",
        "ledger.api.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("LEDGER_THROTTLE_ANON", "60/minute"),
        "user": os.environ.get("LEDGER_THROTTLE_USER", "1200/minute"),
    },
    "EXCEPTION_HANDLER": "ledger.api.errors.exception_handler",
    # Throttling counts per client address: REMOTE_ADDR, or behind N proxies the address the outermost one saw.
    "NUM_PROXIES": int(os.environ.get("LEDGER_NUM_PROXIES", "0")),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Commitment ledger API",
    "DESCRIPTION": (
        "Commitments promised in the tasks sections of people's congress standing committee and government "
        "work reports, their follow-up evidence and statuses. Version 1, under /api/v1/."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "ledger.api.schema.at_least_one_field",
        "ledger.api.schema.no_nul_in_query_strings",
    ],
    "ENUM_NAME_OVERRIDES": {
        "CommitmentKindEnum": "ledger.models.CommitmentKind",
        "ReportKindEnum": "ledger.models.ReportKind",
        "SectionKindEnum": "ledger.models.SectionKind",
        "OriginEnum": "ledger.models.Origin",
        "StatusEnum": "ledger.models.Status",
        "VerdictEnum": "ledger.models.Verdict",
        "StaffVerdictEnum": "ledger.api.serializers.STAFF_VERDICT_CHOICES",
    },
}

# The ledger's own limits.
LEDGER_MAX_REPORT_BYTES = int(os.environ.get("LEDGER_MAX_REPORT_BYTES", str(5 * 1024 * 1024)))
# Uploads are read whole (a report is at most a few hundred KB); the limit above is checked on the file.
# The raw body of a text within the limit is up to 6x its UTF-8 size (a client escaping every character as
# \uXXXX in JSON; form encoding is at most 3x), plus the other fields: ledger.middleware.RequestSizeMiddleware.
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * LEDGER_MAX_REPORT_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = LEDGER_MAX_REPORT_BYTES + 1024 * 1024
LEDGER_EXPORT_MAX_ROWS = int(os.environ.get("LEDGER_EXPORT_MAX_ROWS", "100000"))
# A list action that changes each task it is given (status, 台账 columns) runs in one transaction: refused over
# this many tasks, so that 全选 over a large filter does not hold the database's write lock for long.
LEDGER_BULK_MAX_ROWS = int(os.environ.get("LEDGER_BULK_MAX_ROWS", "1000"))
# An edited 台账 sheet uploaded back (services/ledger_import.py): refused over this size, and over
# LEDGER_EXPORT_MAX_ROWS rows.
LEDGER_MAX_SHEET_BYTES = int(os.environ.get("LEDGER_MAX_SHEET_BYTES", str(20 * 1024 * 1024)))
LEDGER_SEEDS_DIR = BASE_DIR / "seeds"
# The shared corpus the benchmarks read (national government work reports in gwr/); never copied here.
LEDGER_CORPUS_DIR = Path(os.environ.get("LEDGER_CORPUS_DIR", BASE_DIR.parent / "shared" / "corpus"))

# A server error's traceback goes to stderr (gunicorn's error log) with DEBUG off too: Django's default logs it only
# with DEBUG on, or mails it to ADMINS, which a deployment here has not.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False}},
}
