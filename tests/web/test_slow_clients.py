"""The production command keeps serving readers while 16 clients trickle their requests.

Starts gunicorn with the project's mesoguide/gunicorn.conf.py (what `make serve` and README's
Production command use) and one worker, the hardest case: every slow client lands on it.
bench/slow_clients.py measures the same thing at length, with two workers.
"""

import contextlib
import http.client
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
CONFIG = str(ROOT / "mesoguide" / "gunicorn.conf.py")
HOST = "127.0.0.1"
SLOW_CLIENTS = 16


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def get(port: int, path: str, timeout: float = 3.0) -> int:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


@pytest.fixture
def server():
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "MESOGUIDE_", "GUNICORN_"))
    }
    env |= {"DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(ROOT)}
    cmd = [str(GUNICORN), "mesoguide.wsgi", "--config", CONFIG, "--workers", "1",
           "--bind", f"{HOST}:{port}", "--no-control-socket", "--log-level", "warning"]  # fmt: skip
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            assert proc.poll() is None, "gunicorn exited"
            with contextlib.suppress(OSError):
                if get(port, "/healthz", timeout=1) == 200:
                    break
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.1)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def slow_client(port: int, body: bool) -> socket.socket:
    sock = socket.create_connection((HOST, port), timeout=5)
    if body:  # complete headers, then a body that never arrives
        sock.sendall(
            f"POST /checklists/practitioner/ HTTP/1.1\r\nHost: {HOST}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            "Content-Length: 60000\r\n\r\nwho-injects=".encode()
        )
    else:  # headers that never end
        sock.sendall(f"GET / HTTP/1.1\r\nHost: {HOST}\r\nX-Pad: a".encode())
    return sock


def test_readers_are_served_while_16_clients_trickle(server):
    slow = [slow_client(server, body=i % 2 == 0) for i in range(SLOW_CLIENTS)]
    try:
        time.sleep(1)  # each slow client is now being read by the server
        for sock in slow:
            sock.sendall(b"a")  # still sending, a byte at a time
        times = []
        for path in ["/healthz", "/robots.txt", "/qr/"] * 5:
            start = time.perf_counter()
            assert get(server, path) == 200, path
            times.append(time.perf_counter() - start)
        assert max(times) < 1.0, times
    finally:
        for sock in slow:
            sock.close()


def test_make_serve_and_readme_use_the_config():
    makefile = (ROOT / "Makefile").read_text()
    serve = makefile.split("\nserve:", 1)[1].split("\n\n", 1)[0]
    assert "--config mesoguide/gunicorn.conf.py" in serve
    readme = (ROOT / "README.md").read_text()
    production = readme.split("## Production", 1)[1].split("\n## ", 1)[0]
    assert re.search(r"gunicorn mesoguide\.wsgi --config mesoguide/gunicorn\.conf\.py", production)
    config = (ROOT / "mesoguide" / "gunicorn.conf.py").read_text()
    assert re.search(r'^worker_class = "gthread"$', config, re.M)
    threads = int(re.search(r"^threads = (\d+)$", config, re.M).group(1))
    assert threads > SLOW_CLIENTS  # room for readers even when every slow client is on one worker
