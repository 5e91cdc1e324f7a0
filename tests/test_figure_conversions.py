"""A figure's conversion in brackets travels with it: stored, shown, exported."""

import json

import pytest

from archive.models import Figure

TEXT = (
    "Regulator fines shop\n\n"
    "The State Administration for Market Regulation fined the shop 3 billion yuan "
    "(about 450 million US dollars) for abusing its position.\n"
)


@pytest.fixture
def figure(tmp_path, ingest):
    page = tmp_path / "fine.txt"
    page.write_text(TEXT)
    ingest(page)
    return Figure.objects.get(value=3_000_000_000)


def test_the_conversion_is_stored_shown_and_exported(figure, client):
    assert (figure.converted_value, figure.converted_currency) == (450_000_000, "USD")
    assert Figure.objects.count() == 1  # the bracketed amount is no second figure
    page = client.get(figure.article.get_absolute_url())
    assert "(about 450,000,000 USD)" in page.content.decode()
    record = client.get(f"/api/articles/{figure.article.pk}/").json()
    assert record["figures"][0]["converted_value"] == 450_000_000
    assert record["figures"][0]["converted_currency"] == "USD"
    listed = client.get("/api/figures/").json()["results"][0]
    assert (listed["converted_value"], listed["converted_currency"]) == (450_000_000, "USD")
    json.dumps(record)  # plain numbers, no Decimal
