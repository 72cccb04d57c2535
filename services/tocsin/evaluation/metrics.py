"""Counting metrics: precision/recall/F1, accuracy, support-weighted F1 (scikit-learn is not a dependency)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


def ratio(num: float, den: float) -> float:
    """num/den, 0.0 when den is 0 (scikit-learn's zero_division=0 convention)."""
    return num / den if den else 0.0


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        return ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    def add(self, gold: bool, pred: bool) -> None:
        """Record one binary decision."""
        if gold and pred:
            self.tp += 1
        elif pred:
            self.fp += 1
        elif gold:
            self.fn += 1

    def to_json(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass
class Accuracy:
    correct: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.correct += int(ok)

    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None

    def to_json(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "accuracy": self.value}


@dataclass
class Accuracies:
    """One Accuracy per field name, in first-use order."""

    fields: dict[str, Accuracy] = field(default_factory=dict)

    def add(self, name: str, ok: bool) -> None:
        self.fields.setdefault(name, Accuracy()).add(ok)

    def value(self, name: str) -> float | None:
        acc = self.fields.get(name)
        return acc.value if acc else None

    def to_json(self) -> dict[str, Any]:
        return {name: acc.to_json() for name, acc in self.fields.items()}


@dataclass(frozen=True)
class ClassScores:
    label: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class MultiClassReport:
    weighted_f1: float
    macro_f1: float
    accuracy: float
    classes: list[ClassScores]

    def to_json(self) -> dict[str, Any]:
        return {
            "weighted_f1": self.weighted_f1,
            "macro_f1": self.macro_f1,
            "accuracy": self.accuracy,
            "classes": {
                c.label: {"precision": c.precision, "recall": c.recall, "f1": c.f1, "support": c.support}
                for c in self.classes
            },
        }


def multiclass(gold: Sequence[str], pred: Sequence[str]) -> MultiClassReport:
    """Per-class P/R/F1 and their averages, as sklearn's classification_report with zero_division=0.

    Weighted F1 weights each class's F1 by its gold support, so classes that only occur in the predictions
    weigh nothing (but still lower the precision of nothing else); macro F1 averages over the gold classes.
    """
    if len(gold) != len(pred):
        raise ValueError("gold and pred differ in length")
    support = Counter(gold)
    predicted = Counter(pred)
    hits = Counter(g for g, p in zip(gold, pred, strict=True) if g == p)
    classes = []
    for label in sorted(set(support) | set(predicted)):
        tp = hits[label]
        scores = PRF(tp=tp, fp=predicted[label] - tp, fn=support[label] - tp)
        classes.append(ClassScores(label, scores.precision, scores.recall, scores.f1, support[label]))
    total = len(gold)
    gold_classes = [c for c in classes if c.support]
    weighted = ratio(sum(c.f1 * c.support for c in gold_classes), total)
    macro = ratio(sum(c.f1 for c in gold_classes), len(gold_classes))
    return MultiClassReport(weighted, macro, ratio(sum(hits.values()), total), classes)
