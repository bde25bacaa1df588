"""The SQLite rate-limit storage shared by a machine's workers, and the sign-in throttle."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from limits import parse
from limits.errors import ConfigurationError
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import FixedWindowRateLimiter

from heritage.ratelimit import (
    ACCOUNT_LIMIT,
    LoginThrottle,
    SQLiteStorage,
    TooManyAttempts,
)

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def uri(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'limits' / 'ratelimit.sqlite3'}"


def test_the_sqlite_scheme_names_the_shared_storage(uri):
    storage = storage_from_string(uri)

    assert isinstance(storage, SQLiteStorage)
    assert storage.check()


@pytest.mark.parametrize("uri", ["sqlite://", "sqlite:///", "sqlite://host/file"])
def test_a_sqlite_uri_without_a_path_is_refused(uri):
    with pytest.raises(ConfigurationError, match="sqlite:///PATH"):
        storage_from_string(uri)


def test_two_connections_to_one_file_count_together(uri):
    first, second = SQLiteStorage(uri), SQLiteStorage(uri)

    assert first.incr("key", 60) == 1
    assert second.incr("key", 60) == 2
    assert first.get("key") == second.get("key") == 2


INCREMENT = """
import sys
from heritage.ratelimit import SQLiteStorage
storage = SQLiteStorage(sys.argv[1])
for _ in range(int(sys.argv[2])):
    storage.incr("shared", 60)
"""


def test_processes_incrementing_one_key_concurrently_lose_no_count(uri):
    """What gunicorn -w 2 does: two processes counting failures in the same file."""
    storage = SQLiteStorage(uri)
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", INCREMENT, uri, "100"],
            cwd=PROJECT_ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for worker in workers:
        _, errors = worker.communicate(timeout=60)
        assert worker.returncode == 0, errors

    assert storage.get("shared") == 200


def test_a_window_ends_after_its_expiry(uri):
    storage = SQLiteStorage(uri)
    storage.incr("key", 1)
    storage.incr("key", 1)
    assert time.time() < storage.get_expiry("key") <= time.time() + 1

    time.sleep(1.1)

    assert storage.get("key") == 0
    assert storage.incr("key", 1) == 1


def test_clear_forgets_one_key_and_reset_forgets_all(uri):
    storage = SQLiteStorage(uri)
    for key in ("a", "b", "c"):
        storage.incr(key, 60)

    storage.clear("a")
    assert storage.get("a") == 0
    assert storage.get("b") == 1

    assert storage.reset() == 2
    assert storage.get("b") == storage.get("c") == 0


def test_the_fixed_window_strategy_refuses_past_the_limit(uri):
    limiter = FixedWindowRateLimiter(SQLiteStorage(uri))
    five_a_minute = parse("5/minute")

    assert [limiter.hit(five_a_minute, "who") for _ in range(6)] == [True] * 5 + [False]
    assert not limiter.test(five_a_minute, "who")
    assert limiter.test(five_a_minute, "someone else")


@pytest.fixture
def throttle() -> LoginThrottle:
    return LoginThrottle(FixedWindowRateLimiter(MemoryStorage()))


def fail(throttle: LoginThrottle, account: str, address: str, times: int) -> None:
    for _ in range(times):
        throttle.wait_turn(account, address)
        throttle.record_failure(account, address)


def test_the_sixth_failure_from_one_address_at_one_account_is_refused(throttle):
    fail(throttle, "ada@example.org", "10.0.0.1", 5)

    with pytest.raises(TooManyAttempts) as refusal:
        throttle.wait_turn("ada@example.org", "10.0.0.1")
    assert 1 <= refusal.value.retry_after <= 60


def test_failures_elsewhere_do_not_refuse_another_address(throttle):
    fail(throttle, "ada@example.org", "10.0.0.1", 5)

    throttle.wait_turn("ada@example.org", "10.0.0.2")


def test_past_the_account_ceiling_only_addresses_that_failed_there_must_wait(throttle):
    assert ACCOUNT_LIMIT.amount == 10
    for address in ("10.0.0.1", "10.0.0.2"):
        fail(throttle, "ada@example.org", address, 4)
    fail(throttle, "ada@example.org", "10.0.0.3", 2)  # the tenth failure at this account

    with pytest.raises(TooManyAttempts) as refusal:
        throttle.wait_turn("ada@example.org", "10.0.0.3")  # failed here, under its own limit
    assert 1 <= refusal.value.retry_after <= 60
    throttle.wait_turn("ada@example.org", "10.0.0.4")  # the owner, from a clean address
    throttle.wait_turn("basil@example.org", "10.0.0.3")  # another account


def test_a_guesser_spread_over_addresses_gets_one_try_per_address_past_the_ceiling(throttle):
    fail(throttle, "ada@example.org", "10.0.0.1", 5)
    fail(throttle, "ada@example.org", "10.0.0.2", 5)

    fail(throttle, "ada@example.org", "10.0.0.9", 1)

    with pytest.raises(TooManyAttempts):
        throttle.wait_turn("ada@example.org", "10.0.0.9")


def test_one_address_trying_many_accounts_is_refused_after_twenty_failures(throttle):
    for number in range(4):
        fail(throttle, f"guess{number}@example.org", "10.0.0.1", 5)

    with pytest.raises(TooManyAttempts):
        throttle.wait_turn("someone.new@example.org", "10.0.0.1")


def test_only_failures_count(throttle):
    for _ in range(30):
        throttle.wait_turn("ada@example.org", "10.0.0.1")
