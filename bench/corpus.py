"""The fixed mixed corpus: French and English news, most without an attack, read from ../shared/eval at run time.

- MasakhaNEWS French (BBC Afrique; business, health, politics, sport, technology: mostly no attack),
- HRDsAttack English (full articles about attacks on human-rights defenders: mostly relevant),
- the hand-coded dev gold (French and English excerpts, with negatives).

Rows are picked deterministically (evenly spaced after sorting by id), so two runs see the same texts. Nothing is
copied into the repository (ACLED/GTD-style terms; see shared/eval/SOURCES.md). Without the folder, a tiny
built-in corpus written for Tocsin is used and the result says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

Record = dict[str, Any]

SOURCES: dict[str, str] = {
    "fr_masakhanews": "news_fr_masakhanews.jsonl",
    "en_hrdsattack": "news_en_hrdsattack.jsonl",
    "dev_gold": "news_dev_gold.jsonl",
}

# Written for this benchmark (invented events, no source text): two attacks, four ordinary news items.
_BUILTIN: list[tuple[str, str]] = [
    (
        "fr",
        "Une embuscade a tué trois soldats mardi près de Ménaka, dans l'est du Mali, selon l'armée. "
        "Les assaillants, arrivés à moto, ont ensuite pris la fuite vers la frontière.",
    ),
    (
        "en",
        "A roadside bomb killed two police officers on Sunday in Kandahar, Afghanistan, officials said. "
        "No group has claimed the attack so far.",
    ),
    (
        "fr",
        "La banque centrale a maintenu son taux directeur inchangé jeudi. Les analystes attendent une baisse "
        "de l'inflation au second semestre, portée par le recul des prix de l'énergie.",
    ),
    (
        "fr",
        "Le club de Dakar s'est qualifié pour la finale de la coupe après une victoire aux tirs au but. "
        "L'entraîneur a salué la discipline de ses joueurs.",
    ),
    (
        "en",
        "The city council approved a new budget for public libraries on Monday. "
        "Opening hours will be extended on weekends from next month.",
    ),
    (
        "en",
        "Researchers presented a low-cost water filter at a conference in Nairobi. "
        "The device uses sand and charcoal and can be built with local materials.",
    ),
]


@dataclass
class Corpus:
    records: list[Record]
    source: str  # "shared/eval" or "builtin"
    counts: dict[str, int]

    @property
    def chars(self) -> int:
        return sum(len(r["text"]) for r in self.records)

    def describe(self) -> dict[str, Any]:
        langs: dict[str, int] = {}
        for r in self.records:
            langs[r["language"]] = langs.get(r["language"], 0) + 1
        return {
            "source": self.source,
            "articles": len(self.records),
            "chars": self.chars,
            "by_source": self.counts,
            "by_language": langs,
        }


def _spaced(rows: list[Record], n: int) -> list[Record]:
    rows = sorted(rows, key=lambda r: str(r["id"]))
    if n >= len(rows):
        return rows
    step = len(rows) / n
    return [rows[int(i * step)] for i in range(n)]


def _read(path: Path) -> list[Record]:
    with path.open("rb") as fh:
        return [orjson.loads(line) for line in fh if line.strip()]


def _published(row: Record) -> str | None:
    value = row.get("published") or (row.get("meta") or {}).get("publish_date")
    return str(value)[:10] if value else None


def _article(prefix: str, row: Record) -> Record:
    return {
        "id": f"{prefix}:{row['id']}",
        "text": row["text"],
        "language": row.get("language"),
        "published": _published(row),
    }


def load_corpus(eval_dir: Path, n_fr: int = 150, n_en: int = 100, with_dev: bool = True) -> Corpus:
    """The mixed corpus (n_fr MasakhaNEWS, n_en HRDsAttack, plus the dev gold), or the built-in one."""
    paths = {k: eval_dir / v for k, v in SOURCES.items()}
    if not all(p.is_file() for p in paths.values()):
        return builtin_corpus()
    picked = {
        "fr_masakhanews": _spaced(_read(paths["fr_masakhanews"]), n_fr),
        "en_hrdsattack": _spaced(_read(paths["en_hrdsattack"]), n_en),
        "dev_gold": _read(paths["dev_gold"]) if with_dev else [],
    }
    records = [_article(k, row) for k, rows in picked.items() for row in rows]
    # Interleave deterministically so that languages and relevance are mixed along the stream.
    records.sort(key=lambda r: hash_key(r["id"]))
    return Corpus(records, "shared/eval", {k: len(v) for k, v in picked.items()})


def builtin_corpus(copies: int = 5) -> Corpus:
    records = [
        {"id": f"builtin-{k}-{i}", "text": text, "language": lang, "published": "2024-03-05"}
        for k in range(copies)
        for i, (lang, text) in enumerate(_BUILTIN)
    ]
    return Corpus(records, "builtin", {"builtin": len(records)})


def hash_key(text: str) -> int:
    """A stable (not salted) hash for ordering: FNV-1a over UTF-8."""
    h = 0xCBF29CE484222325
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h
