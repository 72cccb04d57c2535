"""Value types passed between loaders, the extractor run, scorers and the report writer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Json = dict[str, Any]


@dataclass(frozen=True)
class Prediction:
    """The extractor's output line for one article (incidents are kept as the JSON the CLI wrote)."""

    id: str
    incidents: list[Json]
    error: str | None = None

    @property
    def news(self) -> list[Json]:
        """Incidents reported as news, i.e. not background."""
        return [inc for inc in self.incidents if not inc.get("background")]

    @property
    def background(self) -> list[Json]:
        return [inc for inc in self.incidents if inc.get("background")]

    @property
    def first_news(self) -> Json | None:
        news = self.news
        return news[0] if news else None


@dataclass(frozen=True)
class Target:
    set: str
    name: str
    value: float | None
    threshold: float
    op: Literal[">=", "<="]
    kind: Literal["rate", "count"] = "rate"

    @property
    def met(self) -> bool:
        if self.value is None:
            return False
        return self.value >= self.threshold if self.op == ">=" else self.value <= self.threshold

    def to_json(self) -> Json:
        return {
            "set": self.set,
            "name": self.name,
            "value": self.value,
            "op": self.op,
            "threshold": self.threshold,
            "met": self.met,
        }


@dataclass
class SetResult:
    """What a scorer returns: numbers for eval.json, Markdown lines for eval.md, mismatches for errors/."""

    name: str
    title: str
    metrics: Json
    targets: list[Target] = field(default_factory=list)
    markdown: list[str] = field(default_factory=list)
    errors: list[Json] = field(default_factory=list)


@dataclass
class RunInfo:
    """How the predictions of one set were obtained."""

    articles: int
    seconds: float | None = None
    returncode: int | None = None
    rescored_from: str | None = None
    stderr_tail: str = ""
    contract: Json = field(default_factory=dict)

    @property
    def articles_per_second(self) -> float | None:
        if not self.seconds:
            return None
        return self.articles / self.seconds

    def to_json(self) -> Json:
        return {
            "articles": self.articles,
            "seconds": self.seconds,
            "articles_per_second": self.articles_per_second,
            "returncode": self.returncode,
            "rescored_from": self.rescored_from,
            "stderr_tail": self.stderr_tail,
            "contract": self.contract,
        }


def error_row(article_id: str, field_name: str, gold: Any, predicted: Any, evidence: Any) -> Json:
    """One line of reports/eval/errors/<set>.jsonl."""
    return {"id": article_id, "field": field_name, "gold": gold, "predicted": predicted, "evidence": evidence}


def evidence_text(incident: Json | None) -> str | None:
    """The evidence sentence of a predicted incident ({text,start,end}) or of a gold one (a plain string)."""
    if not incident:
        return None
    ev = incident.get("evidence")
    if isinstance(ev, dict):
        text = ev.get("text")
        return text if isinstance(text, str) else None
    return ev if isinstance(ev, str) else None
