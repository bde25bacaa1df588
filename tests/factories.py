"""factory_boy factories, one per model the tests build, writing through the test session."""

from __future__ import annotations

from datetime import date

import factory
from factory.alchemy import SQLAlchemyModelFactory
from werkzeug.security import generate_password_hash

from heritage.accounts.models import Role, User
from heritage.extensions import db
from heritage.reports.models import DamageReport, ReportVersion
from heritage.reports.states import VersionState
from heritage.sites.models import (
    BoundQualifier,
    Feature,
    LocationSensitivity,
    NameKind,
    OccupationPeriod,
    PeriodCitation,
    Site,
    SiteName,
)
from heritage.sites.services import NameEntry, SiteFields, create_site, site_fields, update_site
from heritage.sources.models import Source
from heritage.vocab.dates import DatePrecision
from heritage.vocab.models import Term, Vocabulary

# Hashing is deliberately slow; one hash shared by every factory user keeps the suite fast.
PASSWORD = "correct horse battery staple"
PASSWORD_HASH = generate_password_hash(PASSWORD)


class Base(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731 - resolved per test
        sqlalchemy_session_persistence = "commit"


def term(vocabulary: Vocabulary, code: str) -> Term:
    return db.session.scalars(
        db.select(Term).where(Term.vocabulary == vocabulary, Term.code == code)
    ).one()


class UserFactory(Base):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    display_name = factory.Sequence(lambda n: f"User {n}")
    password_hash = PASSWORD_HASH
    role = Role.CONTRIBUTOR
    active = True


SITE_FIELDS = frozenset(SiteFields.__dataclass_fields__)


class SiteFactory(Base):
    """A site made by ``create_site``, so its slug, search text and ``site.created`` event are
    the ones the application writes; other names are passed as ``names=[NameEntry(...)]``.

    Keyword arguments that are not ``SiteFields`` (``is_demo``...) are set afterwards.
    """

    class Meta:
        model = Site

    name = factory.Sequence(lambda n: f"Site {n}")
    country = "SY"
    latitude = 34.5514
    longitude = 38.2681
    location_sensitivity = LocationSensitivity.PUBLIC

    @classmethod
    def _save(cls, model_class, session, args, kwargs):
        slug = kwargs.pop("slug", None)
        editable = {key: kwargs.pop(key) for key in list(kwargs) if key in SITE_FIELDS}
        site = create_site(None, SiteFields(**editable), slug=slug)
        for key, value in kwargs.items():
            setattr(site, key, value)
        session.commit()
        return site


class SiteNameFactory(Base):
    """A further name added through ``update_site``, so the site's search text includes it."""

    class Meta:
        model = SiteName

    site = factory.SubFactory(SiteFactory)
    name = "تدمر"
    lang = "ar"
    kind = NameKind.ALTERNATIVE

    @classmethod
    def _save(cls, model_class, session, args, kwargs):
        site, name, lang = kwargs["site"], kwargs["name"], kwargs["lang"]
        fields = site_fields(site)
        fields.names.append(NameEntry(name, lang, kwargs["kind"]))
        update_site(None, site, fields)
        session.commit()
        return next(entry for entry in site.names if (entry.name, entry.lang) == (name, lang))


class FeatureFactory(Base):
    class Meta:
        model = Feature

    site = factory.SubFactory(SiteFactory)
    name = factory.Sequence(lambda n: f"Feature {n}")


class SourceFactory(Base):
    class Meta:
        model = Source

    kind = factory.LazyFunction(lambda: term(Vocabulary.SOURCE_TYPE, "news_media_broadcast"))
    title = factory.Sequence(lambda n: f"Source {n}")
    publisher = "Associated Press"
    reliability = "B"


class PeriodFactory(Base):
    class Meta:
        model = OccupationPeriod

    site = factory.SubFactory(SiteFactory)
    controlling_party = "ISIS"
    start_on = date(2015, 5, 21)
    start_precision = DatePrecision.DAY
    start_qualifier = BoundQualifier.ON
    end_on = date(2016, 3, 27)
    end_precision = DatePrecision.DAY
    end_qualifier = BoundQualifier.ON


class PeriodCitationFactory(Base):
    class Meta:
        model = PeriodCitation

    period = factory.SubFactory(PeriodFactory)
    source = factory.SubFactory(SourceFactory)
    credibility = 2


def published_version(
    site: Site,
    author: User,
    title: str,
    event_start: date,
    features: list[Feature] | None = None,
) -> ReportVersion:
    """A damage report whose first version is published.

    Built row by row until the review workflow exists to publish it (the review issue); the
    rows satisfy every constraint a publication leaves behind.
    """
    report = DamageReport(site=site)
    version = ReportVersion(
        report=report,
        number=1,
        author_id=author.id,
        title=title,
        event_start=event_start,
        state=VersionState.PUBLISHED,
        review_round=1,
        content_hash="0" * 64,
        published_at=db.func.now(),
        features=features or [],
    )
    db.session.add_all([report, version])
    db.session.flush()
    report.published_version_id = version.id
    db.session.commit()
    return version
