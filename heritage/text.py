"""Text as people type it in many scripts: search keys, writing direction and URL slugs.

'Nimrūd' finds 'Nimrud', 'palmyra' finds 'Palmyra', and Arabic matches across the spellings
people type interchangeably (hamza forms of alif, taa marbuta, alif maqsura, short vowels,
tatweel). Sites and actors both fold their names with :func:`search_key`, so this sits below
both domains.
"""

from __future__ import annotations

import re
import unicodedata

import pycountry
from anyascii import anyascii
from babel import Locale

from heritage import translate

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


def optional_text(text: str | None) -> str | None:
    """Free text as it is kept: trimmed, and None for nothing but spaces, tabs and line
    breaks (an empty value is no value)."""
    return (text or "").strip() or None


def primary_language(tag: str | None) -> str:
    """The language of a tag without its region or script: "ar-SY" and "ar_SY" are "ar"."""
    return (tag or "").replace("_", "-").split("-")[0].lower()


def without_format_characters(text: str) -> str:
    """``text`` without invisible format characters (direction overrides, zero-width marks):
    for echoing what a visitor typed into a page, where an override could reverse the
    sentence around it."""
    return "".join(char for char in text if unicodedata.category(char) != "Cf")


def search_key(text: str) -> str:
    """Lower-case, accent-free, Arabic-normalised text with single spaces.

    Invisible format characters (zero-width spaces, direction marks, soft hyphens) are
    dropped too: "IS\u200bIS" must be found as ISIS, and not pass for another party.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(ARABIC_FOLDS))
    visible = "".join(
        char
        for char in decomposed
        if not unicodedata.combining(char) and unicodedata.category(char) != "Cf"
    )
    folded = unicodedata.normalize("NFC", visible).translate(ARABIC_FOLDS).casefold()
    return WHITESPACE.sub(" ", folded).strip()


# Between the folded names kept in one search text: a line break, which no name can hold.
SEARCH_SEPARATOR = "\n"


def search_text(names: list[str]) -> str:
    """Every name folded, one per line, for a LIKE search and for :func:`search_keys`."""
    return SEARCH_SEPARATOR.join(search_key(name) for name in names)


def search_keys(text: str) -> list[str]:
    """The folded names :func:`search_text` kept."""
    return text.split(SEARCH_SEPARATOR)


# Unicode bidirectional classes of letters written right to left (Hebrew; Arabic, Syriac,
# Thaana and the other Arabic-type scripts).
RIGHT_TO_LEFT_CLASSES = frozenset({"R", "AL"})
LEFT_TO_RIGHT_CLASS = "L"


def text_direction(text: str | None) -> str:
    """``rtl`` or ``ltr`` by the first strongly directional letter of ``text``, as a browser's
    ``dir="auto"`` decides; ``auto`` when it has none (digits, punctuation, nothing).

    The script decides, not the language tag: "Tadmor" tagged ``arc`` (Aramaic) is written
    in Latin letters and reads left to right, while تدمر reads right to left whatever its tag.
    """
    for char in text or "":
        direction = unicodedata.bidirectional(char)
        if direction in RIGHT_TO_LEFT_CLASSES:
            return "rtl"
        if direction == LEFT_TO_RIGHT_CLASS:
            return "ltr"
    return "auto"


def is_latin(text: str) -> bool:
    """Whether every letter of ``text`` is Latin (accents allowed): good for a readable slug."""
    letters = [char for char in text if char.isalpha()]
    return bool(letters) and all("LATIN" in unicodedata.name(char, "") for char in letters)


SLUG_LENGTH = 100
# Arabic letters anyascii leaves out or writes as punctuation, spelled as a reader of the
# slug expects: alif and hamza-on-alif as "a", taa marbuta as "a" (its sound at a word's end).
ARABIC_FOR_SLUGS = str.maketrans({"ا": "a", "أ": "a", "إ": "i", "ة": "a", "ع": "", "ء": ""})


def slugify(text: str) -> str:
    """An ASCII slug from a name in any script: 'Aleppo Citadel' -> 'aleppo-citadel'.

    Other scripts are transliterated (anyascii): 'تل السلطان' -> 'tl-alsltan'. Arabic
    transliteration loses the short vowels; a Latin alternative name, when a site has one,
    makes a better address (see ``sites.services.slug_source``).
    """
    ascii_text = anyascii(unicodedata.normalize("NFKC", text).translate(ARABIC_FOR_SLUGS))
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:SLUG_LENGTH].strip("-")


# The Babel locale each interface language names countries and languages in.
NAMING_LOCALES = {"en": "en", "ar": "ar"}


def country_name(code: str | None) -> str:
    """A country's name in the reader's language ("Syria", "سوريا"); the code if unknown."""
    if not code:
        return ""
    names = Locale.parse(NAMING_LOCALES.get(translate.language(), "en")).territories
    return str(names.get(code.upper(), code))


def language_label(code: str | None) -> str:
    """A language's name in the reader's language ("Arabic", "العربية"); the code if unknown.

    Babel names most languages; ISO 639 (pycountry) the rest, in English.
    """
    if not code:
        return ""
    primary = primary_language(code)
    names = Locale.parse(NAMING_LOCALES.get(translate.language(), "en")).languages
    if primary in names:
        return str(names[primary])
    language = pycountry.languages.get(alpha_2=primary) or pycountry.languages.get(alpha_3=primary)
    return language.name if language else code
