"""Failed sign-ins slow guessing without handing anyone a way to lock a colleague out.

Refusals are per address and per account *and* address; past the account's ceiling only the
addresses that have failed there must wait, so its owner, from another address, signs in.
"""

from __future__ import annotations

import http.cookiejar
import re
import time
import urllib.error
import urllib.parse
import urllib.request

from flask.testing import FlaskClient

from tests import servers
from tests.conftest import TEST_PASSWORD

WRONG = "wrong password!!"


def sign_in(client: FlaskClient, email: str, password: str, address: str):
    return client.post(
        "/login",
        data={"email": email, "password": password, "next": ""},
        environ_base={"REMOTE_ADDR": address},
    )


def test_failures_from_one_address_do_not_lock_the_owner_out(client, contributor):
    for _ in range(5):
        assert sign_in(client, contributor.email, WRONG, "203.0.113.1").status_code == 200
    refused = sign_in(client, contributor.email, TEST_PASSWORD, "203.0.113.1")
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60

    assert sign_in(client, contributor.email, TEST_PASSWORD, "198.51.100.7").status_code == 302


def test_failures_from_many_addresses_slow_the_guesser_but_never_the_owner(client, contributor):
    for address in ("203.0.113.1", "203.0.113.2"):
        for _ in range(5):
            assert sign_in(client, contributor.email, WRONG, address).status_code == 200
    assert sign_in(client, contributor.email, WRONG, "203.0.113.3").status_code == 200

    assert sign_in(client, contributor.email, WRONG, "203.0.113.3").status_code == 429
    started = time.monotonic()
    owner = sign_in(client, contributor.email, TEST_PASSWORD, "198.51.100.7")
    assert owner.status_code == 302
    assert time.monotonic() - started < 1  # answered at once: nothing holds the worker


CSRF_INPUT = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')


def test_gunicorn_workers_count_failures_together(tmp_path):
    """The report: under ``gunicorn -w 2`` each worker counted its own failures, so about ten
    passed before a refusal. Here no worker process serves more than five requests, so counters
    kept inside a process could never refuse the sixth failure; shared ones must. The storage is
    the one the development default uses, on a file in this test's own folder."""
    deployment = servers.migrated_deployment(tmp_path)
    deployment.environment.update(
        HERITAGE_RATELIMIT_STORAGE_URI=f"sqlite:///{tmp_path / 'ratelimit.sqlite3'}",
        GUNICORN_CMD_ARGS="--max-requests=5",
    )

    with servers.gunicorn_server(deployment, workers=2) as url:
        browser = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        with browser.open(f"{url}/login", timeout=30) as page:
            match = CSRF_INPUT.search(page.read().decode())
        assert match, "no csrf_token on /login"
        form = {"email": "ada@example.org", "password": WRONG, "csrf_token": match.group(1)}
        statuses = [_post(browser, f"{url}/login", form) for _ in range(6)]

    assert statuses == [200] * 5 + [429]


def _post(browser: urllib.request.OpenerDirector, url: str, form: dict[str, str]) -> int:
    data = urllib.parse.urlencode(form).encode()
    try:
        with browser.open(url, data=data, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code
