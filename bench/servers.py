"""Production-like servers started for a benchmark, and always stopped again."""

import contextlib
import os
import secrets
import signal
import subprocess
import tempfile
import time

from http_fetch import fetch
from machine import GUNICORN, GUNICORN_CONF, HOST, PYTHON, ROOT, free_port


def production_env(**extra: str) -> dict[str, str]:
    """Environment for production settings: DEBUG off, random key, no TLS redirect."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MESOGUIDE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="mesoguide.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(extra)
    return env


_collected = False


def collectstatic():
    """Collect static files into settings.STATIC_ROOT (staticfiles/, git-ignored), once."""
    global _collected
    if _collected:
        return
    result = subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode:
        raise RuntimeError(f"collectstatic failed:\n{result.stdout}\n{result.stderr}")
    _collected = True


def stop_group(proc: subprocess.Popen, grace: float = 10.0):
    """Terminate a process started with start_new_session=True, and its whole group."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


# --------------------------------------------------------------------------- HTTP


def wait_until_up(url: str, proc: subprocess.Popen | None = None, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with code {proc.returncode} before answering")
        try:
            if fetch(url, timeout=2).status == 200:
                return
        except OSError as exc:
            last = exc
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s ({last})")


# --------------------------------------------------------------------------- gunicorn


class Gunicorn:
    """`with Gunicorn() as server:` runs the site under gunicorn with production settings."""

    def __init__(
        self,
        workers: int = 2,
        extra_env: dict[str, str] | None = None,
        ready_timeout: float = 60.0,
        extra_args: list[str] | None = None,
    ):
        self.workers = workers
        self.ready_timeout = ready_timeout
        self.extra_args = extra_args or []
        self.port = free_port()
        self.base = f"http://{HOST}:{self.port}"
        self.extra_env = extra_env or {}
        self.proc: subprocess.Popen | None = None
        self._log = None

    def __enter__(self):
        collectstatic()
        self._log = tempfile.TemporaryFile()
        cmd = [
            GUNICORN,
            "mesoguide.wsgi",
            "--config", str(GUNICORN_CONF),  # the settings `make serve` uses
            "--workers", str(self.workers),
            "--bind", f"{HOST}:{self.port}",
            "--no-control-socket",
            "--error-logfile", "-",
            "--log-level", "warning",
            *self.extra_args,
        ]  # fmt: skip
        # No --access-logfile: gunicorn writes no access log unless asked to.
        self.proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=production_env(**self.extra_env),
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_until_up(self.url("/healthz"), self.proc, self.ready_timeout)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc):
        if self.proc is not None:
            stop_group(self.proc)
        if self._log is not None:
            self._log.close()
            self._log = None

    def url(self, path: str) -> str:
        return self.base + path

    def log_tail(self, lines: int = 20) -> str:
        if self._log is None:
            return ""
        self._log.flush()
        self._log.seek(0)
        return "\n".join(self._log.read().decode(errors="replace").splitlines()[-lines:])

    def worker_pids(self) -> list[int]:
        if self.proc is None:
            return []
        out = subprocess.run(
            ["pgrep", "-P", str(self.proc.pid)], capture_output=True, text=True, timeout=10
        ).stdout
        return sorted(int(p) for p in out.split())

    def warm_up(self, paths: list[str], rounds: int = 4):
        """Make sure every worker has loaded the content (it is loaded lazily, per process)."""
        for _ in range(rounds * self.workers):
            for path in paths:
                fetch(self.url(path))
