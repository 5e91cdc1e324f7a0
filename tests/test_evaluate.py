"""Extraction measured against labelled pages; these thresholds are the project's promises."""

import json
from collections import Counter

import pytest
from django.core.management import call_command

from archive.evaluate import Scores, evaluate
from tests.conftest import ROOT, SAMPLES, SEEDS_GOLD

DEVSET = ROOT / "tests" / "devset"


def gold(path, *, first: int | None = None):
    """The labels of a gold file; `first`: of the pages numbered up to it only."""
    labels = json.loads(path.read_text())["seeds"]
    if first is None:
        return labels
    return {name: label for name, label in labels.items() if int(name.split("_")[0]) <= first}


def test_scores_arithmetic():
    scores = Scores()
    scores.add(Counter({1: 1, 2: 1, 3: 1}), Counter({1: 1, 2: 1, 4: 1, 5: 1}))
    assert (scores.precision, scores.recall) == (2 / 3, 2 / 4)
    assert scores.f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))
    assert Scores().f1 == 1.0  # nothing wanted, nothing found


def test_the_seeds_are_read_perfectly(seeds_dir):
    result = evaluate(gold(SEEDS_GOLD), seeds_dir)
    assert result.pages == 5
    assert {name: s.f1 for name, s in result.sets.items()} == {
        "agencies": 1.0,
        "platforms": 1.0,
        "figures": 1.0,
    }
    assert (result.exact["title"], result.exact["date"]) == (5, 5)
    assert result.invented_dates == 0


@pytest.mark.parametrize(
    ("labels", "pages"),
    [
        # pages 33-85 hold the long tail the extractor does not read yet (issue 11): they are
        # measured by `manage.py evaluate`, and join this promise once it meets their targets
        (gold(DEVSET / "gold.json", first=32), DEVSET / "pages"),
        (gold(ROOT / "tests" / "samples-gold.json"), SAMPLES),
    ],
)
def test_labelled_sets_meet_the_targets(labels, pages):
    result = evaluate(labels, pages)
    assert result.pages == len(labels) > 0
    assert result.sets["agencies"].f1 >= 0.95
    assert result.sets["platforms"].f1 >= 0.95
    assert result.sets["figures"].f1 >= 0.90
    assert result.invented_dates == 0
    assert result.exact["title"] >= 0.9 * result.pages


def test_the_command_prints_disagreements_and_the_table(tmp_path, capsys):
    page = tmp_path / "pages" / "one.txt"
    page.parent.mkdir()
    page.write_text(
        "Weibo closes accounts\n\n"
        "Weibo said on Tuesday that it had closed more than 1,200 accounts for spreading rumors.\n"
    )
    labels = {
        "title": "Weibo closes accounts",
        "publisher": None,
        "published": [None],
        "agencies": ["Ministry of Public Security"],
        "platforms": ["Weibo"],
        "figures": [{"value": 1200}],
    }
    (tmp_path / "gold.json").write_text(json.dumps({"seeds": {"one.txt": labels}}))
    call_command("evaluate", str(tmp_path / "gold.json"))
    out = capsys.readouterr().out
    assert "one.txt: agencies: extra [], missing ['Ministry of Public Security']" in out
    assert "agencies        1.00    0.00  0.00" in out
    assert "figures         1.00    1.00  1.00" in out
    assert "title exact: 1/1" in out
