"""One-to-one assignment: exact optimum, forbidden pairs, and the greedy fallback."""

import pytest

from tocsin.evaluation import matching
from tocsin.evaluation.matching import assign


def test_prefers_more_pairs_over_one_high_score() -> None:
    # Greedy would take (0, 0) and leave row 1 unmatched; the optimum pairs both rows.
    assert assign([[10.0, 9.0], [9.0, None]]) == [(0, 1), (1, 0)]


def test_maximises_total_agreement() -> None:
    # Greedy: (0,0)=5 then (1,1)=1 → 6; optimum (0,1)+(1,0) = 8.
    assert assign([[5.0, 4.0], [4.0, 1.0]]) == [(0, 1), (1, 0)]


def test_forbidden_pairs_and_empty_inputs() -> None:
    assert assign([[None, None]]) == []
    assert assign([]) == []
    assert assign([[]]) == []


def test_more_columns_than_rows() -> None:
    assert assign([[1.0, 3.0, None]]) == [(0, 1)]
    assert assign([[None, 2.0, 1.0], [None, 5.0, None]]) == [(0, 2), (1, 1)]


def test_greedy_fallback_beyond_exact_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(matching, "EXACT_LIMIT", 1)
    assert assign([[5.0, 4.0], [4.0, 1.0]]) == [(0, 0), (1, 1)]
