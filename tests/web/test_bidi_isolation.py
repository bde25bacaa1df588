"""Text people enter renders inside bidirectional isolation, so an Arabic name inside an English
sentence, cell or breadcrumb keeps its parentheses and digits where the writer put them.

The rule (templates/base.html): a name, title or other short value is wrapped in ``<bdi>``;
running text fills a block with ``dir="auto"``; so do text inputs and textareas. Each value
below is Arabic with a parenthesis and is checked wherever a page shows it. Markup cannot
isolate text in ``<title>`` or in attributes, so those are not checked; the timeline's text
equivalents isolate the names in the sentences Python composes (checked at the end).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser

import pytest

from heritage.accounts.models import Role
from heritage.sites import services
from heritage.sites.models import LocationSensitivity
from tests.conftest import login_as
from tests.factories import (
    PASSWORD,
    PeriodFactory,
    SiteFactory,
    SiteNameFactory,
    SourceFactory,
    UserFactory,
    actor_named,
    published_version,
)

SITE = "تل الحمام (الموقع 5)"
OTHER_NAME = "تل حمام الكبير (قديماً)"
REGION = "ريف حلب (الشمالي)"
DESCRIPTION = "تل أثري (العصر البرونزي) على ضفة النهر."
HERITAGE_STATUS = "مسجل وطنياً (1999)"
FEATURE = "المعبد (الشمالي)"
FEATURE_NOTE = "جدران من اللبن (مرممة)"
PARTY = "الجيش (اللواء 5)"
PERIOD_NOTES = "سيطرة متقطعة (بحسب الشهود)"
SOURCE_TITLE = "تقرير المديرية العامة للآثار (2016)"
AUTHOR = "المديرية العامة للآثار والمتاحف (سوريا)"
PUBLISHER = "وزارة الثقافة (دمشق)"
SOURCE_NOTES = "نسخة مطبوعة (نادرة)"
LOCATOR = "الصفحة 12 (الحاشية)"
CITATION_NOTE = "يذكر التاريخ (تقريباً)"
REPORT = "تدمير المعبد (آب 2015)"
PERSON = "سلمى (المحررة)"
AFFILIATION = "جامعة دمشق (قسم الآثار)"
UNKNOWN = "مصدر مفقود (1)"  # searched for, found nowhere

EVERY_VALUE = (
    SITE,
    OTHER_NAME,
    REGION,
    DESCRIPTION,
    HERITAGE_STATUS,
    FEATURE,
    FEATURE_NOTE,
    PARTY,
    PERIOD_NOTES,
    SOURCE_TITLE,
    AUTHOR,
    PUBLISHER,
    SOURCE_NOTES,
    LOCATOR,
    CITATION_NOTE,
    REPORT,
    PERSON,
    AFFILIATION,
    UNKNOWN,
)

# The timeline's text equivalents: sentences composed in heritage.sites.timeline / conflicts.
TIMELINE_TEXT = frozenset({"timeline-text", "tl-event-list", "conflict-note"})


# --- finding each occurrence and the element that isolates it --------------------------------


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    text: list[str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    @property
    def isolates(self) -> bool:
        # Browsers isolate <bdi> and every element with a dir attribute (HTML's rendering
        # rules: unicode-bidi: isolate); dir="rtl"/"ltr" come from a name's declared language.
        return self.tag == "bdi" or self.attrs.get("dir") in ("auto", "rtl", "ltr")

    def __str__(self) -> str:
        classes = "".join(f".{name}" for name in sorted(self.classes))
        return f"{self.tag}{classes}"


@dataclass
class Occurrence:
    value: str
    ancestors: list[Element]  # outermost first; the last is the control or innermost element

    @property
    def where(self) -> str:
        return " > ".join(str(element) for element in self.ancestors[2:])  # from below <body>

    def within(self, classes: frozenset[str]) -> bool:
        return any(element.classes & classes for element in self.ancestors)

    @property
    def isolating(self) -> Element | None:
        return next((e for e in reversed(self.ancestors) if e.isolates), None)

    @property
    def isolated(self) -> bool:
        """Whether the nearest isolating element around the value holds the value and nothing
        else (so ``<p dir="auto">Signed in as X</p>`` does not count)."""
        isolating = self.isolating
        return isolating is not None and _words("".join(isolating.text)) == _words(self.value)


def _words(text: str) -> list[str]:
    return text.split()


class _Finder(HTMLParser):
    VOID = frozenset(
        {
            "area",
            "base",
            "br",
            "col",
            "embed",
            "hr",
            "img",
            "input",
            "link",
            "meta",
            "source",
            "track",
            "wbr",
        }
    )
    UNCHECKED = frozenset({"title", "script", "style", "svg"})

    def __init__(self, values: tuple[str, ...]) -> None:
        super().__init__(convert_charrefs=True)
        self.values = values
        self.stack: list[Element] = []
        self.found: list[Occurrence] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs))
        if tag == "input" and element.attrs.get("type") != "hidden":
            shown = element.attrs.get("value") or ""
            element.text.append(shown)
            self._note(shown, [*self.stack, element])
        if tag not in self.VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if any(element.tag == tag for element in self.stack):
            while self.stack.pop().tag != tag:
                pass

    def handle_data(self, data: str) -> None:
        for element in self.stack:
            element.text.append(data)
        self._note(data, list(self.stack))

    def _note(self, text: str, ancestors: list[Element]) -> None:
        if any(element.tag in self.UNCHECKED for element in ancestors):
            return
        self.found += [Occurrence(value, ancestors) for value in self.values if value in text]


def occurrences(page: str, values: tuple[str, ...] = EVERY_VALUE) -> list[Occurrence]:
    """Each place the page shows one of ``values`` as text or in a visible form control."""
    finder = _Finder(values)
    finder.feed(page)
    finder.close()
    return finder.found


def unisolated(found: list[Occurrence]) -> list[tuple[str, str]]:
    return [(o.value, o.where) for o in found if not o.isolated]


def shown(found: list[Occurrence]) -> set[str]:
    return {o.value for o in found}


def test_the_helper_tells_isolated_from_bare_text():
    page = (
        "<html dir='ltr'><body><main>"
        f"<h1 dir='auto'>{SITE}</h1><p>Change history of <bdi>{SITE}</bdi></p>"
        f"<p>Who controlled {SITE}?</p><p dir='auto'>Signed in as {PERSON}.</p>"
        f"<input value='{REGION}'><input dir='auto' value='{FEATURE}'>"
        f"<title>{PARTY}</title></main></body></html>"
    )

    assert unisolated(occurrences(page)) == [
        (SITE, "main > p"),
        (PERSON, "main > p"),
        (REGION, "main > input"),
    ]


# --- a registry written in Arabic --------------------------------------------------------------


@dataclass
class Registry:
    person: object
    site: object
    feature: object
    period: object
    source: object


@pytest.fixture
def registry(db_session) -> Registry:
    person = UserFactory(
        role=Role.CONTRIBUTOR,
        email="salma@example.org",
        display_name=PERSON,
        affiliation=AFFILIATION,
    )
    site = SiteFactory(
        name=SITE,
        slug="tell-al-hammam",
        region=REGION,
        description=DESCRIPTION,
        heritage_status=HERITAGE_STATUS,
        location_sensitivity=LocationSensitivity.PUBLIC,
    )
    SiteNameFactory(site=site, name=OTHER_NAME, lang="ar")
    source = SourceFactory(
        title=SOURCE_TITLE, author=AUTHOR, publisher=PUBLISHER, notes=SOURCE_NOTES, language="ar"
    )
    period = PeriodFactory(
        site=site,
        controlling_actor=actor_named(PARTY),
        notes=PERIOD_NOTES,
        sources=[source],
        locator=LOCATOR,
        note=CITATION_NOTE,
    )
    feature = services.add_feature(person, site, FEATURE, FEATURE_NOTE)
    published_version(site, person, REPORT, date(2015, 8, 30), features=[feature])
    return Registry(person, site, feature, period, source)


PUBLIC_PAGES = {
    "/": {SITE, REGION, REPORT},
    "/sites/": {SITE, OTHER_NAME, REGION, DESCRIPTION},
    "/sites/tell-al-hammam": {
        SITE,
        OTHER_NAME,
        REGION,
        DESCRIPTION,
        HERITAGE_STATUS,
        FEATURE,
        FEATURE_NOTE,
        PARTY,
        PERIOD_NOTES,
        SOURCE_TITLE,
        AUTHOR,
        PUBLISHER,
        LOCATOR,
        CITATION_NOTE,
        REPORT,
    },
    "/sites/tell-al-hammam/history": {SITE, REGION, DESCRIPTION, FEATURE, PERSON},
    f"/sites/?q={SITE}": {SITE, REGION, DESCRIPTION},  # the query is echoed: "found for …"
    "/sources/": {SOURCE_TITLE, AUTHOR, PUBLISHER},
    f"/sources/?q={AUTHOR}": {SOURCE_TITLE, AUTHOR, PUBLISHER},
    f"/sources/?q={UNKNOWN}": {UNKNOWN},  # "No source matches …"
    "/sources/{source}": {SOURCE_TITLE, AUTHOR, PUBLISHER, SOURCE_NOTES, SITE, PARTY, LOCATOR},
    "/actors/": {PARTY},
    "/actors/{actor}": {PARTY, SITE},
}

CONTRIBUTOR_PAGES = {
    "/sites/tell-al-hammam": {SITE, FEATURE, PERSON},  # + "Edit <name>" for screen readers
    "/sites/tell-al-hammam/edit": {SITE, OTHER_NAME, REGION, DESCRIPTION, HERITAGE_STATUS},
    "/sites/tell-al-hammam/features/new": {SITE},
    "/sites/tell-al-hammam/features/{feature}/edit": {SITE, FEATURE, FEATURE_NOTE},
    "/sites/tell-al-hammam/periods/new": {SITE},
    "/sites/tell-al-hammam/periods/{period}/edit": {
        SITE,
        PARTY,
        PERIOD_NOTES,
        SOURCE_TITLE,
        LOCATOR,
        CITATION_NOTE,
    },
    "/sources/{source}/edit": {SOURCE_TITLE, AUTHOR, PUBLISHER, SOURCE_NOTES},
    "/actors/{actor}/edit": {PARTY},
    "/account": {PERSON, AFFILIATION},
    "/logout": {PERSON},
}

ADMIN_PAGES = {
    "/admin/users": {PERSON, AFFILIATION},
    "/admin/audit": {PERSON, SITE, FEATURE},
}


def page_of(client, path_template: str, registry: Registry) -> str:
    path = path_template.format(
        feature=registry.feature.id,
        period=registry.period.id,
        source=registry.source.id,
        actor=registry.period.controlling_actor_id,
    )
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def assert_isolated(page: str, expected: set[str]) -> None:
    found = [o for o in occurrences(page) if not o.within(TIMELINE_TEXT)]
    assert shown(found) >= expected
    assert unisolated(found) == []


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_isolate_user_text(client, registry, path):
    assert_isolated(page_of(client, path, registry), PUBLIC_PAGES[path])


@pytest.mark.parametrize("path", CONTRIBUTOR_PAGES)
def test_contributor_pages_and_forms_isolate_user_text(client, registry, path):
    login_as(client, registry.person)

    assert_isolated(page_of(client, path, registry), CONTRIBUTOR_PAGES[path])


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_pages_isolate_user_text(as_admin, registry, path):
    assert_isolated(page_of(as_admin, path, registry), ADMIN_PAGES[path])


def test_the_timeline_text_equivalents_isolate_names(client, registry):
    page = page_of(client, "/sites/tell-al-hammam", registry)

    found = [o for o in occurrences(page, (PARTY, REPORT)) if o.within(TIMELINE_TEXT)]

    assert shown(found) == {PARTY, REPORT}
    assert unisolated(found) == []


# --- flash messages ----------------------------------------------------------------------------


def assert_flash_isolates(response, value: str) -> None:
    page = response.get_data(as_text=True)
    found = [o for o in occurrences(page, (value,)) if o.within(frozenset({"flashes"}))]
    assert shown(found) == {value}
    assert unisolated(found) == []


def test_flashes_about_features_isolate_the_name(client, registry):
    login_as(client, registry.person)
    other = "البوابة (الغربية)"

    added = client.post(
        "/sites/tell-al-hammam/features/new", data={"name": other}, follow_redirects=True
    )
    assert_flash_isolates(added, other)
    assert "Feature “<bdi>البوابة (الغربية)</bdi>” added." in added.get_data(as_text=True)

    feature = next(f for f in registry.site.features if f.name == other)
    removed = client.post(
        f"/sites/tell-al-hammam/features/{feature.id}/delete", follow_redirects=True
    )
    assert_flash_isolates(removed, other)


def test_the_flash_for_a_new_site_isolates_its_name(client, registry, db_session):
    login_as(client, registry.person)
    name = "قلعة نجم (الجديدة)"

    response = client.post(
        "/sites/new",
        data={"name": name, "slug": "qalat-najm", "country": "SY"},
        follow_redirects=True,
    )

    assert_flash_isolates(response, name)


def test_the_flash_after_signing_in_isolates_the_name(client, registry):
    response = client.post(
        "/login",
        data={"email": registry.person.email, "password": PASSWORD},
        follow_redirects=True,
    )

    assert_flash_isolates(response, PERSON)


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("role", {"role": "reviewer"}),
        ("deactivate", None),
        ("reactivate", None),
        ("sign-out", None),
    ],
)
def test_flashes_about_accounts_isolate_the_name(as_admin, registry, action, data):
    response = as_admin.post(
        f"/admin/users/{registry.person.id}/{action}", data=data, follow_redirects=True
    )

    assert_flash_isolates(response, PERSON)
