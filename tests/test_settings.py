"""Settings fail loudly on bad or missing values."""

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def load_settings(**env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import archive.settings as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'])",
        ],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
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


def test_max_page_mb_takes_a_number_of_megabytes(tmp_path):
    result = load_settings(ARCHIVE_DATA_DIR=str(tmp_path), SECRET_KEY="x", MAX_PAGE_MB="20MB")
    assert result.returncode != 0
    assert "Unexpected value MAX_PAGE_MB=20MB, use a number of megabytes above 0" in result.stderr
