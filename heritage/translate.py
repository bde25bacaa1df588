"""Translation for the plain-Python parts of the registry, which must not import Flask.

The position reader, the date reader, the timeline and the conflict rules write sentences a
user reads. They mark them with ``_`` (``ngettext`` for counts, ``lazy`` for constants made
at import) from here; the app installs Flask-Babel's functions at start-up (``install``), so
the sentences come out in the reader's language. Without the app (unit tests of those
modules, a script) they stay English. ``pybabel extract`` finds the marks by these names.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import escape

Gettext = Callable[..., str]
NGettext = Callable[..., str]


def english(message: str, **params: Any) -> str:
    """The message as written, for code running outside the app."""
    return message % params if params else message


def english_plural(singular: str, plural: str, num: int, **params: Any) -> str:
    return (singular if num == 1 else plural) % {"num": num, **params}


def _english_language() -> str:
    return "en"


_gettext: Gettext = english
_ngettext: NGettext = english_plural
_language: Callable[[], str] = _english_language


def install(gettext: Gettext, ngettext: NGettext, language: Callable[[], str]) -> None:
    """Route every ``_`` through the app's translations and locale (called by create_app)."""
    global _gettext, _ngettext, _language
    _gettext, _ngettext, _language = gettext, ngettext, language


def _(message: str, **params: Any) -> str:
    """``message`` in the reader's language, its ``%(name)s`` placeholders filled in."""
    return _gettext(message, **params)


def ngettext(singular: str, plural: str, num: int, **params: Any) -> str:
    """The form of a sentence for ``num`` things (Arabic has six); ``%(num)d`` is the count."""
    return _ngettext(singular, plural, num, **params)


def language() -> str:
    """The reader's language code: ``en`` or ``ar``."""
    return _language()


# The interface languages written from right to left.
RIGHT_TO_LEFT = frozenset({"ar"})


def right_to_left(code: str | None = None) -> bool:
    """Whether ``code`` (the reader's language unless given) is written right to left."""
    return (code or language()) in RIGHT_TO_LEFT


class LazyText:
    """A translatable constant (a label in a table made at import), translated when shown."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __str__(self) -> str:
        return _(self.message)

    def __html__(self) -> str:
        return str(escape(str(self)))

    def __eq__(self, other: object) -> bool:
        return str(self) == str(other)

    def __hash__(self) -> int:
        return hash(self.message)

    def __repr__(self) -> str:
        return f"LazyText({self.message!r})"


def lazy(message: str) -> LazyText:
    return LazyText(message)
