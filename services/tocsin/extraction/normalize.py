"""Unicode normalisation before any parsing, so that lexicons need one spelling of each character.

Length-preserving where possible (one character in, one out) so offsets stay meaningful; evidence offsets refer to
the normalised text, which is what the schema documents.
"""

from __future__ import annotations

import unicodedata

_FOLD = str.maketrans(
    {
        "\u2019": "'",  # right single quotation mark (typographic apostrophe)
        "\u2018": "'",
        "\u02bc": "'",  # modifier letter apostrophe
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00a0": " ",  # no-break space
        "\u202f": " ",  # narrow no-break space (French typography before ; : ! ?)
        "\u2007": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2011": "-",  # non-breaking hyphen
        "\u2010": "-",
        "\u00ad": None,  # soft hyphen
        "\u200b": None,  # zero-width space
        "\u200c": None,
        "\u200d": None,
        "\ufeff": None,
        "\r": None,
    }
)


def normalize_text(text: str) -> str:
    """NFC, typographic apostrophes/quotes/spaces folded to ASCII, invisible characters removed."""
    return unicodedata.normalize("NFC", text).translate(_FOLD)
