"""A curator's correction survives re-processing; the admin marks corrections as verified."""

import pytest
from django.core.management import call_command

from archive.models import Article, Figure
from tests.conftest import FIXTURES


@pytest.fixture
def article(ingest):
    ingest(FIXTURES / "furniture.txt")
    return Article.objects.get()


def test_reprocess_rebuilds_machine_figures_and_keeps_verified_ones(article, capsys):
    machine = list(article.figures.values_list("value", flat=True))
    assert sorted(machine) == [1500, 3000]
    corrected = article.figures.get(value=3000)
    corrected.value, corrected.object, corrected.verified = 3100, "live-streaming rooms", True
    corrected.save()
    article.figures.filter(value=1500).update(object="tampered by nobody")
    call_command("reprocess", "--no-progress")
    assert "updated 1, failed 0" in capsys.readouterr().out
    figures = {f.value: f for f in Article.objects.get().figures.all()}
    assert set(figures) == {3100, 1500}  # the correction stands in for the machine reading of 3000
    assert figures[3100].verified and figures[3100].object == "live-streaming rooms"
    assert figures[1500].object == "hosts"  # machine rows are re-derived


def test_saving_a_figure_in_the_admin_marks_it_verified(article, admin_client):
    figure = article.figures.get(value=1500)
    response = admin_client.post(
        f"/admin/archive/figure/{figure.pk}/change/",
        {
            "article": article.pk,
            "value": 1600,
            "qualifier": "exactly",
            "object": "hosts",
            "action": "banned",
            "kind": "enforcement",
            "currency": "",
            "agency": "",
            "platform": "",
            "sentence": figure.sentence,
            "start": figure.start,
            "end": figure.end,
        },
    )
    assert response.status_code == 302
    saved = Figure.objects.get(pk=figure.pk)
    assert (saved.value, saved.verified) == (1600, True)
