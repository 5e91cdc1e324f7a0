from pathlib import Path

import pytest

from archive.ingest.read import UnreadableInput, read_bytes, read_file
from tests.conftest import FIXTURES


def test_it_reads_utf8_with_a_bom_and_drops_the_mark():
    document = read_file(FIXTURES / "bom.txt")
    assert document.encoding == "utf-8-sig"
    assert document.text.startswith("Weibo closes accounts")


def test_it_detects_gbk():
    document = read_file(FIXTURES / "zh-gbk.txt")
    assert document.encoding == "gb18030"
    assert "国家互联网信息办公室" in document.text


def test_it_detects_big5():
    document = read_file(FIXTURES / "zh-big5.txt")
    assert document.encoding in {"big5hkscs", "cp950"}
    assert "公安部破獲網絡賭博案件" in document.text


def test_it_prefers_the_charset_an_html_page_declares():
    html = '<html><head><meta charset="gbk"></head><body><p>网信办约谈平台</p></body></html>'
    document = read_bytes(html.encode("gbk"), media_type="text/html", source="x.html")
    assert document.encoding == "gb18030"
    assert "网信办约谈平台" in document.text


def test_it_keeps_the_bytes_unchanged():
    raw = (FIXTURES / "zh-gbk.txt").read_bytes()
    document = read_file(FIXTURES / "zh-gbk.txt")
    assert document.content == raw
    assert len(document.sha256) == 64


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("image.png", "not a text or HTML page: the bytes are a PNG image"),
        ("image-renamed.txt", "not a text or HTML page: the bytes are a PNG image"),
        ("empty.txt", "empty file"),
    ],
)
def test_it_refuses_what_is_not_a_page(name, message):
    with pytest.raises(UnreadableInput, match=message):
        read_file(FIXTURES / name)


def test_it_names_the_supported_types_for_an_unknown_extension(tmp_path: Path):
    path = tmp_path / "notes.md"
    path.write_text("# A heading\n\nSome text.")
    with pytest.raises(
        UnreadableInput, match=r"unsupported file type '\.md' \(supported: \.txt, \.html, \.htm\)"
    ):
        read_file(path)


def test_it_refuses_bytes_that_are_not_text():
    with pytest.raises(UnreadableInput, match="not a text or HTML page"):
        read_bytes(bytes(range(256)) * 20, media_type="text/plain", source="x.txt")
