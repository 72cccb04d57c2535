"""The evaluation sets: one module each, turning rows into articles and predictions into scores."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tocsin.evaluation.results import Json, Prediction, SetResult
from tocsin.evaluation.sets import acled, case, dev, gtd, masakhane


@dataclass(frozen=True)
class EvalSet:
    name: str
    file: str
    title: str
    to_articles: Callable[[list[Json]], list[Json]]
    score: Callable[[list[Json], dict[str, Prediction]], SetResult]


SETS: dict[str, EvalSet] = {
    m.NAME: EvalSet(m.NAME, m.FILE, m.TITLE, m.to_articles, m.score)
    for m in (dev, acled, gtd, case, masakhane)
}
