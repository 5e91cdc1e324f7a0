"""The benchmark runs end to end on a tiny archive (its numbers are not checked here: speed is
measured by `make bench`, never by a timed test)."""

import json

import pytest
from django.core.management import CommandError, call_command


def test_bench_measures_every_part_on_a_small_archive(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "bench"
    out = tmp_path / "bench.json"
    call_command("bench", sizes="30", parts="ingest,index,search,pages,exports", out=out)
    result = json.loads(out.read_text())["sizes"]["30"]
    assert result["ingest"]["articles now"] == 30
    assert result["index"]["documents"] == 30
    assert result["search"]["queries"] == 50
    assert result["pages"]["slowest median ms"] > 0
    assert result["exports"]["articles"] == 30


def test_bench_captures_ingests_a_warc_and_exports_web_archives(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "bench"
    out = tmp_path / "bench.json"
    call_command("bench", sizes="20", parts="capture", pages=8, out=out)
    result = json.loads(out.read_text())
    capture = result["capture"]
    assert capture["pages"] == 8
    for key in ("plain-file ingest pages/s", "WARC ingest pages/s", "capture pages/s"):
        assert capture[key] > 0
    assert capture["WARC / plain-file ingest"] > 0
    assert capture["WARC / plain-file ingest, CPU time"] > 0
    exports = result["sizes"]["20"]["capture"]
    assert (exports["captures"], exports["articles"]) == (20, 20)
    for name in ("WARC", "WACZ"):
        assert exports[f"{name} captures/s"] > 0
        assert exports[f"{name} MB"] > 0
        assert exports[f"{name}: peak MB, first 1,000"] > 0
        assert exports[f"{name}: peak MB, all"] > 0
        assert f"{name}: RSS growth MB, all" in exports


def test_bench_refuses_the_real_archive(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "var"
    with pytest.raises(CommandError, match="own data folder"):
        call_command("bench", sizes="10", parts="search")


def test_long_pages_are_timed_per_megabyte():
    from archive.bench.measure import LONG_PAGES, long_pages

    numbers = long_pages(sizes=(0.02,))
    assert len(numbers) == 2 * len(LONG_PAGES) + 1
    assert numbers["long page: max s per MB"] > 0
