"""A small inline SVG of mentions by month, drawn at build time (no JavaScript, no image files).

Months run left to right from the first mention to the last, whatever the page's direction (the
stylesheet sets `direction: ltr` on it), with an empty bar for a month without mentions so gaps
show. The chart
has a text equivalent in its <title> and aria-label, written by the caller in the page's language.
"""

from __future__ import annotations

import datetime
from collections import Counter
from html import escape

WIDTH, HEIGHT, GAP = 600, 80, 1


def months_between(first: datetime.date, last: datetime.date) -> list[tuple[int, int]]:
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def monthly_counts(dates: list[datetime.date]) -> list[tuple[tuple[int, int], int]]:
    """[((year, month), count)] for every month from the first date to the last."""
    if not dates:
        return []
    counts = Counter((d.year, d.month) for d in dates)
    return [(m, counts.get(m, 0)) for m in months_between(min(dates), max(dates))]


def timeline_svg(dates: list[datetime.date], label: str, bar_label) -> str:
    """The chart as an inline <svg>; `bar_label((year, month), count)` gives each bar's tooltip."""
    series = monthly_counts(dates)
    if not series:
        return ""
    peak = max(count for _m, count in series)
    bar = WIDTH / len(series)
    bars = []
    for index, (month, count) in enumerate(series):
        height = 0 if not count else max(2.0, (HEIGHT - 2) * count / peak)
        x = index * bar
        bars.append(
            f'<rect x="{x:.2f}" y="{HEIGHT - height:.2f}" width="{max(bar - GAP, 1):.2f}"'
            f' height="{height:.2f}"><title>{escape(bar_label(month, count))}</title></rect>'
        )
    return (
        f'<svg class="timeline" viewBox="0 0 {WIDTH} {HEIGHT}" role="img"'
        f' aria-label="{escape(label)}" preserveAspectRatio="none"'
        f' xmlns="http://www.w3.org/2000/svg"><title>{escape(label)}</title>'
        + "".join(bars)
        + "</svg>"
    )
