"""`manage.py ingest` on inputs it cannot take: each is a failure line with its reason and exit
status 1, while the rest of the batch goes in."""

import io
import logging
import os
import shutil
from pathlib import Path

import pytest

from archive.models import Article
from tests.conftest import FIXTURES
from tests.test_ingest_command import run_ingest

pytestmark = pytest.mark.usefixtures("gazetteer")


@pytest.mark.django_db
def test_a_page_over_the_size_limit_is_refused_and_the_rest_go_in(capsys, settings, tmp_path):
    settings.MAX_PAGE_MB = 0.001  # 1 KiB
    big = tmp_path / "report.txt"
    big.write_text("The CAC closed 2,000 accounts on Weibo, the office said. " * 40)
    code, out, err = run_ingest(big, FIXTURES / "furniture.txt", capsys=capsys)
    assert code == 1
    assert f"failed: {big}: the page is 0.1 MB, over the 0.001 MB limit (MAX_PAGE_MB)" in err
    assert out == "added 1, unchanged 0, failed 1\n"


@pytest.mark.django_db
def test_an_unreadable_folder_is_a_failure(capsys, tmp_path, monkeypatch):
    """A folder without read permission. Root reads it anyway, so under root (containers, CI)
    listing it is made to fail as it fails for everyone else: os.scandir raises EACCES."""
    (tmp_path / "locked").mkdir()
    shutil.copy(FIXTURES / "furniture.txt", tmp_path / "locked" / "inside.txt")
    shutil.copy(FIXTURES / "page.html", tmp_path / "page.html")
    locked = tmp_path / "locked"
    if os.geteuid() == 0:
        scandir = os.scandir

        def denied(path):
            if Path(path) == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return scandir(path)

        monkeypatch.setattr(os, "scandir", denied)
    locked.chmod(0)
    try:
        code, out, err = run_ingest(tmp_path, capsys=capsys)
    finally:
        locked.chmod(0o755)
    assert code == 1
    assert f"failed: {locked}: cannot read the folder: Permission denied" in err
    assert out == "added 1, unchanged 0, failed 1\n"


@pytest.mark.django_db
def test_a_symlink_loop_is_a_failure_and_every_file_goes_in_once(capsys, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "loop").symlink_to("..")
    shutil.copy(FIXTURES / "furniture.txt", tmp_path / "a" / "one.txt")
    shutil.copy(FIXTURES / "page.html", tmp_path / "two.html")
    code, out, err = run_ingest(tmp_path, capsys=capsys)
    assert code == 1
    assert (
        f"failed: {tmp_path / 'a' / 'loop'}: a symbolic link loop: it leads back to a folder above it" in err
    )
    assert out == "added 2, unchanged 0, failed 1\n"
    assert Article.objects.count() == 2


@pytest.mark.django_db
def test_a_broken_link_is_a_failure_and_a_link_to_a_folder_is_followed(capsys, tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "elsewhere").mkdir()
    shutil.copy(FIXTURES / "furniture.txt", tmp_path / "elsewhere" / "one.txt")
    (tmp_path / "pages" / "linked").symlink_to(tmp_path / "elsewhere")
    (tmp_path / "pages" / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    code, out, err = run_ingest(tmp_path / "pages", capsys=capsys)
    assert code == 1
    assert (
        f"failed: {tmp_path / 'pages' / 'gone.txt'}: a broken symbolic link: its target does not exist" in err
    )
    assert out == "added 1, unchanged 0, failed 1\n"


@pytest.mark.django_db
def test_library_warnings_stay_out_of_the_output(capsys, tmp_path):
    """trafilatura logs "discarding data" for a page it finds no article in; the command's
    report says it, once, in its own words. (A handler of our own on the root logger stands
    for the console's: pytest takes the console's output for itself.)"""
    page = tmp_path / "menu.html"
    page.write_text("<html><body><ul><li>Home</li><li>News</li></ul></body></html>")
    console = io.StringIO()
    handler = logging.StreamHandler(console)
    logging.getLogger().addHandler(handler)
    try:
        code, _, err = run_ingest(page, capsys=capsys)
        logging.getLogger("trafilatura.core").warning("discarding data: %s", page)
        logging.getLogger("archive.ingest").warning("a warning of our own")
    finally:
        logging.getLogger().removeHandler(handler)
    assert code == 1 and "no article text found" in err
    assert console.getvalue() == "a warning of our own\n"
