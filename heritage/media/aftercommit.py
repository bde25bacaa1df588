"""File work that waits for the database: done after the commit, undone if it never comes.

A photo's row and its files must appear together or not at all (DESIGN.md "Photos", step 5).
Files cannot join a database transaction, so they are staged (written under a temporary
name) and ``defer`` hands the session a pair of callbacks: ``on_commit`` (move into place,
or delete a discarded photo's files) runs once the outermost transaction has committed;
``on_rollback`` (remove the temporary files) runs if that transaction, or the savepoint the
work was done in, ends any other way: rollback, a failed commit, or ``close()`` without
commit. A crash between the two leaves temporary files, which ``Storage.iterate`` never
lists; it cannot leave a row pointing at nothing, because files are published only after
the row is safely committed.

The listeners are registered once on SQLAlchemy's ``Session`` class, so they serve every
session (Flask-SQLAlchemy's, a test's, a script's); the pending work lives in the session's
``info``, so sessions never see each other's files.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

log = logging.getLogger(__name__)

_PENDING = "heritage.media.pending"
_COMMITTED_SAVEPOINTS = "heritage.media.committed_savepoints"


@dataclass(frozen=True, eq=False)  # compared by identity
class _Pending:
    transaction: SessionTransaction
    on_commit: Callable[[], None]
    on_rollback: Callable[[], None]


def defer(
    session: Session,
    on_commit: Callable[[], None],
    on_rollback: Callable[[], None] = lambda: None,
) -> None:
    """Run ``on_commit`` after the session's outermost transaction commits, ``on_rollback``
    if the current transaction (or savepoint) ends without it.

    Call it after the rows it belongs with have been added: the session must be in a
    transaction, or there is nothing to wait for.
    """
    transaction = session.get_nested_transaction() or session.get_transaction()
    if transaction is None:
        raise RuntimeError("defer() needs a session inside a transaction (flush the rows first)")
    session.info.setdefault(_PENDING, []).append(_Pending(transaction, on_commit, on_rollback))


def pending_count(session: Session) -> int:
    """How much file work waits on this session (for tests and diagnostics)."""
    return len(session.info.get(_PENDING, []))


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    """A savepoint's release is not a commit yet: remember it, and wait for the outermost."""
    if session.in_nested_transaction():
        savepoint = session.get_nested_transaction()
        session.info.setdefault(_COMMITTED_SAVEPOINTS, set()).add(savepoint)
        return
    for work in session.info.pop(_PENDING, []):
        _run(work.on_commit, "after commit")


@event.listens_for(Session, "after_transaction_end")
def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    """Undo the work of a savepoint that rolled back, or of a whole transaction that ended
    without committing (a commit has already taken its work by the time it ends)."""
    if transaction.parent is None:
        session.info.pop(_COMMITTED_SAVEPOINTS, None)
        for work in session.info.pop(_PENDING, []):
            _run(work.on_rollback, "after rollback")
        return
    if not transaction.nested:
        return  # a flush's inner transaction: its failure ends a real one, handled there
    if transaction in session.info.get(_COMMITTED_SAVEPOINTS, set()):
        session.info[_COMMITTED_SAVEPOINTS].discard(transaction)
        return  # released: its work now waits on the enclosing transaction
    pending: list[_Pending] = session.info.get(_PENDING, [])
    undone = [work for work in pending if _within(work.transaction, transaction)]
    session.info[_PENDING] = [work for work in pending if work not in undone]
    for work in undone:
        _run(work.on_rollback, "after savepoint rollback")


def _within(inner: SessionTransaction | None, outer: SessionTransaction) -> bool:
    while inner is not None:
        if inner is outer:
            return True
        inner = inner.parent
    return False


def _run(callback: Callable[[], None], when: str) -> None:
    """Run one piece of file work; a failure is logged, never raised into the session.

    The database has already committed or rolled back: raising here would only hide that
    outcome from the caller. A file that failed to move is what ``heritage check`` reports.
    """
    try:
        callback()
    except Exception:
        log.exception("photo file work %s failed", when)
