"""Reading vocabularies: the terms of a list, and one term by its code."""

from __future__ import annotations

from sqlalchemy import select

from heritage.extensions import db
from heritage.rules import RuleViolation
from heritage.translate import _
from heritage.vocab.models import Term, Vocabulary


def terms(vocabulary: Vocabulary) -> list[Term]:
    """The active terms of one vocabulary in their seeded order (retired ones stay stored)."""
    query = select(Term).where(Term.vocabulary == vocabulary, Term.active)
    return list(db.session.scalars(query.order_by(Term.sort, Term.id)))


def term_tree(vocabulary: Vocabulary) -> list[tuple[Term, list[Term]]]:
    """The active terms under their parents, in seeded order: ``(term, its children)`` for
    each term without a parent. Forms group the lists this way (airstrike under explosion)."""
    active = terms(vocabulary)
    children: dict[str, list[Term]] = {}
    for term in active:
        if term.parent_code:
            children.setdefault(term.parent_code, []).append(term)
    return [(term, children.get(term.code, [])) for term in active if not term.parent_code]


def find_term(vocabulary: Vocabulary, code: str) -> Term | None:
    return db.session.scalar(select(Term).where(Term.vocabulary == vocabulary, Term.code == code))


def optional_term(vocabulary: Vocabulary, code: str | None, field_name: str) -> Term | None:
    """The active term a form chose, None for no choice; refuse a code not on the list."""
    if not code:
        return None
    term = find_term(vocabulary, code)
    if term is None or not term.active:
        raise RuleViolation(_("Choose one of the listed values."), field_name)
    return term
