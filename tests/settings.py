"""Test settings: the real settings, with a throwaway data folder and plain static files."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-secret")
os.environ["HTTPS"] = "False"  # the test client and the live server speak plain http
# always a fresh folder: the tests empty the search index, which must never be the archive's
os.environ["ARCHIVE_DATA_DIR"] = tempfile.mkdtemp(prefix="archive-tests-")

from archive.settings import *  # noqa: E402,F403

ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STATIC_ROOT.mkdir(exist_ok=True)  # noqa: F405  (whitenoise warns about a missing folder)
