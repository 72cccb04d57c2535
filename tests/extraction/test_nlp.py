"""Loading the spaCy pipelines: one BLIS thread unless the operator says otherwise."""

from __future__ import annotations

import pytest

from tocsin.extraction import nlp


def test_blis_threads_default_to_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BLIS_NUM_THREADS", raising=False)
    nlp._limit_blas_threads()
    import os

    assert os.environ["BLIS_NUM_THREADS"] == "1"


def test_an_operator_setting_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BLIS_NUM_THREADS", "4")
    nlp._limit_blas_threads()
    import os

    assert os.environ["BLIS_NUM_THREADS"] == "4"
