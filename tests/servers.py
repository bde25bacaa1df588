"""Run the app as it is deployed: a real gunicorn with worker processes, over its own database.

For the failures that only show between processes (SQLite locking above all), which neither
the test client nor a threaded server in the test process can produce. The server and the CLI
import the ``heritage`` of the tree this file sits in, so a test copied into a worktree of an
older commit exercises that commit's code.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT_S = 20.0
STOP_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class Deployment:
    """A folder with a database and uploads, and the HERITAGE_* environment that uses them."""

    folder: Path
    environment: dict[str, str]

    @property
    def database_url(self) -> str:
        return self.environment["HERITAGE_DATABASE_URL"]

    @property
    def log(self) -> Path:
        return self.folder / "gunicorn.log"


def migrated_deployment(folder: Path) -> Deployment:
    """A fresh SQLite file in ``folder``, migrated with ``heritage db upgrade``.

    The server and the CLI share the returned environment, so a test can add data before,
    while or after the server runs.
    """
    uploads = folder / "uploads"
    uploads.mkdir(parents=True, exist_ok=True)
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("HERITAGE_")
    }
    environment.update(
        HERITAGE_DATABASE_URL=f"sqlite:///{folder / 'registry.sqlite3'}",
        HERITAGE_SECRET_KEY="servers-test-secret-key",
        HERITAGE_UPLOAD_DIR=str(uploads),
        HERITAGE_RATELIMIT_STORAGE_URI="memory://",
        # This tree's package first, whichever tree the virtualenv has installed as editable.
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    )
    deployment = Deployment(folder, environment)
    heritage_cli(deployment, "db", "upgrade")
    return deployment


def heritage_cli(deployment: Deployment, *args: str) -> subprocess.CompletedProcess[str]:
    """Run this tree's ``heritage`` command (not the installed script); raise if it fails."""
    command = [sys.executable, "-c", "from heritage.console import main; main()", *args]
    result = subprocess.run(
        command, cwd=ROOT, env=deployment.environment, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"heritage {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def gunicorn_server(deployment: Deployment, *, workers: int = 2) -> Iterator[str]:
    """Yield the URL of ``gunicorn --workers N wsgi:app`` serving ``deployment`` on loopback.

    Fails (never skips) when gunicorn is missing: it is a test dependency. The server is
    terminated on the way out, whatever happened inside; its log is ``deployment.log``.
    """
    if importlib.util.find_spec("gunicorn") is None:
        raise RuntimeError("gunicorn is not installed: pip install -e '.[test]'")
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        f"--workers={workers}",
        f"--bind=127.0.0.1:{port}",
        f"--chdir={ROOT}",
        "--graceful-timeout=2",
        "wsgi:app",
    ]
    with deployment.log.open("w") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=deployment.environment, stdout=log, stderr=subprocess.STDOUT
        )
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_answering(process, url, deployment.log)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_answering(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{log.read_text()}")
        try:
            # S310 guards against file: and custom schemes; this URL is our own loopback.
            with urllib.request.urlopen(f"{url}/login", timeout=1) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer within {START_TIMEOUT_S} s:\n{log.read_text()}")
