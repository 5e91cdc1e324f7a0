"""Versions of one URL: the latest capture is current, the earlier ones point to it."""

import pytest

from archive.ingest.pipeline import ingest_document
from archive.models import Article
from tests.conftest import web_page

URL = "https://news.example/cac-campaign.html"


@pytest.mark.django_db
def test_the_latest_capture_of_a_url_is_current_whatever_the_order_they_came_in(gazetteer):
    first = ingest_document(web_page(URL, day=1, words="First version"))
    third = ingest_document(web_page(URL, day=3, words="Third version"))
    second = ingest_document(web_page(URL, day=2, words="Second version"))
    assert (first.replaced, third.replaced, second.replaced) == (None, first.article_id, None)
    superseded = dict(Article.objects.values_list("pk", "superseded_by"))
    assert superseded == {
        first.article_id: third.article_id,
        second.article_id: third.article_id,
        third.article_id: None,
    }
