"""Extraction does work in proportion to a page's length, never to its square.

Not timed: the work is counted. Two counters, both deterministic: lines of Python run in the
extraction and cleaning modules (a loop over every mention for every sentence shows here), and
characters handed to regular expressions (a pattern run over the rest of a sentence for every
number shows here). A page four times as long must cost about four times as much; quadratic
work costs sixteen times (extracting a 200 KB page without punctuation took 34 s before).
"""

import dataclasses
import re
import sys
from pathlib import Path

import pytest

from archive.bench.synthetic import Generator
from archive.extract import (
    categories,
    chinese,
    entities,
    extract_facts,
    figure_rules,
    figures,
    loose_names,
    money,
    numbers,
    sentences,
)
from archive.ingest import clean

MODULES = (
    figures,
    chinese,
    loose_names,
    money,
    numbers,
    figure_rules,
    sentences,
    entities,
    categories,
    clean,
)
COUNTED = [Path(m.__file__).resolve() for m in MODULES]
COUNTED_FILES = {str(p) for p in COUNTED} | {str(Path(figures.__file__).resolve().parent / "__init__.py")}


class Work:
    def __init__(self):
        self.lines = 0
        self.characters = 0


class CountingPattern:
    """A compiled pattern that adds the length of the text it is given to scan to `work`."""

    WINDOWED = {"search", "match", "fullmatch", "finditer", "findall"}

    def __init__(self, pattern: re.Pattern, work: Work):
        self.pattern, self.work = pattern, work

    def __getattr__(self, name):
        method = getattr(self.pattern, name)
        if not callable(method):
            return method

        def counted(*args, **kwargs):
            found = method(*args, **kwargs)
            if name in self.WINDOWED:
                string, pos, endpos = (*args, 0, sys.maxsize)[:3]
                pos, endpos = kwargs.get("pos", pos), kwargs.get("endpos", endpos)
                end = found.end() if name == "search" and found else min(endpos, len(string))
                self.work.characters += max(0, end - pos)  # a search stops where it finds
            else:
                self.work.characters += max((len(a) for a in args if isinstance(a, str)), default=0)
            return found

        return counted


def _counting(value, work: Work):
    return CountingPattern(value, work) if isinstance(value, re.Pattern) else value


@pytest.fixture
def work(monkeypatch) -> Work:
    """Count the work of extraction: every pattern of the modules, their rules and gazetteer."""
    work = Work()
    rules, gazetteer = figure_rules.rules(), entities.gazetteer()
    for module in MODULES:
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                monkeypatch.setattr(module, name, CountingPattern(value, work))
    counted_rules = dataclasses.replace(
        rules, **{f.name: _counting(getattr(rules, f.name), work) for f in dataclasses.fields(rules)}
    )
    counted_gazetteer = dataclasses.replace(
        gazetteer,
        **{f.name: _counting(getattr(gazetteer, f.name), work) for f in dataclasses.fields(gazetteer)},
    )
    monkeypatch.setattr(figures, "rules", lambda: counted_rules)
    monkeypatch.setattr(numbers, "rules", lambda: counted_rules)
    monkeypatch.setattr(money, "rules", lambda: counted_rules)
    monkeypatch.setattr(entities, "gazetteer", lambda: counted_gazetteer)
    return work


def _measure(work: Work, text: str) -> tuple[int, int]:
    def trace(frame, event, arg):
        if frame.f_code.co_filename not in COUNTED_FILES:
            return None

        def lines(frame, event, arg):
            if event == "line":
                work.lines += 1
            return lines

        return lines

    work.lines = work.characters = 0
    sys.settrace(trace)
    try:
        extract_facts(clean.clean_text(text).body)
    finally:
        sys.settrace(None)
    return work.lines, work.characters


def page(kilobytes: int, *, chinese: bool, punctuated: bool) -> str:
    return Generator(seed=5).long_page(kilobytes / 1024, chinese=chinese, punctuated=punctuated)


@pytest.mark.parametrize("chinese", [False, True], ids=["english", "chinese"])
@pytest.mark.parametrize("punctuated", [True, False], ids=["sentences", "one-endless-line"])
def test_four_times_the_page_is_about_four_times_the_work(work, chinese, punctuated):
    extract_facts("The CAC closed 3,000 websites.")  # load the data files outside the count
    small = _measure(work, page(16, chinese=chinese, punctuated=punctuated))
    large = _measure(work, page(64, chinese=chinese, punctuated=punctuated))
    assert small[0] > 1000 and small[1] > 16_000, "the counters see the work"
    for name, before, after in zip(("python lines", "regex characters"), small, large, strict=True):
        assert after / before < 6, f"{name}: {before:,} for 16 KB, {after:,} for 64 KB"


def test_the_counters_see_quadratic_work(work, monkeypatch):
    """The counters would catch the old way: the mentions of each sentence found by testing
    every mention, and a pattern run over all the text before each number."""
    original = figures._referred_agency

    def rescanning(marks, number, referable):
        figures.rules().refers_back.findall(marks.sentence.text[: number.start])
        [m for m in referable.agencies if m.start < marks.sentence.start]
        return original(marks, number, referable)

    monkeypatch.setattr(figures, "_referred_agency", rescanning)
    monkeypatch.setattr(sentences, "MAX_SENTENCE", 10**9)
    small = _measure(work, page(16, chinese=False, punctuated=False))
    large = _measure(work, page(64, chinese=False, punctuated=False))
    assert large[1] / small[1] >= 6  # what the test above refuses
