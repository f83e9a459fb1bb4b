"""Which of several overlapping name matches a text keeps: the longest (ties: the leftmost,
then the first given), as a reader would read "بشار الأسد" as one name, not two."""

from __future__ import annotations

from bisect import bisect_left
from operator import itemgetter

_SPAN = itemgetter(0, 1)


def longest_first(candidates, taken: list[tuple[int, int]]) -> list:
    """Longest first (ties: leftmost, then first given), skipping any candidate that overlaps
    one already taken; the chosen are returned in order of their spans. `taken` is a sorted
    list of (start, end), updated in place."""
    if taken:
        return sorted(_one_at_a_time(candidates, taken), key=_SPAN)
    # Nothing taken yet: candidates that overlap nothing (most of them) are taken as they are,
    # and each cluster of overlapping ones (a short alias inside a long name) is walked alone,
    # since a choice in one cluster never blocks a candidate of another.
    ordered = sorted(candidates, key=_SPAN)   # stable: equal spans keep the order given
    chosen: list = []
    i, n = 0, len(ordered)
    while i < n:
        j, reach = i + 1, ordered[i][1]
        while j < n and ordered[j][0] < reach:
            if ordered[j][1] > reach:
                reach = ordered[j][1]
            j += 1
        if j == i + 1:
            chosen.append(ordered[i])
        elif j == i + 2:   # two that overlap: the longer, or on a tie the first (leftmost)
            a, b = ordered[i], ordered[i + 1]
            chosen.append(a if a[1] - a[0] >= b[1] - b[0] else b)
        else:
            chosen += sorted(_one_at_a_time(ordered[i:j], []), key=_SPAN)
        i = j
    taken.extend([(c[0], c[1]) for c in chosen])
    return chosen


def _one_at_a_time(candidates, taken: list[tuple[int, int]]) -> list:
    """`longest_first`, one candidate at a time, longest first."""
    chosen = []
    for cand in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        start, end = cand[0], cand[1]
        i = bisect_left(taken, (start, end))
        if i > 0 and taken[i - 1][1] > start:
            continue
        if i < len(taken) and taken[i][0] < end:
            continue
        taken.insert(i, (start, end))
        chosen.append(cand)
    return chosen
