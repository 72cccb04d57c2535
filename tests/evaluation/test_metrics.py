"""Counting metrics on hand-computed examples."""

import pytest

from tocsin.evaluation.metrics import PRF, Accuracies, multiclass


def test_prf_counts_and_scores() -> None:
    prf = PRF()
    for gold, pred in [(True, True), (True, True), (False, True), (True, False), (False, False)]:
        prf.add(gold, pred)
    assert (prf.tp, prf.fp, prf.fn) == (2, 1, 1)
    assert prf.precision == pytest.approx(2 / 3)
    assert prf.recall == pytest.approx(2 / 3)
    assert prf.f1 == pytest.approx(2 / 3)


def test_prf_empty_is_zero_not_error() -> None:
    assert PRF().f1 == 0.0
    assert PRF(fn=3).precision == 0.0


def test_accuracies_by_field() -> None:
    acc = Accuracies()
    acc.add("admin1", True)
    acc.add("admin1", False)
    acc.add("date", True)
    assert acc.value("admin1") == 0.5
    assert acc.value("date") == 1.0
    assert acc.value("weapon") is None


def test_weighted_f1_matches_hand_computation() -> None:
    # a: P 1, R 1/2, F1 2/3 (support 2); b: P 1/2, R 1, F1 2/3 (support 1); c: F1 1 (support 1).
    report = multiclass(["a", "a", "b", "c"], ["a", "b", "b", "c"])
    assert report.weighted_f1 == pytest.approx((2 * 2 / 3 + 2 / 3 + 1) / 4)
    assert report.macro_f1 == pytest.approx((2 / 3 + 2 / 3 + 1) / 3)
    assert report.accuracy == pytest.approx(3 / 4)


def test_weighted_f1_gives_predicted_only_classes_no_weight() -> None:
    # "x" is never gold: it gets F1 0 but weight 0; it still costs "a" its recall.
    report = multiclass(["a", "a"], ["a", "x"])
    by_label = {c.label: c for c in report.classes}
    assert by_label["x"].support == 0
    assert by_label["a"].f1 == pytest.approx(2 / 3)
    assert report.weighted_f1 == pytest.approx(2 / 3)


def test_multiclass_rejects_length_mismatch() -> None:
    with pytest.raises(ValueError):
        multiclass(["a"], [])
