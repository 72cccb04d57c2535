"""Load models before the worker joins its group, so the first articles do not stall a rebalance."""

from __future__ import annotations

from ..extraction.lexicon import supported_languages
from ..extraction.model import Article
from ..extraction.pipeline import Extractor

_SAMPLES = {
    "fr": "Une attaque a tué deux soldats mardi à Bamako, au Mali.",
    "en": "An attack killed two soldiers on Tuesday in Kabul, Afghanistan.",
}


def warm_up(extractor: Extractor) -> None:
    for lang in supported_languages():
        extractor.extract(Article(id=f"warm-up-{lang}", text=_SAMPLES.get(lang, "attack"), language=lang))
