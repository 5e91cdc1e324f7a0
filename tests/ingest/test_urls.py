import pytest

from archive.ingest.urls import web_url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "\x01\x1f javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "/relative/path",
        "//example.org/no-scheme",
        "http://",
        "https://[::1",
        "https://example.org/\x00x",
        "",
    ],
)
def test_anything_but_an_http_address_is_dropped(url):
    assert web_url(url) == ""


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.org/news/1.html", "https://example.org/news/1.html"),
        ("  HTTP://Example.org/a?b=c#d\n", "HTTP://Example.org/a?b=c#d"),
    ],
)
def test_http_and_https_addresses_are_kept_trimmed(url, kept):
    assert web_url(url) == kept
