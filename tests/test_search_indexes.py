"""What the index holds of an article: title and body, up to SEARCH_MAX_CHARS."""

from archive.search.query import SearchParams, search


def test_a_very_long_body_is_searched_by_its_opening(ingest, settings, tmp_path):
    settings.SEARCH_MAX_CHARS = 2000
    page = tmp_path / "report.txt"
    filler = "The office reviewed the accounts of online platforms again this month. " * 60
    page.write_text(
        f"Annual report of the regulator\n\nOpening: zanzibarian notice. {filler} Closing: quetzalist notice."
    )
    report = ingest(page)
    assert report.ok
    assert search(SearchParams(q="zanzibarian", words=True)).total == 1
    assert search(SearchParams(q="quetzalist", words=True)).total == 0
