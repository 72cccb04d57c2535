"""One-to-one assignment of predicted to gold incidents within one article.

Articles hold a handful of incidents, so the optimum is found exactly by dynamic programming over the subsets
of the smaller side (2^k states, k <= EXACT_LIMIT); bigger cases (never seen in the dev set) fall back to a
greedy pass by descending score. The objective puts the number of matched pairs first and the field
agreement second, so a prediction is never left unmatched just to raise the agreement of another pair.
"""

from __future__ import annotations

from collections.abc import Sequence

EXACT_LIMIT = 12
_PAIR_BONUS = 1000.0


def assign(scores: Sequence[Sequence[float | None]]) -> list[tuple[int, int]]:
    """Best one-to-one pairs (row, column) of a score matrix; None marks a forbidden pair.

    Rows are predictions and columns gold incidents (or the reverse: the function is symmetric). Scores must
    be below _PAIR_BONUS; the result is sorted by row.
    """
    n_rows = len(scores)
    n_cols = len(scores[0]) if n_rows else 0
    if not n_rows or not n_cols:
        return []
    if n_cols > n_rows:
        flipped = [[scores[r][c] for r in range(n_rows)] for c in range(n_cols)]
        return sorted((r, c) for c, r in assign(flipped))
    if n_cols > EXACT_LIMIT:
        return _greedy(scores)
    return _exact(scores, n_cols)


def _exact(scores: Sequence[Sequence[float | None]], n_cols: int) -> list[tuple[int, int]]:
    # best[mask] = (total weight, pairs) over the rows seen so far, with `mask` the set of columns used.
    best: dict[int, tuple[float, tuple[tuple[int, int], ...]]] = {0: (0.0, ())}
    for row, row_scores in enumerate(scores):
        nxt = dict(best)
        for mask, (total, pairs) in best.items():
            for col in range(n_cols):
                score = row_scores[col]
                if score is None or mask & (1 << col):
                    continue
                key = mask | (1 << col)
                cand = total + _PAIR_BONUS + score
                if key not in nxt or cand > nxt[key][0]:
                    nxt[key] = (cand, (*pairs, (row, col)))
        best = nxt
    _, pairs = max(best.values(), key=lambda item: item[0])
    return sorted(pairs)


def _greedy(scores: Sequence[Sequence[float | None]]) -> list[tuple[int, int]]:
    cells = [
        (score, r, c) for r, row in enumerate(scores) for c, score in enumerate(row) if score is not None
    ]
    cells.sort(key=lambda cell: (-cell[0], cell[1], cell[2]))
    used_r: set[int] = set()
    used_c: set[int] = set()
    pairs = []
    for _, r, c in cells:
        if r not in used_r and c not in used_c:
            used_r.add(r)
            used_c.add(c)
            pairs.append((r, c))
    return sorted(pairs)
