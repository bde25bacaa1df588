"""factory_boy factories, one per model the tests build, writing through the test session."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import factory
from factory.alchemy import SQLAlchemyModelFactory
from flask import current_app
from PIL import Image
from werkzeug.security import generate_password_hash

from heritage.accounts.models import Role, User
from heritage.actors.models import Actor
from heritage.actors.services import ActorFields, create_actor, find_by_name
from heritage.extensions import db
from heritage.media.services import limits_from, prepare_photo
from heritage.media.storage import storage_for
from heritage.reports import services as reports
from heritage.reports.models import ReportVersion
from heritage.reports.services import ReportCitationFields, ReportFields
from heritage.review import services as review
from heritage.sites.models import (
    Feature,
    LocationSensitivity,
    NameKind,
    OccupationPeriod,
    Site,
    SiteName,
)
from heritage.sites.services import (
    CitationFields,
    NameEntry,
    PeriodFields,
    SiteFields,
    add_period,
    create_site,
    site_fields,
    update_site,
)
from heritage.sources.models import Source
from heritage.sources.services import SourceFields, create_source
from heritage.vocab.models import Term, Vocabulary
from heritage.vocab.uncertain_dates import UncertainDate

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
        site = create_site(
            None,
            SiteFields(**editable),
            slug=slug,
            confirmed_distinct=True,
            confirmed_position=True,
        )
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
    """A source made by ``create_source``, so it has its ``source.created`` event."""

    class Meta:
        model = Source

    kind = "news_media_broadcast"
    title = factory.Sequence(lambda n: f"Source {n}")
    publisher = "Associated Press"
    reliability = "B"

    @classmethod
    def _save(cls, model_class, session, args, kwargs):
        source = create_source(None, SourceFields(**kwargs))
        session.commit()
        return source


class ActorFactory(Base):
    """An actor made by ``create_actor``, with the colour, search text and event it makes."""

    class Meta:
        model = Actor

    name = factory.Sequence(lambda n: f"Actor {n}")
    actor_type = "military_group_non_state"

    @classmethod
    def _save(cls, model_class, session, args, kwargs):
        actor = create_actor(None, ActorFields(**kwargs))
        session.commit()
        return actor


def actor_named(name: str) -> Actor:
    """The actor of that name, created the first time it is asked for."""
    return find_by_name(name) or ActorFactory(name=name)


def when(text: str) -> UncertainDate:
    """An uncertain date from its EDTF text: ``when("2015-05")``."""
    return UncertainDate.from_edtf(text)


class PeriodFactory(Base):
    """A period of control added by ``add_period``, citing one new source unless told otherwise;
    ``controlling_actor`` is an Actor (a new one by default), dates are EDTF text."""

    class Meta:
        model = OccupationPeriod

    site = factory.SubFactory(SiteFactory)
    controlling_actor = factory.LazyFunction(lambda: actor_named("ISIS"))
    start = "2015-05-21"
    end = "2016-03-27"
    sources = factory.LazyFunction(lambda: [SourceFactory()])
    credibility = 2

    @classmethod
    def _save(cls, model_class, session, args, kwargs):
        start, end = kwargs.pop("start"), kwargs.pop("end")
        locator, note = kwargs.pop("locator", None), kwargs.pop("note", None)
        supporting = kwargs.pop("supporting_actors", [])
        fields = PeriodFields(
            controlling_actor_id=kwargs.pop("controlling_actor").id,
            start=when(start) if start else None,
            end=when(end) if end else None,
            supporting_actor_ids=[actor.id for actor in supporting],
            certainty=kwargs.pop("certainty", None),
            notes=kwargs.pop("notes", None),
            citations=[
                CitationFields(source.id, locator, kwargs["credibility"], note)
                for source in kwargs.pop("sources")
            ],
        )
        period = add_period(kwargs.pop("created_by", None), kwargs.pop("site"), fields)
        session.commit()
        return period


def published_version(
    site: Site,
    author: User,
    title: str,
    event: str | date,
    features: list[Feature] | None = None,
    *,
    photos: int = 0,
    **fields: Any,
) -> ReportVersion:
    """A damage report whose first version is published the way the registry publishes one:
    written by ``author`` (citing a new source), submitted, and approved by as many new
    reviewers as the app requires. ``fields`` are further ``ReportFields`` (``severity=…``)."""
    version = draft_report(site, author, title, event, features, photos=photos, **fields)
    required = current_app.config["REQUIRED_SIGNOFFS"]
    review.submit(author, version, required_signoffs=required)
    for _ in range(required):
        review.approve(UserFactory(role=Role.REVIEWER), version, required_signoffs=required)
    db.session.commit()
    return version


def draft_report(
    site: Site,
    author: User,
    title: str = "Column toppled",
    event: str | date = "2015-08",
    features: list[Feature] | None = None,
    *,
    photos: int = 0,
    **fields: Any,
) -> ReportVersion:
    """A report's first version, a draft by ``author`` made by ``create_report``, citing one
    new source unless ``citations`` says otherwise, with ``photos`` distinct photos added
    through the app's store."""
    fields.setdefault("citations", [ReportCitationFields(SourceFactory().id)])
    version = reports.create_report(
        author,
        site,
        ReportFields(
            title=title,
            event=when(event.isoformat() if isinstance(event, date) else event),
            feature_ids=[feature.id for feature in features or []],
            **fields,
        ),
    )
    for number in range(photos):
        attach_photo(version, author, jpeg_bytes(seed=version.report_id * 1000 + number))
    db.session.commit()
    return version


def attach_photo(
    version: ReportVersion,
    author: User,
    data: bytes,
    name: str = "photo.jpg",
    credit: str | None = "Field team",
) -> Any:
    """Add an upload to a draft through ``add_photo`` and the app's store."""
    return reports.add_photo(
        author,
        version,
        prepare_photo(name, data, limits=limits_from(current_app.config)),
        credit=credit,
        licence="CC-BY-4.0",
        storage=storage_for(current_app),
    )


def jpeg_bytes(seed: int = 0, size: tuple[int, int] = (64, 48)) -> bytes:
    """A small JPEG whose bytes differ with ``seed`` (identical bytes would be one photo)."""
    image = Image.new("RGB", size, ((seed * 37) % 256, (seed * 91) % 256, (seed // 256) % 256))
    image.putpixel((0, 0), (seed % 256, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, comment=f"seed {seed}".encode())
    return buffer.getvalue()
