"""Settings fail loudly on bad or missing values."""

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

OURS = ("SECRET_KEY", "DEBUG", "HTTPS", "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "ALLOWED_HOSTS")


def run(*command: str, **env) -> subprocess.CompletedProcess:
    """A command in a fresh process with only these of our settings in its environment."""
    clean = {k: v for k, v in os.environ.items() if k not in OURS}
    return subprocess.run(command, cwd=ROOT, env={**clean, **env}, capture_output=True, text=True)


def load_settings(**env):
    return run(
        sys.executable,
        "-c",
        "import archive.settings as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'])",
        **env,
    )


def test_a_secret_key_is_required_when_debug_is_off(tmp_path):
    result = load_settings(ARCHIVE_DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_debug_takes_only_true_or_false(tmp_path):
    result = load_settings(ARCHIVE_DATA_DIR=str(tmp_path), SECRET_KEY="x", DEBUG="yes")
    assert result.returncode != 0
    assert "Unexpected value DEBUG=yes, use 'True' or 'False'" in result.stderr


def test_defaults_are_sqlite_in_the_data_folder(tmp_path):
    result = load_settings(ARCHIVE_DATA_DIR=str(tmp_path / "data"), SECRET_KEY="x")
    assert result.stdout.split() == ["False", "django.db.backends.sqlite3"]
    assert (tmp_path / "data").is_dir()


def test_the_suite_never_uses_the_archives_data_folder(settings):
    # `make test` runs with ARCHIVE_DATA_DIR set to ./var; the tests empty the index they use
    assert Path(settings.DATA_DIR).resolve() != (ROOT / "var").resolve()
    assert Path(settings.HAYSTACK_CONNECTIONS["default"]["PATH"]).is_relative_to(settings.DATA_DIR)


def test_https_takes_only_true_or_false(tmp_path):
    result = load_settings(ARCHIVE_DATA_DIR=str(tmp_path), SECRET_KEY="x", HTTPS="yes")
    assert result.returncode != 0
    assert "Unexpected value HTTPS=yes, use 'True' or 'False'" in result.stderr


def test_https_turns_on_secure_cookies_hsts_redirect_and_the_proxy_header(tmp_path):
    names = "SECURE_PROXY_SSL_HEADER SECURE_SSL_REDIRECT SESSION_COOKIE_SECURE CSRF_COOKIE_SECURE"
    names += " SECURE_HSTS_SECONDS SECURE_HSTS_INCLUDE_SUBDOMAINS SECURE_HSTS_PRELOAD"
    script = f"from django.conf import settings as s; print([getattr(s, n) for n in {names.split()!r}])"
    env = {"ARCHIVE_DATA_DIR": str(tmp_path), "SECRET_KEY": "x", "DJANGO_SETTINGS_MODULE": "archive.settings"}
    on = run(sys.executable, "-c", script, HTTPS="True", **env)
    assert (
        on.stdout.strip() == "[('HTTP_X_FORWARDED_PROTO', 'https'), True, True, True, 31536000, True, True]"
    )
    off = run(sys.executable, "-c", script, **env)
    assert off.stdout.strip() == "[None, False, False, False, 0, False, False]"


def test_a_production_configuration_passes_the_deploy_checks(tmp_path):
    key = "".join(secrets.choice(string.ascii_letters + string.digits + "!@#%^&*(-_=+)") for _ in range(50))
    env = {"DEBUG": "False", "HTTPS": "True", "SECRET_KEY": key, "ARCHIVE_DATA_DIR": str(tmp_path)}
    result = run(sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_without_https_the_deploy_checks_say_what_is_missing(tmp_path):
    env = {
        "DEBUG": "False",
        "SECRET_KEY": "k" * 20 + secrets.token_urlsafe(40),
        "ARCHIVE_DATA_DIR": str(tmp_path),
    }
    result = run(sys.executable, "manage.py", "check", "--deploy", **env)
    assert "security.W004" in result.stderr and "security.W008" in result.stderr  # HSTS, SSL redirect


def test_max_page_mb_takes_a_number_of_megabytes(tmp_path):
    result = load_settings(ARCHIVE_DATA_DIR=str(tmp_path), SECRET_KEY="x", MAX_PAGE_MB="20MB")
    assert result.returncode != 0
    assert "Unexpected value MAX_PAGE_MB=20MB, use a number of megabytes above 0" in result.stderr


def test_gunicorns_master_loads_the_views_once_for_its_workers_and_not_datasketch(tmp_path):
    """With --preload the workers share what the master imported; datasketch (with scipy,
    46 MB) is for making story signatures, which serving pages never does."""
    found = run(
        sys.executable,
        "-c",
        "import sys, archive.wsgi; print('archive.views' in sys.modules, 'datasketch' in sys.modules)",
        ARCHIVE_DATA_DIR=str(tmp_path),
        SECRET_KEY="x",
    )
    assert found.returncode == 0, found.stderr
    assert found.stdout.split() == ["True", "False"]
