"""Reading vocabularies: the terms of a list, and one term by its code."""

from __future__ import annotations

from sqlalchemy import select

from heritage.extensions import db
from heritage.vocab.models import Term, Vocabulary


def terms(vocabulary: Vocabulary) -> list[Term]:
    """The active terms of one vocabulary in their seeded order (retired ones stay stored)."""
    query = select(Term).where(Term.vocabulary == vocabulary, Term.active)
    return list(db.session.scalars(query.order_by(Term.sort, Term.id)))


def find_term(vocabulary: Vocabulary, code: str) -> Term | None:
    return db.session.scalar(select(Term).where(Term.vocabulary == vocabulary, Term.code == code))
