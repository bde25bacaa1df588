"""Search keys: text folded so a query matches names however they are written.

'Nimrūd' finds 'Nimrud', 'palmyra' finds 'Palmyra', and Arabic matches across the spellings
people type interchangeably (hamza forms of alif, taa marbuta, alif maqsura, short vowels,
tatweel).
"""

from __future__ import annotations

import re
import unicodedata

ARABIC_FOLDS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ئ": "ي",
        "ؤ": "و",
        "ة": "ه",
        "ـ": None,  # tatweel, a stretching character with no meaning
    }
)
WHITESPACE = re.compile(r"\s+")


def search_key(text: str) -> str:
    """Lower-case, accent-free, Arabic-normalised text with single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.translate(ARABIC_FOLDS))
    without_marks = "".join(char for char in decomposed if not unicodedata.combining(char))
    folded = unicodedata.normalize("NFC", without_marks).translate(ARABIC_FOLDS).casefold()
    return WHITESPACE.sub(" ", folded).strip()


# Primary language subtags written right to left: Arabic, Hebrew, Persian, Urdu, Pashto,
# Syriac, Aramaic, Yiddish, Dhivehi, Central Kurdish.
RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "ps", "syc", "arc", "yi", "dv", "ckb"})


def text_direction(lang: str | None) -> str:
    """``rtl`` for a name in a right-to-left language, else ``auto`` (let the browser decide)."""
    return "rtl" if lang and lang.split("-")[0].lower() in RTL_LANGUAGES else "auto"
