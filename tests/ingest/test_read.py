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


ZH = "国家互联网信息办公室近日发布通知，要求各平台清理违法和不良信息，关闭违规账号。"
EN = "The regulator\u2019s order \u2014 \u201cclose the accounts\u201d \u2014 reached 2,000 users on Weibo. "


def test_a_chinese_utf8_page_with_one_invalid_byte_is_utf8_with_a_note():
    raw = (ZH * 10).encode()
    damaged = raw[:99] + b"\xff" + raw[99:]  # between two characters
    html = b'<html><head><meta charset="utf-8"></head><body><p>' + damaged + b"</p></body></html>"
    document = read_bytes(html, media_type="text/html", source="x.html")
    assert (document.encoding, document.text.count("\ufffd")) == ("utf-8", 1)
    assert document.notes == ("1 invalid byte replaced (declared utf-8)",)
    assert ZH in document.text
    undeclared = read_bytes(damaged, media_type="text/plain", source="x.txt")
    assert (undeclared.encoding, undeclared.notes) == ("utf-8", ("1 invalid byte replaced (read as UTF-8)",))


def test_an_english_utf8_page_with_18_invalid_bytes_is_utf8_not_a_legacy_code_page():
    raw = bytearray((EN * 12).encode())
    for i in range(18):
        raw.insert(40 * i + 7, 0xFF if i % 2 else 0x80)  # stray bytes, as a bad copy leaves them
    document = read_bytes(bytes(raw), media_type="text/plain", source="x.txt")
    assert document.encoding == "utf-8"
    assert document.notes == ("18 invalid bytes replaced (read as UTF-8)",)
    assert "regulator\u2019s order \u2014 \u201cclose" in document.text  # no "â€™" mojibake


def test_a_charset_given_by_the_caller_is_honoured_when_the_bytes_nearly_fit():
    raw = (ZH * 10).encode("gbk")
    damaged = raw[:40] + b"\xff" + raw[40:]
    document = read_bytes(damaged, media_type="text/plain", source="x.txt", declared="GBK")
    assert (document.encoding, document.notes) == ("gb18030", ("1 invalid byte replaced (declared gb18030)",))
    assert "关闭违规账号" in document.text


def test_a_declared_code_page_that_would_garble_utf8_is_not_honoured():
    raw = (EN * 10).encode()
    damaged = raw[:50] + b"\xff" + raw[50:]
    document = read_bytes(damaged, media_type="text/plain", source="x.txt", declared="ISO-8859-1")
    assert document.encoding == "utf-8"
    assert "regulator\u2019s" in document.text


def test_it_honours_an_xml_declaration():
    page = '<?xml version="1.0" encoding="gbk"?><html><body><p>网信办约谈平台</p></body></html>'
    document = read_bytes(page.encode("gbk"), media_type="text/html", source="x.html")
    assert document.encoding == "gb18030"


def test_a_legacy_cyrillic_page_is_read_in_its_code_page():
    text = "Регулятор закрыл тысячи аккаунтов в социальных сетях за распространение слухов. " * 8
    document = read_bytes(text.encode("cp1251"), media_type="text/plain", source="x.txt")
    assert (document.encoding, document.text) == ("cp1251", text)


def test_random_bytes_are_refused():
    noise = bytes((i * 7919 + 13) % 255 + 1 for i in range(3000))  # no NUL byte among them
    with pytest.raises(UnreadableInput, match="not a text or HTML page"):
        read_bytes(noise, media_type="text/plain", source="x.txt")


def test_a_page_over_the_size_limit_is_refused_unread(tmp_path: Path, monkeypatch):
    path = tmp_path / "report.txt"
    with path.open("wb") as file:
        file.truncate(int(31.2 * 2**20))  # sparse: no disk used
    monkeypatch.setattr(Path, "open", lambda *a, **k: pytest.fail("the file was opened"))
    with pytest.raises(
        UnreadableInput, match=r"^the page is 31\.2 MB, over the 20 MB limit \(MAX_PAGE_MB\)$"
    ):
        read_file(path, max_mb=20)


def test_a_page_within_the_size_limit_is_read(tmp_path: Path):
    path = tmp_path / "page.txt"
    path.write_text("The CAC closed 2,000 accounts.")
    assert read_file(path, max_mb=0.001).text == "The CAC closed 2,000 accounts."
