"""The bar chart of articles per month: one series, or several side by side."""

from datetime import date

import pytest

from archive.charts import Series, series_chart


def test_compared_series_stand_side_by_side_on_one_scale():
    fraud = Series("fraud", {date(2021, 1, 1): 4, date(2021, 3, 1): 2}, undated=1)
    gambling = Series("gambling", {date(2021, 2, 1): 8})
    chart = series_chart([fraud, gambling])
    assert [(bar.month.month, bar.series, bar.count) for bar in chart.bars] == [
        (1, 0, 4), (1, 1, 0), (2, 0, 0), (2, 1, 8), (3, 0, 2), (3, 1, 0),
    ]  # fmt: skip
    january, _, february = chart.bars[0], chart.bars[1], chart.bars[3]
    assert chart.peak == 8 and february.height == 2 * january.height > 0
    assert chart.bars[1].x == pytest.approx(january.x + january.width + 1)  # the next series beside it
    assert chart.bars[2].x > chart.bars[1].x + chart.bars[1].width  # then the next month
    assert [label for label, _ in chart.years] == [2021]
    assert fraud.summary == (
        "6 articles from January 2021 to March 2021; the busiest month was January 2021 with 4. "
        "1 more gives no date."
    )
    assert gambling.summary == "8 articles in February 2021."
    assert chart.summary.startswith("“fraud”: 6 articles") and "“gambling”: 8 articles" in chart.summary


def test_a_series_with_no_dates_or_no_articles_says_so():
    assert Series("q", {}, undated=3).summary == "No dated articles. 3 give no date."
    assert Series("q", {}).summary == "No matching articles."
    assert series_chart([Series("q", {}, undated=3)]).bars == []


def test_over_many_months_compared_series_are_overlaid_the_taller_behind():
    months = [date(2010 + i // 12, i % 12 + 1, 1) for i in range(120)]
    few = Series("few", dict.fromkeys(months, 1))
    many = Series("many", dict.fromkeys(months, 3))
    chart = series_chart([few, many])
    assert (
        chart.overlaid
        and not series_chart([Series("a", {months[0]: 1}), Series("b", {months[9]: 1})]).overlaid
    )
    first, second = chart.bars[:2]
    assert (first.series, second.series) == (1, 0) and first.x == second.x and first.width == second.width
    assert first.height == 3 * second.height


def test_each_bar_is_a_rect_with_its_month_count_and_the_escaped_query():
    chart = series_chart(
        [Series('<script>"x"</script>', {date(2021, 3, 1): 1}), Series("fraud", {date(2021, 4, 1): 2})]
    )
    svg = str(chart.bars_svg)
    assert svg.count("<rect ") == len(chart.bars) == 4
    assert "<title>“&lt;script&gt;&quot;x&quot;&lt;/script&gt;”, March 2021: 1 article</title>" in svg
    assert "<title>“fraud”, April 2021: 2 articles</title>" in svg
    assert "<script>" not in svg
    single = str(series_chart([Series("", {date(2021, 3, 1): 5})]).bars_svg)
    assert "<title>March 2021: 5 articles</title>" in single
