"""A fixed set of spans asked about by bisection, so that checking every mention or number of
a long text against it stays linear in the text."""

from bisect import bisect_left, bisect_right


class Spans:
    def __init__(self, spans: list[tuple[int, int]]):
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.reach, furthest = [], -1  # the furthest end among the spans starting so far
        for _, end in spans:
            furthest = max(furthest, end)
            self.reach.append(furthest)

    def covers(self, position: int) -> bool:
        i = bisect_right(self.starts, position)
        return i > 0 and self.reach[i - 1] > position

    def contains(self, start: int, end: int) -> bool:
        """Does one span hold all of start–end?"""
        i = bisect_right(self.starts, start)
        return i > 0 and self.reach[i - 1] >= end

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end)
        return i > 0 and self.reach[i - 1] > start
