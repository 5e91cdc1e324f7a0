import json
import shutil

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from archive.models import Article, Capture
from tests.conftest import FIXTURES

pytestmark = pytest.mark.usefixtures("gazetteer")


def run_ingest(*paths, capsys):
    code = 0
    try:
        call_command("ingest", *map(str, paths), "--no-progress")
    except CommandError as error:
        code = error.returncode
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.django_db
def test_a_bad_batch_keeps_the_good_page_and_fails(capsys):
    code, out, err = run_ingest(
        FIXTURES / "image.png", FIXTURES / "empty.txt", FIXTURES / "zh-gbk.txt", capsys=capsys
    )
    assert code == 1
    assert "added 1, unchanged 0, failed 2" in out
    assert "image.png: not a text or HTML page: the bytes are a PNG image" in err
    assert "empty.txt: empty file" in err
    article = Article.objects.get()
    assert article.title == "国家网信办启动网络生态专项治理行动"
    assert article.capture.encoding == "gb18030"
    assert {a.slug for a in article.agencies.all()} == {"cac"}
    assert {p.slug for p in article.platforms.all()} == {"weibo", "baidu"}


@pytest.mark.django_db
def test_the_same_bytes_twice_change_nothing(capsys, tmp_path):
    shutil.copy(FIXTURES / "furniture.txt", tmp_path / "copy.txt")
    assert run_ingest(FIXTURES / "furniture.txt", capsys=capsys)[:2] == (
        0,
        "added 1, unchanged 0, failed 0\n",
    )
    assert run_ingest(FIXTURES / "furniture.txt", tmp_path / "copy.txt", capsys=capsys)[:2] == (
        0,
        "added 0, unchanged 2, failed 0\n",
    )
    assert (Capture.objects.count(), Article.objects.count()) == (1, 1)


@pytest.mark.django_db
def test_folders_are_searched_recursively_and_hidden_files_skipped(capsys, tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    shutil.copy(FIXTURES / "furniture.txt", tmp_path / "a" / "b" / "one.txt")
    shutil.copy(FIXTURES / "page.html", tmp_path / "a" / "two.html")
    (tmp_path / ".hidden.txt").write_text("not read")
    code, out, _ = run_ingest(tmp_path, capsys=capsys)
    assert (code, out) == (0, "added 2, unchanged 0, failed 0\n")


@pytest.mark.django_db
def test_a_missing_path_is_a_failure(capsys, tmp_path):
    code, _, err = run_ingest(tmp_path / "nowhere.txt", capsys=capsys)
    assert code == 1 and "nowhere.txt: no such file or folder" in err


@pytest.mark.django_db
def test_the_capture_keeps_the_original_bytes(capsys):
    run_ingest(FIXTURES / "zh-big5.txt", capsys=capsys)
    capture = Capture.objects.get()
    assert bytes(capture.content) == (FIXTURES / "zh-big5.txt").read_bytes()
    assert "公安部破獲網絡賭博案件" in capture.text()


@pytest.mark.django_db
def test_export_jsonl_and_csv(capsys, tmp_path):
    run_ingest(FIXTURES / "page.html", capsys=capsys)
    out = tmp_path / "articles.jsonl"
    call_command("export", "--format", "jsonl", "--out", str(out))
    record = json.loads(out.read_text().splitlines()[0])
    assert set(record) >= {
        "id",
        "title",
        "outlet",
        "author",
        "published_on",
        "url",
        "language",
        "agencies",
        "platforms",
        "categories",
        "figures",
        "source",
        "sha256",
    }
    assert record["platforms"] == ["Meituan", "Weibo"]
    assert record["figures"][0]["value"] == 3_440_000_000
    assert set(record["figures"][0]) >= {
        "value",
        "qualifier",
        "object",
        "action",
        "agency",
        "platform",
        "sentence",
        "start",
        "end",
    }
    csv_out = tmp_path / "articles.csv"
    call_command("export", "--format", "csv", "--out", str(csv_out))
    header, row = csv_out.read_text().splitlines()[:2]
    assert header.startswith("id,title,outlet,author,published_on")
    assert "Market regulator fines food delivery giant" in row


@pytest.mark.django_db
def test_export_to_a_missing_folder_fails_cleanly(tmp_path):
    with pytest.raises(CommandError, match="no such folder"):
        call_command("export", "--out", str(tmp_path / "nope" / "x.jsonl"))
    assert not (tmp_path / "nope").exists()


def test_an_ingest_leaves_the_sqlite_planner_statistics_of_the_archive(ingest):
    """Without them SQLite sorts every figure to show the newest (see refresh_statistics)."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL gathers its own statistics (autovacuum)")
    ingest(FIXTURES / "furniture.txt")
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        tables = {row[0] for row in cursor.fetchall()}
    assert {"archive_article", "archive_figure"} <= tables
