"""Reading vocabularies: choices for forms, labels for pages."""

from __future__ import annotations

from sqlalchemy import select

from heritage.extensions import db
from heritage.vocab.models import Term, Vocabulary


def terms(vocabulary: Vocabulary, *, include_inactive: bool = False) -> list[Term]:
    """The terms of one vocabulary in their seeded order."""
    query = select(Term).where(Term.vocabulary == vocabulary).order_by(Term.sort, Term.id)
    if not include_inactive:
        query = query.where(Term.active)
    return list(db.session.scalars(query))


def choices(vocabulary: Vocabulary) -> list[tuple[str, str]]:
    """``(code, label)`` pairs for a select field, inactive terms left out."""
    return [(term.code, term.label_en) for term in terms(vocabulary)]


def find_term(vocabulary: Vocabulary, code: str) -> Term | None:
    return db.session.scalar(select(Term).where(Term.vocabulary == vocabulary, Term.code == code))


def labels(vocabulary: Vocabulary) -> dict[str, Term]:
    """Every term of a vocabulary by code, retired ones too, so old records keep their labels."""
    return {term.code: term for term in terms(vocabulary, include_inactive=True)}
