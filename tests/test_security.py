"""Every response carries a strict Content-Security-Policy and a Permissions-Policy, and no page
needs an inline script or style that the policy would block."""

import re

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from archive.models import Article
from archive.security import CONTENT_SECURITY_POLICY, PERMISSIONS_POLICY, SecurityHeadersMiddleware
from tests.conftest import FIXTURES, by_name

INLINE = [
    re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),  # a script without src
    re.compile(r"<style\b", re.I),
    re.compile(r"""\sstyle\s*=\s*["']""", re.I),  # a style attribute (blocked by style-src 'self')
    re.compile(r"""\son[a-z]+\s*=\s*["']""", re.I),  # an event handler attribute
    re.compile(r"""(?:href|src|action)\s*=\s*["']\s*javascript:""", re.I),
]


@pytest.fixture
def corpus(ingest):
    return ingest(FIXTURES / "page.html", FIXTURES / "furniture.txt", FIXTURES / "zh-gbk.txt")


def test_the_policy_allows_only_the_sites_own_files():
    assert CONTENT_SECURITY_POLICY == (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
    assert "camera=()" in PERMISSIONS_POLICY and "geolocation=()" in PERMISSIONS_POLICY


def test_every_page_carries_the_policies(client, corpus):
    article = Article.objects.get(pk=by_name(corpus, "page.html"))
    pages = {
        "/": 200,
        "/search/?q=Meituan": 200,
        article.get_absolute_url(): 200,
        "/figures/": 200,
        "/agencies/cac/": 200,
        "/admin/login/": 200,
        "/no/such/page/": 404,
        "/api/search/?q=Meituan": 200,
        "/feeds/latest/": 200,
        "/export/articles.csv": 200,
        "/health/": 200,
    }
    for url, status in pages.items():
        response = client.get(url)
        assert response.status_code == status, url
        assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, url
        assert response["Permissions-Policy"] == PERMISSIONS_POLICY, url


def test_no_page_needs_an_inline_script_or_style(client, admin_client, corpus):
    article = Article.objects.get(pk=by_name(corpus, "page.html"))
    urls = ["/", "/search/?q=Meituan", article.get_absolute_url(), "/figures/", "/agencies/cac/"]
    urls += ["/articles/", "/agencies/", "/platforms/weibo/", "/no/such/page/"]
    pages = [client.get(url).content.decode() for url in urls]
    pages += [admin_client.get(url).content.decode() for url in ("/admin/", "/admin/archive/figure/")]
    pages.append(client.get("/admin/login/").content.decode())
    for url, page in zip([*urls, "/admin/", "/admin/archive/figure/", "/admin/login/"], pages, strict=True):
        for pattern in INLINE:
            assert not pattern.search(page), (url, pattern.search(page).group(0))


def test_a_view_that_sets_its_own_policy_keeps_it():
    def archived_page(request):
        response = HttpResponse("<p>as captured</p>")
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
        return response

    response = SecurityHeadersMiddleware(archived_page)(RequestFactory().get("/captures/1/raw/"))
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY
