"""The interface language: how a reader chooses it, and what every page says about it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.support import Translations
from flask import Flask
from sqlalchemy import select

from heritage.accounts.models import User
from heritage.translate import ngettext
from tests.conftest import login_as
from tests.factories import PeriodFactory, SiteFactory, actor_named

CATALOGUES = Path(__file__).parents[2] / "heritage" / "translations"
ARABIC = Translations.load(str(CATALOGUES), ["ar"], domain="messages")
# Every form Arabic has: zero, one, two, few (3-10), many (11-99), other (100-102...).
ARABIC_PLURAL_COUNTS = [0, 1, 2, 3, 11, 100]


def in_arabic(message: str) -> str:
    """The Arabic catalogue's text for ``message``, so tests follow edits to the wording."""
    translated = ARABIC.gettext(message)
    assert translated != message, f"no Arabic for {message!r}"
    return translated


def html_tag(page: str) -> str:
    return re.search(r"<html[^>]*>", page).group(0)


def navigation_text(page: str) -> str:
    return page.split('<nav class="navbar', 1)[1].split("</nav>", 1)[0]


@pytest.fixture
def palmyra(db_session):
    site = SiteFactory(name="Palmyra", slug="palmyra")
    PeriodFactory(site=site, controlling_actor=actor_named("ISIS"), start="2015-05-21")
    return site


def test_english_is_the_default(client, db_session):
    response = client.get("/")

    assert 'lang="en" dir="ltr"' in html_tag(response.get_data(as_text=True))
    assert response.headers["Content-Language"] == "en"


def test_the_browser_s_accept_language_chooses_arabic(client, db_session):
    response = client.get("/", headers={"Accept-Language": "ar-SY,ar;q=0.9,en;q=0.5"})

    page = response.get_data(as_text=True)
    assert 'lang="ar" dir="rtl"' in html_tag(page)
    assert response.headers["Content-Language"] == "ar"
    assert in_arabic("Sites") in navigation_text(page)
    assert {"Accept-Language", "Cookie"} <= set(response.vary)


def test_a_language_the_registry_lacks_falls_back_to_english(client, db_session):
    response = client.get("/", headers={"Accept-Language": "fr-FR,de;q=0.8"})

    assert response.headers["Content-Language"] == "en"


def test_the_switch_sets_a_cookie_that_outranks_the_browser(client, db_session):
    response = client.post("/language", data={"language": "ar", "next": "/sites/"})

    assert response.status_code == 302
    assert response.headers["Location"] == "/sites/"
    assert "language=ar" in response.headers["Set-Cookie"]
    page = client.get("/sites/", headers={"Accept-Language": "en"})
    assert page.headers["Content-Language"] == "ar"

    client.post("/language", data={"language": "en", "next": "/sites/"})
    assert client.get("/sites/", headers={"Accept-Language": "ar"}).headers["Content-Language"] == (
        "en"
    )


def test_the_switch_refuses_a_language_it_does_not_offer(client, db_session):
    response = client.post("/language", data={"language": "fr"})

    assert response.status_code == 400
    assert "Choose one of the offered languages." in response.get_data(as_text=True)
    assert "language=" not in response.headers.get("Set-Cookie", "")


def test_the_switch_does_not_send_a_reader_to_another_site(client, db_session):
    response = client.post("/language", data={"language": "ar", "next": "https://evil.example/"})

    assert response.headers["Location"] == "/"


def test_the_switch_does_not_echo_an_address_too_long_for_a_header(client, db_session):
    response = client.post("/language", data={"language": "ar", "next": "/" + "a" * 100_000})

    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("ar-IQ,en;q=0.1", "ar"),
        ("ar-EG,en;q=0.9", "ar"),
        ("fr,ar-SY;q=0.9,en;q=0.1", "ar"),
        ("en-GB,ar;q=0.5", "en"),
        ("fr,de;q=0.5", "en"),
        ("ar;q=0,en;q=0.1", "en"),
    ],
)
def test_the_browser_s_first_language_wins_regional_variants_included(
    client, db_session, header, language
):
    response = client.get("/about", headers={"Accept-Language": header})

    assert response.headers["Content-Language"] == language


def test_a_signed_in_user_s_choice_is_kept_in_their_account(
    as_contributor, contributor, app: Flask, db_session
):
    as_contributor.post("/language", data={"language": "ar", "next": "/"})

    assert db_session.scalar(select(User.language).where(User.id == contributor.id)) == "ar"
    # Another browser, no cookie: the account's choice still holds.
    other_browser = login_as(app.test_client(), contributor)
    assert other_browser.get("/", headers={"Accept-Language": "en"}).headers[
        "Content-Language"
    ] == ("ar")


def test_a_signed_in_switch_needs_the_form_s_token(as_contributor, contributor, db_session):
    as_contributor.sends_csrf_token = False

    response = as_contributor.post("/language", data={"language": "ar"})

    assert response.status_code == 400
    assert db_session.scalar(select(User.language).where(User.id == contributor.id)) is None


def test_the_public_switch_carries_no_token_so_pages_stay_cacheable(client, db_session):
    page = client.get("/").get_data(as_text=True)

    switch = page.split('data-nav="language"', 1)[1].split("</form>", 1)[0]
    assert "csrf_token" not in switch
    assert 'value="ar"' in switch
    assert 'lang="ar"' in switch


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/about",
        "/sites/",
        "/sites/map",
        "/sites/palmyra",
        "/sites/palmyra/history",
        "/sources/",
        "/actors/",
        "/login",
        "/no/such/page",
    ],
)
def test_every_public_page_declares_arabic_right_to_left(client, palmyra, path):
    response = client.get(path, headers={"Accept-Language": "ar"})

    page = response.get_data(as_text=True)
    assert 'lang="ar" dir="rtl"' in html_tag(page)
    assert "bootstrap.rtl.min.css" in page
    assert "bootstrap.min.css" not in page


@pytest.mark.parametrize(
    "path", ["/sites/new", "/sites/palmyra/edit", "/sites/palmyra/periods/new", "/account"]
)
def test_every_contributor_page_declares_arabic_right_to_left(as_contributor, palmyra, path):
    as_contributor.post("/language", data={"language": "ar"})

    page = as_contributor.get(path).get_data(as_text=True)

    assert 'lang="ar" dir="rtl"' in html_tag(page)
    assert "bootstrap.rtl.min.css" in page
    assert "bootstrap.min.css" not in page


def test_permalinks_are_the_same_in_both_languages(client, palmyra, app: Flask):
    english = client.get("/sites/palmyra", headers={"Accept-Language": "en"})
    arabic = client.get("/sites/palmyra", headers={"Accept-Language": "ar"})

    def links(page: str) -> list[str]:
        """Links to records and pages; stylesheets differ by direction, on purpose."""
        return re.findall(r'href="(/(?!static/)[^"]*)"', page.get_data(as_text=True))

    assert english.status_code == arabic.status_code == 200
    assert links(english) == links(arabic)


def test_the_english_and_arabic_json_errors_differ_only_in_words(client, db_session):
    english = client.get("/api/v1/nothing")
    arabic = client.get("/api/v1/nothing", headers={"Accept-Language": "ar"})

    assert english.status_code == arabic.status_code == 404
    assert arabic.json["error"]["message"] == in_arabic(english.json["error"]["message"])


@pytest.mark.parametrize("count", ARABIC_PLURAL_COUNTS)
def test_arabic_counts_use_the_catalogue_s_plural_form(app: Flask, count):
    with app.test_request_context(headers={"Accept-Language": "ar"}):
        text = ngettext("%(num)d source", "%(num)d sources", count)

    assert text == ARABIC.ngettext("%(num)d source", "%(num)d sources", count) % {"num": count}


def test_the_six_arabic_plural_forms_are_all_different(app: Flask):
    with app.test_request_context(headers={"Accept-Language": "ar"}):
        texts = [
            ngettext("%(num)d source", "%(num)d sources", count) for count in ARABIC_PLURAL_COUNTS
        ]

    assert len(set(texts)) == 6, texts


def test_a_page_count_in_arabic_uses_its_plural(client, db_session):
    for name in ["Hatra", "Hatra North", "Hatra South"]:
        SiteFactory(name=name)

    page = client.get("/sites/?q=hatra", headers={"Accept-Language": "ar"}).get_data(as_text=True)

    three = ARABIC.ngettext(
        "%(num)d site found for “%(query)s”.", "%(num)d sites found for “%(query)s”.", 3
    )
    before_query = three.split("%(query)s")[0] % {"num": 3}
    assert before_query in page


def test_a_site_s_recorded_names_read_in_the_interface_language(app: Flask, db_session):
    """The audit log keeps "تدمر (ar, preferred)"; a reader sees the language and kind in words."""
    from heritage.public.history import readable_details

    recorded = {"values": {"names": ["تدمر (ar, preferred)", "Tadmor (en, historic)"]}}
    with app.test_request_context(headers={"Accept-Language": "ar"}):
        arabic = readable_details(recorded).values[0].value
    with app.test_request_context():
        english = readable_details(recorded).values[0].value

    assert english == [
        "<bdi>تدمر</bdi> (Arabic, preferred)",
        "<bdi>Tadmor</bdi> (English, historic)",
    ]
    form = ARABIC.gettext("%(name)s (%(language)s, %(kind)s)")
    assert arabic == [
        form % {"name": "<bdi>تدمر</bdi>", "language": "العربية", "kind": in_arabic("Preferred")},
        form
        % {"name": "<bdi>Tadmor</bdi>", "language": "الإنجليزية", "kind": in_arabic("Historic")},
    ]


def test_a_recorded_name_is_escaped_in_its_words(app: Flask, db_session):
    from heritage.public.history import readable_details

    recorded = {"values": {"names": ["<script>x</script> (en, alternative)"]}}
    with app.test_request_context():
        [shown] = readable_details(recorded).values[0].value

    assert shown == "<bdi>&lt;script&gt;x&lt;/script&gt;</bdi> (English, alternative)"


def test_a_name_the_audit_log_kept_in_another_shape_is_shown_as_kept(app: Flask, db_session):
    from heritage.public.history import readable_details

    with app.test_request_context():
        shown = readable_details({"values": {"names": ["Tadmor (a nickname)"]}}).values[0].value

    assert shown == ["Tadmor (a nickname)"]


def test_a_timestamp_in_arabic_uses_the_arabic_comma(app: Flask):
    from datetime import UTC, datetime

    from heritage.templating import timestamp

    moment = datetime(2026, 12, 3, 17, 5, tzinfo=UTC)
    with app.test_request_context(headers={"Accept-Language": "ar"}):
        arabic = str(timestamp(moment))
    with app.test_request_context():
        english = str(timestamp(moment))

    assert ">3 Dec 2026, 17:05 UTC</time>" in english
    assert "، 17:05 UTC</time>" in arabic
    assert "2026, " not in arabic


def test_a_period_s_citations_in_the_history_read_in_the_interface_language(app: Flask):
    """Kept field by field now; as one English string ("… (claim graded 2)") before."""
    from heritage.public.history import readable_details

    recorded = {
        "values": {
            "sources": [
                {"source": "تقرير (2016)", "locator": "ص 12", "credibility": 2},
                "Old report, p. 3 (claim graded 4)",
            ]
        }
    }
    with app.test_request_context(headers={"Accept-Language": "ar"}):
        arabic = readable_details(recorded).values[0].value

    graded = ARABIC.gettext("claim graded %(grade)s")
    assert arabic == [
        f"<bdi>تقرير (2016)</bdi>، <bdi>ص 12</bdi> ({graded % {'grade': 2}})",
        f"<bdi>Old report, p. 3</bdi> ({graded % {'grade': 4}})",
    ]


@pytest.fixture
def palmyra_with_arabic_names(db_session):
    from heritage.actors.services import OtherName
    from heritage.sites.models import NameKind
    from tests.factories import ActorFactory, SiteNameFactory

    site = SiteFactory(name="Palmyra", slug="palmyra")
    SiteNameFactory(site=site, name="تدمر", lang="ar", kind=NameKind.PREFERRED)
    SiteNameFactory(site=site, name="Tadmor", lang="en", kind=NameKind.HISTORIC)
    isis = ActorFactory(name="ISIS", names=[OtherName("داعش", "ar")])
    PeriodFactory(site=site, controlling_actor=isis, start="2015-05-21", end="2016-03-27")
    return site, isis


def heading(page: str) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)


def test_an_arabic_reader_knows_a_site_and_its_actors_by_their_arabic_names(
    client, palmyra_with_arabic_names
):
    page = client.get("/sites/palmyra", headers={"Accept-Language": "ar"}).get_data(as_text=True)

    assert "<bdi>تدمر</bdi>" in heading(page)
    names = page.split('class="list-inline names', 1)[1].split("</ul>", 1)[0]
    assert ">Palmyra</span>" in names  # the registry's main name, listed with the others
    assert ">Tadmor</span>" in names
    assert ">تدمر</span>" not in names  # already the heading
    assert "<bdi>داعش</bdi></a>" in page  # the period's card
    drawing = page.split('<svg class="tl-svg"', 1)[1].split("</svg>", 1)[0]
    assert "داعش" in drawing
    assert "ISIS" not in drawing


def test_an_english_reader_keeps_the_registry_s_main_names(client, palmyra_with_arabic_names):
    page = client.get("/sites/palmyra").get_data(as_text=True)

    assert "<bdi>Palmyra</bdi>" in heading(page)
    assert "<bdi>ISIS</bdi></a>" in page
    assert "<bdi>داعش</bdi></a>" not in page


def test_lists_and_the_actor_page_use_the_reader_s_names(client, palmyra_with_arabic_names):
    _, isis = palmyra_with_arabic_names
    arabic = {"Accept-Language": "ar"}

    assert "<bdi>تدمر</bdi></a>" in client.get("/sites/", headers=arabic).get_data(as_text=True)
    assert "<bdi>تدمر</bdi></a>" in client.get("/", headers=arabic).get_data(as_text=True)
    actor_page = client.get(f"/actors/{isis.id}", headers=arabic).get_data(as_text=True)
    assert "<bdi>داعش</bdi>" in heading(actor_page)
    assert 'aria-current="page"><bdi>داعش</bdi>' in actor_page  # the breadcrumb
    assert "<bdi>تدمر</bdi></a>" in actor_page
    actors = client.get("/actors/", headers=arabic).get_data(as_text=True)
    assert "<bdi>داعش</bdi></a>" in actors
