"""Rate-limit counters shared by the processes of one machine, and the rules for signing in.

Flask-Limiter's ``memory://`` storage lives inside one process: under ``gunicorn -w 2`` each
worker counts its own failures, so twice as many guesses pass before a refusal. The SQLite
storage here keeps the counters in one file that every worker on the machine opens, which
needs no service to run; deployments on several machines point at Redis instead.

This module sits at the bottom layer: it imports only the standard library and ``limits``.
"""

from __future__ import annotations

import math
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from limits import RateLimitItem, parse
from limits.errors import ConfigurationError
from limits.storage import Storage
from limits.strategies import RateLimiter

SQLITE_SCHEME = "sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS counters (
    key TEXT PRIMARY KEY,
    value INTEGER NOT NULL,
    expires_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS counters_expires_at ON counters (expires_at);
"""


class SQLiteStorage(Storage):
    """Fixed-window counters in a SQLite file, named ``sqlite:///path/to/file``.

    Each operation opens its own connection: that is cheap beside a password hash, and it is
    safe across gunicorn's fork and across threads, where a shared connection is not. Every
    increment is one ``BEGIN IMMEDIATE`` transaction, so two processes counting the same key
    queue on the busy timeout instead of losing an increment. Only the fixed-window strategy
    (Flask-Limiter's default) is supported; the others need methods this class leaves out.
    """

    # limits' registry reads the schemes from this class attribute, as a list.
    STORAGE_SCHEME = [SQLITE_SCHEME]  # noqa: RUF012

    def __init__(
        self,
        uri: str,
        wrap_exceptions: bool = False,
        timeout: float = 5.0,
        **options: float | str | bool,
    ) -> None:
        prefix = f"{SQLITE_SCHEME}:///"
        if not uri.startswith(prefix) or uri == prefix:
            raise ConfigurationError(f"A SQLite rate-limit store is {prefix}PATH, not {uri!r}.")
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = Path(uri.removeprefix(prefix))
        self.timeout = float(timeout)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as connection:
            # WAL lets a worker read a counter while another writes one; it persists in the file.
            connection.execute("PRAGMA journal_mode = WAL")
            connection.executescript(_SCHEMA)

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return sqlite3.Error

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        # isolation_level=None: no implicit transactions, so BEGIN IMMEDIATE below is ours.
        connection = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        with closing(connection):
            # Losing the last few counts in a power cut is fine; an fsync per failure is not.
            connection.execute("PRAGMA synchronous = NORMAL")
            yield connection

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction that holds the file's write lock from its first statement."""
        with self._connect() as connection:
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Add ``amount`` to ``key``; a new or expired key starts a window of ``expiry`` seconds."""
        now = time.time()
        with self._transaction() as connection:
            connection.execute("DELETE FROM counters WHERE expires_at <= ?", (now,))
            connection.execute(
                "INSERT INTO counters (key, value, expires_at) VALUES (?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = value + excluded.value",
                (key, amount, now + expiry),
            )
            row = connection.execute("SELECT value FROM counters WHERE key = ?", (key,)).fetchone()
        return int(row[0])

    def get(self, key: str) -> int:
        with self._connect() as connection:
            row = connection.execute(
                "SELECT value FROM counters WHERE key = ? AND expires_at > ?", (key, time.time())
            ).fetchone()
        return int(row[0]) if row else 0

    def get_expiry(self, key: str) -> float:
        """When ``key``'s window ends; now if it has none (as limits' memory storage answers)."""
        now = time.time()
        with self._connect() as connection:
            row = connection.execute(
                "SELECT expires_at FROM counters WHERE key = ? AND expires_at > ?", (key, now)
            ).fetchone()
        return float(row[0]) if row else now

    def check(self) -> bool:
        try:
            with self._connect() as connection:
                connection.execute("SELECT 1 FROM counters LIMIT 1")
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int | None:
        with self._transaction() as connection:
            return connection.execute("DELETE FROM counters").rowcount

    def clear(self, key: str) -> None:
        with self._transaction() as connection:
            connection.execute("DELETE FROM counters WHERE key = ?", (key,))


class TooManyAttempts(Exception):
    """Sign-in is refused until the window ends, ``retry_after`` seconds from now."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"Too many failed sign-ins; try again in {retry_after} seconds.")
        self.retry_after = retry_after


# Failed sign-ins per minute. One address at one account: a few typos, then refused, which
# stops one machine guessing one password. One address at any account: refused past more,
# which stops one machine trying a common password on many accounts.
ACCOUNT_AND_ADDRESS_LIMIT = parse("5/minute")
ADDRESS_LIMIT = parse("20/minute")
# One account from every address together: past this, attempts are slowed, never refused.
ACCOUNT_LIMIT = parse("10/minute")


@dataclass(frozen=True)
class LoginThrottle:
    """Who may try a password now, counting only failures.

    Refusing an account outright once it had too many failures would hand anyone a way to
    lock a colleague out: type their email with wrong passwords from anywhere. So the hard
    limits are per address (and per account *and* address). Past the per-account ceiling,
    an address that has already failed at this account must wait for the window to pass,
    so a guesser spread over many addresses gets one try per address; the owner, from an
    address that has not failed, signs in at once. Nothing sleeps: a delay held inside a
    worker would let a burst of guesses stall the site for everyone.
    """

    strategy: RateLimiter

    def wait_turn(self, account: str, address: str) -> None:
        """Raise TooManyAttempts (with the seconds to wait) if this attempt must wait."""
        refusing = self._refusing_limits(account, address)
        for limit, identifiers in refusing:
            if not self.strategy.test(limit, *identifiers):
                self._refuse(limit, identifiers)
        here_limit, here = refusing[0]  # this account from this address
        failed_here = (
            self.strategy.get_window_stats(here_limit, *here).remaining < here_limit.amount
        )
        if failed_here and not self.strategy.test(ACCOUNT_LIMIT, *self._account(account)):
            self._refuse(ACCOUNT_LIMIT, self._account(account))

    def _refuse(self, limit: RateLimitItem, identifiers: tuple[str, ...]) -> NoReturn:
        reset_at = self.strategy.get_window_stats(limit, *identifiers).reset_time
        raise TooManyAttempts(max(1, math.ceil(reset_at - time.time())))

    def record_failure(self, account: str, address: str) -> None:
        """Count a wrong password (or unknown email) against every limit it falls under."""
        for limit, identifiers in self._refusing_limits(account, address):
            self.strategy.hit(limit, *identifiers)
        self.strategy.hit(ACCOUNT_LIMIT, *self._account(account))

    @staticmethod
    def _refusing_limits(account: str, address: str) -> list[tuple[RateLimitItem, tuple[str, ...]]]:
        # The address comes before the account in a key: an address never contains the "/"
        # that joins the parts, an email may.
        return [
            (ACCOUNT_AND_ADDRESS_LIMIT, ("login-account-address", address, account)),
            (ADDRESS_LIMIT, ("login-address", address)),
        ]

    @staticmethod
    def _account(account: str) -> tuple[str, ...]:
        return ("login-account", account)
