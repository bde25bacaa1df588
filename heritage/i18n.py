"""The interface's language: English or Arabic, chosen by the reader, and everything that
follows from it (catalogue, direction, formats).

The choice, in order: a signed-in user's account setting, the cookie set by the language
switch, the browser's Accept-Language, English. URLs never change with the language, so a
record's permalink is the same for every reader. Outside a request (the ``heritage``
command) the POSIX locale decides: ``LANG=ar_SY.UTF-8 heritage users ...`` answers in Arabic.

Arabic is formatted as in Syria (``ar_SY``): Levantine month names (أيار, not مايو) and
Western digits, as in the registry's data, identifiers and coordinates.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, Response, has_app_context, has_request_context, request
from flask_babel import Babel, get_locale, gettext, ngettext
from flask_login import current_user

from heritage import translate
from heritage.text import primary_language

LANGUAGES = {"en": "English", "ar": "العربية"}
# The Babel locale of each interface language: Syrian Arabic for dates and numbers.
LOCALES = {"en": "en", "ar": "ar_SY"}
LANGUAGE_COOKIE = "language"
COOKIE_AGE = 365 * 24 * 3600

babel = Babel()


def environment_language() -> str:
    """The command line's language: the first of LC_ALL, LC_MESSAGES and LANG that is set, as
    POSIX reads them; English unless it names Arabic."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "ar" if value.lower().startswith("ar") else "en"
    return "en"


def chosen_language() -> str:
    """The interface language of this request (``en`` or ``ar``), or of the command line."""
    if not has_request_context():
        return environment_language()
    account = getattr(current_user, "language", None) if current_user else None
    if account in LANGUAGES:
        return str(account)
    cookie = request.cookies.get(LANGUAGE_COOKIE)
    if cookie in LANGUAGES:
        return str(cookie)
    return _preferred_by_browser()


def _preferred_by_browser() -> str:
    """The first language of Accept-Language (by weight) that the registry speaks, regional
    variants included: "ar-IQ,en;q=0.1" is Arabic."""
    for tag, quality in request.accept_languages:  # highest weight first
        primary = primary_language(tag)
        if quality > 0 and primary in LANGUAGES:
            return primary
    return "en"


def select_locale() -> str:
    return LOCALES[chosen_language()]


def current_language() -> str:
    """``en`` or ``ar``, from the locale Flask-Babel chose for this request or command."""
    if not has_app_context():
        return "en"
    return str(get_locale()).split("_")[0]


def text_direction_of_page() -> str:
    return "rtl" if translate.right_to_left(current_language()) else "ltr"


def _gettext(message: str, **params: Any) -> str:
    return gettext(message, **params) if has_app_context() else translate.english(message, **params)


def _ngettext(singular: str, plural: str, num: int, **params: Any) -> str:
    if not has_app_context():
        return translate.english_plural(singular, plural, num, **params)
    return ngettext(singular, plural, num, **params)


def language_headers(response: Response) -> Response:
    """Say which language the page is in, and that the answer depends on the reader's choice."""
    response.headers["Content-Language"] = current_language()
    response.vary.add("Accept-Language")
    response.vary.add("Cookie")
    return response


# What separates the items of a list of names: Arabic writes its own comma.
LIST_SEPARATORS = {"en": ", ", "ar": "، "}


def list_separator() -> str:
    return LIST_SEPARATORS[current_language()]


def page_language() -> dict[str, Any]:
    return {
        "page_lang": current_language(),
        "page_dir": text_direction_of_page(),
        "languages": LANGUAGES,
        "comma": list_separator(),
    }


def init_app(app: Flask) -> None:
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories="translations",
    )
    translate.install(_gettext, _ngettext, current_language)
    app.context_processor(page_language)
    app.after_request(language_headers)
