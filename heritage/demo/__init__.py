"""The Palmyra demo data: accounts, actors, sites, features, sources, periods of control and
published damage reports (``demo.reports``).

Loaded by ``heritage demo`` through the same services the web forms use, so it is validated
and audited like real data. Every item is found by a natural key before it is created: a
second run adds nothing. The texts paraphrase ``shared/reference`` (the AP article on the
December 2016 fall of Palmyra and the project's Palmyra facts); no URL is invented.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from heritage.accounts.models import Role
from heritage.accounts.services import create_user, find_user_by_email
from heritage.actors.models import Actor, ActorNameKind
from heritage.actors.services import ActorFields, OtherName, create_actor, find_by_name
from heritage.demo.reports import load_reports
from heritage.extensions import db
from heritage.sites.models import Feature, LocationSensitivity, NameKind, Site
from heritage.sites.services import (
    CitationFields,
    NameEntry,
    PeriodFields,
    SiteFields,
    add_feature,
    add_period,
    create_site,
)
from heritage.sources.models import Source
from heritage.sources.services import SourceFields, create_source
from heritage.vocab.dates import DatePrecision
from heritage.vocab.uncertain_dates import UncertainDate, parse_uncertain_date


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    role: Role
    password: str


# Published here on purpose: these accounts exist only in demonstration registries.
DEMO_ACCOUNTS = (
    DemoAccount(
        "admin@demo.heritage.example", "Nadia Haddad (demo admin)", Role.ADMIN, "demo-admin-palmyra"
    ),
    DemoAccount(
        "reviewer1@demo.heritage.example",
        "Omar Khalil (demo reviewer)",
        Role.REVIEWER,
        "demo-reviewer-one",
    ),
    DemoAccount(
        "reviewer2@demo.heritage.example",
        "Sara Lindqvist (demo reviewer)",
        Role.REVIEWER,
        "demo-reviewer-two",
    ),
    DemoAccount(
        "contributor1@demo.heritage.example",
        "Karim Mansour (demo contributor)",
        Role.CONTRIBUTOR,
        "demo-contributor-one",
    ),
    DemoAccount(
        "contributor2@demo.heritage.example",
        "Hannah Weber (demo contributor)",
        Role.CONTRIBUTOR,
        "demo-contributor-two",
    ),
)

PALMYRA = SiteFields(
    name="Palmyra",
    country="SY",
    region="Homs Governorate",
    latitude=34.5514,
    longitude=38.2681,
    unesco_whc_id="23",
    pleiades_id="668331",
    heritage_status=(
        "World Heritage property “Site of Palmyra”, inscribed in 1980 under criteria (i), (ii) "
        "and (iv).\n\nOn the List of World Heritage in Danger since 2013."
    ),
    description=(
        "The ruins of the historic city of Palmyra, a World Heritage property since 1980. The "
        "archaeological site lies about half a kilometre south-west of the modern town of "
        "Tadmur, in Homs Governorate.\n\nControl of the site changed hands four times between "
        "2015 and 2017, when several of its best-known monuments were deliberately destroyed, "
        "and again in December 2024."
    ),
    location_sensitivity=LocationSensitivity.PUBLIC,
    names=[
        NameEntry("تدمر", "ar", NameKind.PREFERRED),
        NameEntry("Tadmor", "arc", NameKind.HISTORIC),
    ],
)

# Only what the project's reference notes say of each feature; the damage itself is for
# damage reports, with their sources.
PALMYRA_FEATURES = (
    ("Temple of Bel", "Destroyed on 30 August 2015."),
    ("Temple of Baalshamin", "Destroyed on 23 August 2015."),
    ("Monumental Arch", "Destroyed in October 2015."),
    ("Tetrapylon", "Destroyed in January 2017."),
    ("Roman theatre", "Part of its façade was destroyed in January 2017."),
    ("Great Colonnade", ""),
    (
        "Valley of the Tombs",
        "Tower tombs, among them the Tower of Elahbel. Tower tombs were blown up between late "
        "August and September 2015.",
    ),
    ("Palmyra Museum", "Statues in the museum were smashed."),
    ("Fakhr-al-Din al-Ma'ani Castle", ""),
)

# Sites to show a registry of more than one place: names, positions and World Heritage
# numbers only (checked against the World Heritage List); their histories are not recorded.
NOT_YET_RECORDED = "A demonstration record: the history of this site has not been recorded yet."
OTHER_SITES = (
    SiteFields(
        name="Nimrud",
        country="IQ",
        region="Nineveh Governorate",
        latitude=36.0986,
        longitude=43.3289,
        description=(
            f"{NOT_YET_RECORDED} Its position is generalised: the public sees it rounded to "
            "about ten kilometres."
        ),
        location_sensitivity=LocationSensitivity.GENERALISED,
        names=[NameEntry("نمرود", "ar", NameKind.PREFERRED)],
    ),
    SiteFields(
        name="Hatra",
        country="IQ",
        region="Nineveh Governorate",
        latitude=35.5758,
        longitude=42.7283,
        unesco_whc_id="277",
        location_sensitivity=LocationSensitivity.PUBLIC,
        description=NOT_YET_RECORDED,
        names=[NameEntry("الحضر", "ar", NameKind.PREFERRED)],
    ),
    SiteFields(
        name="Citadel of Aleppo",
        country="SY",
        region="Aleppo Governorate",
        latitude=36.1993,
        longitude=37.1627,
        unesco_whc_id="21",
        location_sensitivity=LocationSensitivity.PUBLIC,
        description=NOT_YET_RECORDED,
        names=[NameEntry("قلعة حلب", "ar", NameKind.PREFERRED)],
    ),
)

AP_ARTICLE = SourceFields(
    kind="news_media_broadcast",
    title="ISIS retakes Syria's historic city of Palmyra",
    author="Associated Press",
    publisher="Associated Press (AP)",
    published_on=date(2016, 12, 1),
    published_precision=DatePrecision.MONTH,
    language="en",
    reliability="B",
    notes=(
        "Wire report of ISIS re-entering Palmyra on a Saturday (10 December 2016), nine months "
        "after being driven out by Syrian and Russian forces; it dates the first occupation "
        "from May 2015 to March 2016."
    ),
)
UNESCO_SOC_2016 = SourceFields(
    kind="unesco_state_of_conservation_report",
    title="State of Conservation report 2016: Site of Palmyra",
    author="UNESCO World Heritage Centre",
    publisher="UNESCO",
    published_on=date(2016, 1, 1),
    published_precision=DatePrecision.YEAR,
    language="en",
    reliability="B",
    notes=(
        "Gives government control of the site up to 21 May 2015. Published in 2016, it cannot "
        "speak for anything later."
    ),
)
MAY_2016_REPORT = SourceFields(
    kind="news_media_broadcast",
    title="News report dating the recapture of Palmyra to May 2016",
    publisher="A news outlet not named in the project's reference notes",
    reliability="F",
    notes=(
        "The reference notes record that one news outlet gave “May 2016” for the recapture, "
        "against 27 March 2016 in most sources. The outlet is not identified, so its "
        "reliability cannot be judged."
    ),
)
REFERENCE_NOTES = SourceFields(
    kind="unpublished_report",
    title="Palmyra: facts for the demo data",
    author="Heritage Damage Registry project",
    publisher="Heritage Damage Registry (reference notes shipped with the software)",
    published_on=date(2026, 1, 1),
    published_precision=DatePrecision.YEAR,
    language="en",
    reliability="F",
    notes="A compilation used for demonstration; real records should cite primary sources.",
)
DEMO_SOURCES = (AP_ARTICLE, UNESCO_SOC_2016, MAY_2016_REPORT, REFERENCE_NOTES)

STATE, NON_STATE = "military_group_state", "military_group_non_state"
SYRIAN_GOVERNMENT = ActorFields(
    name="Syrian government forces",
    actor_type=STATE,
    description="The forces of the Syrian government, which fell in December 2024.",
    names=[
        OtherName("القوات الحكومية السورية", "ar"),
        OtherName("Syrian Arab Army", None, ActorNameKind.ALIAS),
        OtherName("SAA", None, ActorNameKind.ALIAS),
    ],
)
RUSSIA = ActorFields(
    name="Russian Armed Forces",
    actor_type=STATE,
    names=[OtherName("القوات المسلحة الروسية", "ar")],
)
ISIS = ActorFields(
    name="ISIS",
    actor_type=NON_STATE,
    description="The Islamic State group.",
    names=[
        OtherName("داعش", "ar"),
        OtherName("Islamic State", None, ActorNameKind.ALIAS),
        OtherName("ISIL", None, ActorNameKind.ALIAS),
        OtherName("Daesh", None, ActorNameKind.ALIAS),
    ],
)
SYRIAN_FREE_ARMY = ActorFields(
    name="Syrian Free Army",
    actor_type=NON_STATE,
    description="An armed opposition group backed by the United States from al-Tanf.",
    names=[OtherName("جيش سوريا الحرة", "ar")],
)
DEMO_ACTORS = (SYRIAN_GOVERNMENT, RUSSIA, ISIS, SYRIAN_FREE_ARMY)


def _when(text: str) -> UncertainDate:
    return parse_uncertain_date(text)


def _palmyra_periods(sources: dict[str, int], actors: dict[str, int]) -> list[PeriodFields]:
    """Palmyra's periods of control as the reference notes give them, each citing only what
    its sources can support (the UNESCO report of 2016 says nothing of later events)."""
    ap, unesco = sources[AP_ARTICLE.title], sources[UNESCO_SOC_2016.title]
    may, notes = sources[MAY_2016_REPORT.title], sources[REFERENCE_NOTES.title]
    government, isis = actors[SYRIAN_GOVERNMENT.name], actors[ISIS.name]
    russia, sfa = actors[RUSSIA.name], actors[SYRIAN_FREE_ARMY.name]
    return [
        PeriodFields(
            government,
            start=None,
            end=_when("20–21 May 2015"),
            certainty="high",
            notes="Held the site until ISIS took the town; the UNESCO report says “up to 21 "
            "May 2015”, other accounts 20 May. When this control began is not recorded here.",
            citations=[CitationFields(unesco, "situation up to 21 May 2015", 2)],
        ),
        PeriodFields(
            isis,
            start=_when("May 2015"),
            end=_when("27 March 2016"),
            certainty="high",
            notes="Most sources date the recapture to 27 March 2016.",
            citations=[
                CitationFields(ap, "“from May 2015 to March 2016”", 2),
                CitationFields(
                    unesco, "control passed on 21 May 2015", 2, "Supports the start only."
                ),
                CitationFields(notes, "control periods", 6, "For the day of the recapture."),
            ],
        ),
        PeriodFields(
            isis,
            start=_when("May 2015"),
            end=_when("May 2016"),
            certainty="low",
            notes="One news outlet gave May 2016 for the recapture.",
            citations=[CitationFields(may, None, 4)],
        ),
        PeriodFields(
            government,
            start=_when("27 March 2016"),
            end=_when("10–11 December 2016"),
            supporting_actor_ids=[russia],
            certainty="high",
            notes="Retaken with Russian air support. The AP reports ISIS re-entering the city "
            "on Saturday 10 December 2016 as government forces withdrew; other reports give "
            "11 December.",
            citations=[
                CitationFields(
                    ap,
                    "opening paragraphs",
                    2,
                    "Expelled by Syrian and Russian forces nine months before; ISIS re-entered "
                    "on Saturday 10 December 2016.",
                ),
                CitationFields(notes, "control periods", 6),
            ],
        ),
        PeriodFields(
            isis,
            start=_when("10–11 December 2016"),
            end=_when("2 March 2017"),
            certainty="high",
            notes="ISIS re-entered the town nine months after being driven out.",
            citations=[
                CitationFields(
                    ap,
                    "opening paragraphs",
                    3,
                    "Supports the start only: ISIS re-entered the city on Saturday 10 December "
                    "2016, with fighting under way and the heritage site not yet reached.",
                ),
                CitationFields(notes, "control periods", 6, "For both dates."),
            ],
        ),
        PeriodFields(
            government,
            start=_when("2 March 2017"),
            end=_when("7 December 2024"),
            supporting_actor_ids=[russia],
            certainty="medium",
            notes="Held until the armed opposition took Palmyra as the government collapsed.",
            citations=[CitationFields(notes, "control periods", 6)],
        ),
        PeriodFields(
            sfa,
            start=_when("7 December 2024"),
            end=None,
            certainty="medium",
            notes="Taken in the offensive of 6–7 December 2024; the government fell in Damascus "
            "the next day. Who has administered the site since is a separate claim, to be "
            "recorded with its own sources.",
            citations=[CitationFields(notes, "control periods", 6)],
        ),
    ]


def registry_is_empty() -> bool:
    return not db.session.scalar(select(func.count()).select_from(Site))


def load_demo() -> str:
    """Create whatever of the demo data is missing; return a one-line summary of what was added."""
    added = {"accounts": _load_accounts()}
    sources = _load_sources(added)
    actors = _load_actors(added)
    palmyra = _site(PALMYRA, added)
    added["features"] = sum(_feature(palmyra, name, text) for name, text in PALMYRA_FEATURES)
    added["periods"] = _load_periods(palmyra, _palmyra_periods(sources, actors))
    added["reports"] = load_reports(palmyra, sources, actors)
    for fields in OTHER_SITES:
        _site(fields, added)
    db.session.flush()
    return "Demo data: added " + ", ".join(f"{count} {kind}" for kind, count in added.items()) + "."


def _load_accounts() -> int:
    created = 0
    for account in DEMO_ACCOUNTS:
        if find_user_by_email(account.email) is None:
            create_user(
                account.email,
                account.name,
                account.password,
                account.role,
                affiliation="Demonstration account",
            )
            created += 1
    return created


def _load_sources(added: dict[str, int]) -> dict[str, int]:
    ids, created = {}, 0
    for fields in DEMO_SOURCES:
        source = db.session.scalar(select(Source).where(Source.title == fields.title))
        if source is None:
            source = create_source(None, fields)
            created += 1
        ids[fields.title] = source.id
    added["sources"] = created
    return ids


def _load_actors(added: dict[str, int]) -> dict[str, int]:
    ids, created = {}, 0
    for fields in DEMO_ACTORS:
        actor: Actor | None = find_by_name(fields.name)
        if actor is None:
            actor = create_actor(None, fields)
            created += 1
        ids[fields.name] = actor.id
    added["actors"] = created
    return ids


def _site(fields: SiteFields, added: dict[str, int]) -> Site:
    site = db.session.scalar(select(Site).where(Site.name == fields.name, Site.is_demo))
    if site is None:
        site = create_site(None, fields, confirmed_distinct=True)
        site.is_demo = True
        added["sites"] = added.get("sites", 0) + 1
    return site


def _feature(site: Site, name: str, description: str) -> int:
    exists = db.session.scalar(
        select(Feature.id).where(Feature.site_id == site.id, Feature.name == name)
    )
    if exists:
        return 0
    add_feature(None, site, name, description)
    return 1


def _load_periods(site: Site, periods: list[PeriodFields]) -> int:
    existing = {(p.controlling_actor_id, p.start, p.end) for p in site.periods}
    created = 0
    for fields in periods:
        if (fields.controlling_actor_id, fields.start, fields.end) not in existing:
            add_period(None, site, fields)
            created += 1
    return created
