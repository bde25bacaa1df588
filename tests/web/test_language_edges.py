"""The interface language at its edges: what a mutation review found the first tests let
through (the order of the choices, the cookie's attributes, fallbacks and formats)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.support import Translations
from flask import Flask, Response
from sqlalchemy import select

from heritage.accounts.services import set_language
from heritage.extensions import db
from heritage.i18n import COOKIE_AGE, LANGUAGES, language_headers
from heritage.public.history import readable_details
from heritage.templating import language_name, term_label, timestamp
from heritage.vocab.models import Term, Vocabulary
from tests.conftest import login_as
from tests.factories import PeriodFactory, SiteFactory, actor_named

CATALOGUES = Path(__file__).parents[2] / "heritage" / "translations"


def switch_buttons(page: str) -> list[str]:
    switch = page.split('data-nav="language"', 1)[1].split("</form>", 1)[0]
    return re.findall(r'name="language" value="(\w+)"', switch)


def term(vocabulary: Vocabulary, code: str) -> Term:
    return db.session.scalar(select(Term).where(Term.vocabulary == vocabulary, Term.code == code))


def test_the_account_s_language_outranks_the_cookie(client, contributor, db_session):
    set_language(contributor, "ar", LANGUAGES)
    db_session.commit()
    login_as(client, contributor)
    client.set_cookie("language", "en")

    assert client.get("/about").headers["Content-Language"] == "ar"


def test_every_answer_varies_by_cookie_and_accept_language_even_without_a_session(
    app: Flask,
):
    """Flask's session adds Vary: Cookie only when it is used; a cached public page must vary
    on the language cookie all the same."""
    with app.test_request_context():
        response = language_headers(Response("a page"))

    assert {"Cookie", "Accept-Language"} <= set(response.vary)


def test_a_signed_out_visitor_switches_without_a_form_token(tokenless_client, db_session):
    response = tokenless_client.post("/language", data={"language": "ar", "next": "/about"})

    assert response.status_code == 302
    assert response.headers["Location"] == "/about"
    assert tokenless_client.get_cookie("language").value == "ar"


def test_the_language_cookie_is_kept_a_year_and_out_of_scripts(client, db_session):
    response = client.post("/language", data={"language": "ar"})

    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert f"Max-Age={COOKIE_AGE}" in cookie
    assert COOKIE_AGE == 365 * 24 * 3600


def test_the_switch_offers_only_the_other_language(client, db_session):
    english = client.get("/about").get_data(as_text=True)
    arabic = client.get("/about", headers={"Accept-Language": "ar"}).get_data(as_text=True)

    assert switch_buttons(english) == ["ar"]
    assert switch_buttons(arabic) == ["en"]


def test_a_term_without_arabic_is_shown_in_english_marked_as_english(app: Flask, db_session):
    graffiti = term(Vocabulary.CAUSE, "graffiti")
    assert not graffiti.label_ar  # EAMENA's terms wait for an Arabic-speaking reviewer

    with app.test_request_context(headers={"Accept-Language": "ar"}):
        shown = str(term_label(graffiti))

    assert shown == f'<span lang="en">{graffiti.label_en}</span>'


def test_a_term_with_arabic_is_shown_in_arabic_unmarked(app: Flask, db_session):
    usually_reliable = term(Vocabulary.SOURCE_RELIABILITY, "B")

    with app.test_request_context(headers={"Accept-Language": "ar"}):
        shown = str(term_label(usually_reliable))

    assert shown == usually_reliable.label_ar
    assert shown


def test_the_history_reads_a_graded_change_in_arabic(app: Flask, db_session):
    usually_reliable = term(Vocabulary.SOURCE_RELIABILITY, "B")

    with app.test_request_context(headers={"Accept-Language": "ar"}):
        [entry] = readable_details({"values": {"reliability": "B"}}).values

    assert entry.value == usually_reliable.label_ar


def test_a_language_code_is_named_and_isolated(app: Flask):
    with app.test_request_context():
        assert str(language_name("ar")) == "Arabic (<bdi>ar</bdi>)"
    with app.test_request_context(headers={"Accept-Language": "ar"}):
        assert str(language_name("en")) == "الإنجليزية (<bdi>en</bdi>)"


def test_arabic_timestamps_use_the_levantine_month_names(app: Flask):
    with app.test_request_context(headers={"Accept-Language": "ar"}):
        shown = str(timestamp(datetime(2026, 12, 3, 17, 5, tzinfo=UTC)))

    assert "كانون الأول" in shown
    assert "ديسمبر" not in shown


def test_the_compiled_catalogue_has_arabic_s_six_plural_forms():
    """The rule the app uses, read from the compiled .mo (not from the .po)."""
    compiled = Translations.load(str(CATALOGUES), ["ar"], domain="messages")

    assert [compiled.plural(count) for count in (0, 1, 2, 3, 11, 100)] == [0, 1, 2, 3, 4, 5]


def first_bar_x(page: str) -> float:
    return float(re.search(r'<rect x="([\d.]+)"[^>]*class="tl-bar"', page).group(1))


def test_the_site_s_timeline_runs_from_the_right_in_arabic(client, db_session):
    site = SiteFactory(name="Palmyra", slug="palmyra")
    PeriodFactory(site=site, controlling_actor=actor_named("ISIS"), start="2015", end="2016")
    PeriodFactory(site=site, controlling_actor=actor_named("SAA"), start="2020", end="2021")

    english = client.get("/sites/palmyra").get_data(as_text=True)
    arabic = client.get("/sites/palmyra", headers={"Accept-Language": "ar"}).get_data(as_text=True)

    # The earliest claim is drawn first: at the left in English, at the right in Arabic.
    assert first_bar_x(arabic) > first_bar_x(english) + 200


@pytest.mark.parametrize(
    ("environment", "language"),
    [
        ({"LANG": "ar_SY.UTF-8"}, "ar"),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "ar_SY.UTF-8"}, "en"),
        ({"LC_MESSAGES": "ar_EG.UTF-8", "LANG": "en_GB.UTF-8"}, "ar"),
        ({"LC_ALL": "", "LANG": "ar_IQ"}, "ar"),
        ({}, "en"),
    ],
)
def test_the_command_line_reads_the_posix_locale_in_its_order(monkeypatch, environment, language):
    from heritage.i18n import environment_language

    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    assert environment_language() == language
