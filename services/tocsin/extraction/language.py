"""Which language an article is in: the producer's word if given, else detection; unsupported ones are reported."""

from __future__ import annotations

from functools import cache

from .lexicon import supported_languages


class UnsupportedLanguage(ValueError):
    def __init__(self, language: str, detected: bool) -> None:
        how = "detected" if detected else "declared"
        super().__init__(
            f"language {language!r} ({how}) is not supported; supported: {', '.join(supported_languages())}"
        )
        self.language = language
        self.detected = detected

    def __reduce__(self) -> tuple[type[UnsupportedLanguage], tuple[str, bool]]:
        """Picklable with its own arguments: it crosses from the extraction processes to the worker."""
        return (type(self), (self.language, self.detected))


@cache
def _identifier() -> object:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """Return (ISO 639-1 code, probability) from py3langid over the first few thousand characters."""
    identifier = _identifier()
    lang, prob = identifier.classify(text[:4000])  # type: ignore[attr-defined]
    return str(lang), float(prob)


def resolve_language(declared: str | None, text: str) -> str:
    supported = supported_languages()
    if declared:
        lang = declared.strip().lower()[:2]
        if lang not in supported:
            raise UnsupportedLanguage(lang, detected=False)
        return lang
    lang, _ = detect_language(text)
    if lang not in supported:
        raise UnsupportedLanguage(lang, detected=True)
    return lang
