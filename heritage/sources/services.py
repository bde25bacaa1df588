"""Rules for the source library: create, edit, search, and delete only what nothing cites."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Select, or_, select

from heritage.accounts.models import User
from heritage.audit.services import record, record_update
from heritage.extensions import contains_pattern, count_references, db, utcnow
from heritage.rules import RuleViolation, check_unchanged
from heritage.sources.models import CREDIBILITY_GRADES, RELIABILITY_GRADES, Source
from heritage.text import optional_text, search_key
from heritage.translate import _, ngettext
from heritage.vocab.dates import DatePrecision
from heritage.vocab.models import Term, Vocabulary
from heritage.vocab.services import find_term, terms


@dataclass
class CitationFields:
    """A source cited for a claim (a period of control, a report), and where and how well."""

    source_id: int
    locator: str | None = None
    credibility: int = 6
    note: str | None = None


@dataclass
class SourceFields:
    kind: str
    title: str
    author: str | None = None
    publisher: str | None = None
    published_on: date | None = None
    published_precision: DatePrecision = DatePrecision.DAY
    url: str | None = None
    archive_url: str | None = None
    accessed_on: date | None = None
    language: str | None = None
    reliability: str = "F"
    credibility: int | None = None
    notes: str | None = None


def create_source(actor: User | None, fields: SourceFields) -> Source:
    source = Source(created_by_id=actor.id if actor else None)
    _apply(source, fields)
    db.session.add(source)
    db.session.flush()
    record(actor, "source.created", source, values=_snapshot(source))
    return source


def update_source(
    actor: User | None, source: Source, fields: SourceFields, *, version: str | None = None
) -> Source:
    """Change a source; ``version`` is the one the form was opened on."""
    check_unchanged("source", source.updated_at, version)
    before = _snapshot(source)
    _apply(source, fields)
    source.updated_at = utcnow()
    db.session.flush()
    record_update(actor, "source.updated", source, before, _snapshot(source))
    return source


def delete_source(actor: User | None, source: Source) -> None:
    """Delete a source nothing cites; a cited one must stay so citations keep their meaning."""
    uses = count_references(source)
    if uses:
        raise RuleViolation(
            ngettext(
                "This source is cited %(num)d time and cannot be deleted.",
                "This source is cited %(num)d times and cannot be deleted.",
                uses,
            )
        )
    record(actor, "source.deleted", source, values=_snapshot(source))
    db.session.delete(source)
    db.session.flush()


def source_fields(source: Source) -> SourceFields:
    values = {key: getattr(source, key) for key in SourceFields.__dataclass_fields__}
    values["kind"] = source.kind.code
    return SourceFields(**values)


def search_query(text: str | None = None) -> Select[Source]:
    """Sources whose title, author, publisher or URL contains ``text``, by title."""
    query = select(Source).order_by(Source.title, Source.id)
    text = (text or "").strip()
    if text:
        pattern = contains_pattern(text)
        query = query.where(
            or_(
                *(
                    column.ilike(pattern, escape="\\")
                    for column in (Source.title, Source.author, Source.publisher, Source.url)
                )
            )
        )
    return query


def find_by_title(title: str) -> Source | None:
    """The source whose title is ``title`` however it is spelled (case, accents, Arabic
    variants, invisible characters), if exactly one has it."""
    key = search_key(title)
    found = db.session.scalars(select(Source).where(Source.title_key == key).limit(2)).all()
    return found[0] if key and len(found) == 1 else None


def usage_count(source: Source) -> int:
    return count_references(source)


def check_web_address(url: str | None, field: str) -> str | None:
    """An http(s) URL with a host, or None; ``javascript:``, ``data:`` and the like are refused."""
    if not url or not url.strip():
        return None
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        raise RuleViolation(_("Give a web address starting with http:// or https://."), field)
    return url


def _apply(source: Source, fields: SourceFields) -> None:
    if not fields.title.strip():
        raise RuleViolation(_("A source needs a title."), "title")
    same = find_by_title(fields.title)
    if same is not None and same is not source:
        raise RuleViolation(
            _(
                "A source with this title is already in the library: cite that one, or make "
                "the title tell them apart (add the date or the outlet)."
            ),
            "title",
        )
    kind = find_term(Vocabulary.SOURCE_TYPE, fields.kind)
    if kind is None or not kind.active:
        raise RuleViolation(_("Choose one of the listed kinds of source."), "kind")
    if fields.reliability not in RELIABILITY_GRADES:
        raise RuleViolation(_("Reliability is graded A to F."), "reliability")
    if fields.credibility is not None and fields.credibility not in CREDIBILITY_GRADES:
        raise RuleViolation(_("Credibility is graded 1 to 6."), "credibility")
    values = asdict(fields)
    values.pop("kind")
    values["url"] = check_web_address(fields.url, "url")
    values["archive_url"] = check_web_address(fields.archive_url, "archive_url")
    for key, value in values.items():
        setattr(source, key, optional_text(value) if isinstance(value, str) else value)
    source.title = fields.title.strip()
    source.title_key = search_key(source.title)
    source.reliability = fields.reliability
    source.published_precision = DatePrecision(fields.published_precision)
    source.kind = kind


def _snapshot(source: Source) -> dict[str, Any]:
    values = {key: getattr(source, key) for key in SourceFields.__dataclass_fields__}
    values["kind"] = source.kind.code if source.kind else None
    return values


def grade_labels() -> dict[str, dict[str, Term]]:
    """Admiralty grade meanings from the vocabulary, for badges: {"reliability": {"A": term}}.
    Terms, not labels, so that a page can mark a label shown in English on an Arabic page."""
    return {
        "reliability": {t.code: t for t in terms(Vocabulary.SOURCE_RELIABILITY)},
        "credibility": {t.code: t for t in terms(Vocabulary.INFORMATION_CREDIBILITY)},
    }


def cited_sources(citations: Sequence[CitationFields]) -> dict[int, Source]:
    """The library's sources the citations name, by id; refuse one cited twice or unknown.

    Citing a source twice would split what it says over two rows: every passage belongs in
    the one citation's locator.
    """
    source_ids = [citation.source_id for citation in citations]
    if len(set(source_ids)) != len(source_ids):
        raise RuleViolation(
            _(
                "The same source is cited twice: cite it once, and give every passage in its "
                "“where in the source”."
            ),
            "citations",
        )
    found = {
        source.id: source
        for source in db.session.scalars(select(Source).where(Source.id.in_(source_ids)))
    }
    if set(source_ids) - set(found):
        raise RuleViolation(_("Choose each source from the source library."), "citations")
    return found
