"""Articles per month as a bar chart drawn on the server: geometry and the bars' markup here
(hundreds of bars: a template's loop took 30 ms a chart), the rest of the SVG in the template
(includes/month_chart.html), so it reads without JavaScript. One series (an entity's articles)
or up to three side by side (queries compared on the search page), each with a text summary."""

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 160, 36, 20, 8
MIN_GROUPED = 4  # narrower side by side, compared series are overlaid
MAX_BAR = 32  # a bar is no wider than this, in a month of its own: the bars of a few months stay bars


@dataclass(frozen=True)
class Bar:
    month: date
    count: int
    x: float
    y: float
    width: float
    height: float
    series: int = 0  # which series (0, 1, 2): its colour
    label: str = ""  # the series' label, for the bar's tooltip when there are several


@dataclass(frozen=True)
class Series:
    """One line of a chart's legend: the dated articles per month, and those without a date."""

    label: str
    counts: dict[date, int]
    undated: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values()) + self.undated

    @property
    def summary(self) -> str:
        if not self.total:
            return "No matching articles."
        text = month_summary(self.counts) if self.counts else "No dated articles."
        if self.undated:
            more = "more" if self.counts else ""
            verb = "gives" if self.undated == 1 else "give"
            text += f" {self.undated:,} {more}{' ' if more else ''}{verb} no date."
        return text


def month_summary(counts: dict[date, int]) -> str:
    months = sorted(counts)
    total = sum(counts.values())
    articles = f"{total:,} article{'s' if total != 1 else ''}"
    if len(months) == 1:
        return f"{articles} in {months[0]:%B %Y}."
    busiest = max(months, key=counts.__getitem__)  # the earliest of equal months
    return (
        f"{articles} from {months[0]:%B %Y} to {months[-1]:%B %Y}; "
        f"the busiest month was {busiest:%B %Y} with {counts[busiest]:,}."
    )


@dataclass(frozen=True)
class MonthChart:
    bars: list[Bar]
    peak: int
    years: list[tuple[int, float]]  # (year, x) for the axis labels
    series: tuple[Series, ...] = ()
    overlaid: bool = False  # the bars of a month drawn over each other (the taller behind)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    baseline: int = HEIGHT - BOTTOM

    @property
    def bars_svg(self) -> SafeString:
        """Every bar as an SVG rect with its tooltip; the labels (queries typed) escaped."""
        labels = {s.label: f"“{escape(s.label)}”, " for s in self.series if s.label and len(self.series) > 1}
        months = {month: date_format(month, "F Y") for month in {bar.month for bar in self.bars}}
        rects = [
            f'<rect class="chart__bar chart__bar--{bar.series}" x="{bar.x}" y="{bar.y}"'
            f' width="{bar.width}" height="{bar.height}"><title>{labels.get(bar.label, "")}'
            f"{months[bar.month]}: {bar.count} article{'' if bar.count == 1 else 's'}</title></rect>"
            for bar in self.bars
        ]
        return mark_safe("".join(rects))  # numbers, a formatted date and the labels escaped

    @property
    def summary(self) -> str:
        if len(self.series) == 1:
            return self.series[0].summary
        return " ".join(f"“{s.label}”: {s.summary}" for s in self.series)


def month_chart(counts: dict[date, int]) -> MonthChart | None:
    """Bars for every month from the first to the last with an article (empty months included,
    so gaps show); None when there is nothing dated."""
    if not counts:
        return None
    return series_chart([Series("", counts)])


def series_chart(series: list[Series]) -> MonthChart:
    """Bars for every month from the first to the last that any series has, all scaled to the
    highest: the series of a month side by side, or, when that leaves a bar under MIN_GROUPED
    wide (many months), overlaid, the taller behind; no bars when nothing is dated."""
    dated = [month for s in series for month in s.counts]
    months = _months(min(dated), max(dated)) if dated else []
    peak = max((n for s in series for n in s.counts.values()), default=0)
    step = (WIDTH - LEFT) / max(len(months), 1)
    overlaid = len(series) > 1 and step / len(series) < MIN_GROUPED
    sub = min(step if overlaid else step / max(len(series), 1), MAX_BAR)
    inset = (step - sub * (1 if overlaid else len(series))) / 2  # a month's bars centred in its slot
    bars = []
    for i, month_start in enumerate(months):
        counts = [(k, one.label, one.counts.get(month_start, 0)) for k, one in enumerate(series)]
        if overlaid:
            counts.sort(key=lambda found: -found[2])
        for k, label, count in counts:
            x = LEFT + i * step + inset + (0 if overlaid else k * sub)
            bars.append(_bar(month_start, count, x, sub, peak, k, label if len(series) > 1 else ""))
    years = [(m.year, round(LEFT + i * step, 2)) for i, m in enumerate(months) if m.month == 1 or i == 0]
    return MonthChart(bars, peak, years, tuple(series), overlaid)


def _bar(month: date, count: int, x: float, width: float, peak: int, series: int, label: str) -> Bar:
    height = (HEIGHT - BOTTOM - TOP) * count / peak if peak else 0
    return Bar(
        month,
        count,
        x=round(x, 2),
        y=round(HEIGHT - BOTTOM - height, 2),
        width=round(max(width - 1, 0.5), 2),
        height=round(height, 2),
        series=series,
        label=label,
    )


def _months(first: date, last: date) -> list[date]:
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
