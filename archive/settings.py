"""Settings, read from the environment with embedded defaults (see .env.example)."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.getenv(name, default)
    if value not in ("", "True", "False"):
        raise ImproperlyConfigured(f"Unexpected value {name}={value}, use 'True' or 'False'")
    return value == "True"


def envnumber(name: str, default: str) -> float:
    value = os.getenv(name, default)
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if number < 0:
        raise ImproperlyConfigured(f"Unexpected value {name}={value}, use a number of 0 or more")
    return number


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.getenv("ARCHIVE_DATA_DIR", BASE_DIR / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)  # SQLite cannot create the folder of its file
DEBUG = envbool("DEBUG", "False")
SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key"
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
# Served over TLS behind a proxy (nginx, Caddy) that sets X-Forwarded-Proto: secure cookies,
# HSTS, redirects to https. Only behind such a proxy: it must overwrite the header a client sends.
HTTPS = envbool("HTTPS", "False")
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "archive",  # before haystack, so that our rebuild_index replaces haystack's
    "haystack",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "archive.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "archive.urls"
WSGI_APPLICATION = "archive.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
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

DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", f"sqlite:///{DATA_DIR / 'archive.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL: pages keep reading while an ingest writes; synchronous=NORMAL is safe with WAL (a
    # power cut may lose the last commits, never corrupt the file) and spares an fsync per
    # page; IMMEDIATE: a writer locks at BEGIN, so a second writer waits instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": "archive.search.backend.ArchiveWhooshEngine",
        "PATH": str(DATA_DIR / "whoosh"),
        "INCLUDE_SPELLING": True,
    },
}
# Index updates come from commands only (ingest, reprocess, rebuild_index): web workers read.
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.BaseSignalProcessor"
HAYSTACK_SEARCH_RESULTS_PER_PAGE = 20
# The search index holds the first this many characters of an article (title and body).
SEARCH_MAX_CHARS = int(envnumber("SEARCH_MAX_CHARS", "1000000"))
# One writer at a time (archive/writer.py): how long a second writer waits before it gives up.
WRITER_WAIT = envnumber("WRITER_WAIT", "600")
# Capturing the web (manage.py capture, recapture): who we say we are, how long we wait for an
# answer, and the pause between two requests to one host.
CAPTURE_USER_AGENT = os.getenv(
    "CAPTURE_USER_AGENT", "RegulationArchive/1.0 (+https://github.com/; a research web archive)"
)
CAPTURE_TIMEOUT = envnumber("CAPTURE_TIMEOUT", "30")
CAPTURE_DELAY = envnumber("CAPTURE_DELAY", "1")
HAYSTACK_LIMIT_TO_REGISTERED_MODELS = False  # one model: skip a narrowing query per search

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# The admin upload takes whole pages; keep it bounded.
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024


def envmegabytes(name: str, default: str) -> float:
    value = os.getenv(name, default)
    try:
        megabytes = float(value)
    except ValueError:
        megabytes = float("nan")
    if not 0 < megabytes < float("inf"):
        raise ImproperlyConfigured(f"Unexpected value {name}={value}, use a number of megabytes above 0")
    return megabytes


# Ingest refuses a page file larger than this, before reading it (a 20 MB page takes 30-45 s
# to ingest, more than half of it indexing).
MAX_PAGE_MB = envmegabytes("MAX_PAGE_MB", "20")
# Libraries that log a line for each page they find no article or date in ("discarding
# data"): the ingest report says what matters, so their lines stay out of the output.
QUIET_LOGGERS = ("trafilatura", "htmldate", "courlan", "charset_normalizer", "justext")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}, "null": {"class": "logging.NullHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
    # a handler, not a level: trafilatura sets htmldate's level when it is imported
    "loggers": {name: {"handlers": ["null"], "propagate": False} for name in QUIET_LOGGERS},
}
