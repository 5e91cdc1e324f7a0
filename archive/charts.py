"""Articles per month as a bar chart drawn on the server: geometry here, SVG in the template
(includes/month_chart.html), so it reads without JavaScript."""

from dataclasses import dataclass
from datetime import date

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 160, 36, 20, 8


@dataclass(frozen=True)
class Bar:
    month: date
    count: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class MonthChart:
    bars: list[Bar]
    peak: int
    years: list[tuple[int, float]]  # (year, x) for the axis labels
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    baseline: int = HEIGHT - BOTTOM

    @property
    def summary(self) -> str:
        busiest = max(self.bars, key=lambda bar: bar.count)
        return (
            f"{sum(b.count for b in self.bars)} articles from {self.bars[0].month:%B %Y} to "
            f"{self.bars[-1].month:%B %Y}; the busiest month was {busiest.month:%B %Y} "
            f"with {busiest.count}."
        )


def month_chart(counts: dict[date, int]) -> MonthChart | None:
    """Bars for every month from the first to the last with an article (empty months included,
    so gaps show); None when there is nothing dated."""
    if not counts:
        return None
    first, last = min(counts), max(counts)
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    peak = max(counts.values())
    plot_width, plot_height = WIDTH - LEFT, HEIGHT - BOTTOM - TOP
    step = plot_width / len(months)
    bars = []
    for i, month_start in enumerate(months):
        count = counts.get(month_start, 0)
        height = plot_height * count / peak
        bars.append(
            Bar(
                month_start,
                count,
                x=round(LEFT + i * step, 2),
                y=round(HEIGHT - BOTTOM - height, 2),
                width=round(max(step - 1, 0.5), 2),
                height=round(height, 2),
            )
        )
    years = [(b.month.year, b.x) for b in bars if b.month.month == 1 or b is bars[0]]
    return MonthChart(bars, peak, years)
