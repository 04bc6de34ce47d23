"""Slow clients: 16 connections trickle their headers or bodies while readers keep reading.

Starts gunicorn exactly as `make serve` does (mesoguide/gunicorn.conf.py: gthread workers), opens
`--slow` connections that send one byte every `--interval` seconds and never finish (half
trickle a request's headers, half a checklist POST's body; one that the server closes is
reopened, so the pressure stays on), and meanwhile runs `--readers` threads that fetch pages
as new visitors (a new connection per request, `Accept-Encoding: br, gzip`, 5 s timeout).

Target: 0 failed reader requests and p99 under 1 s. `--worker-class sync` runs the old
setup for comparison (it fails the target).

    .venv/bin/python bench/slow_clients.py [--seconds 20] [--slow 16] [--readers 8]
"""

import argparse
import contextlib
import http.client
import socket
import sys
import threading
import time

import common

TARGET_P99_MS = 1000.0
PAGES = ["/", "/articles/", "/warning-signs/", "/checklists/", "/healthz"]
HEADERS = {"Accept-Encoding": "br, gzip"}


class Tricklers:
    """`count` connections, each sent one more byte every `interval` seconds, never done."""

    def __init__(self, port: int, count: int, interval: float, article: str, checklist: str):
        self.port, self.interval = port, interval
        host = f"Host: {common.HOST}:{port}\r\n"
        self.prefixes = [
            # Headers that never end: the server waits for the blank line.
            f"GET {article} HTTP/1.1\r\n{host}User-Agent: slow-headers\r\nX-Pad: ".encode(),
            # Complete headers, then a body that never arrives.
            (
                f"POST {checklist} HTTP/1.1\r\n{host}User-Agent: slow-body\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\n"
                "Content-Length: 60000\r\n\r\nwho-injects=yes&pad="
            ).encode(),
        ]
        self.slots: list[socket.socket | None] = [None] * count
        self.reopened = 0
        self.bytes_sent = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _open(self, index: int):
        sock = socket.create_connection((common.HOST, self.port), timeout=5)
        # Everything but the last byte of the first line at once, then byte by byte.
        sock.sendall(self.prefixes[index % 2][:-1])
        self.slots[index] = sock

    def _tick(self, index: int):
        sock = self.slots[index]
        try:
            if sock is None:
                raise OSError("not connected")
            sock.sendall(b"a")
            self.bytes_sent += 1
        except OSError:
            if sock is not None:
                sock.close()
            self.slots[index] = None
            self.reopened += 1
            with contextlib.suppress(OSError):  # refused: try again on the next tick
                self._open(index)

    def _run(self):
        while not self._stop.wait(self.interval):
            for index in range(len(self.slots)):
                self._tick(index)

    def __enter__(self):
        for index in range(len(self.slots)):
            self._open(index)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=self.interval + 5)
        for sock in self.slots:
            if sock is not None:
                sock.close()

    def connected(self) -> int:
        return sum(sock is not None for sock in self.slots)


def reader(port: int, deadline: float, out: list, failures: list, cap: int):
    """Fetch the pages in turn, a new connection each time, until the deadline."""
    i = 0
    while time.monotonic() < deadline and len(out) < cap:
        path = PAGES[i % len(PAGES)]
        i += 1
        start = time.perf_counter()
        try:
            conn = http.client.HTTPConnection(common.HOST, port, timeout=5)
            conn.request("GET", path, headers=HEADERS)
            response = conn.getresponse()
            response.read()
            conn.close()
            if response.status != 200:
                failures.append(f"{path}: {response.status}")
        except OSError as exc:
            failures.append(f"{path}: {type(exc).__name__} {exc}")
        out.append((time.perf_counter() - start) * 1000)


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * pct / 100))]


def measure(server, args, article, checklist, slow: int) -> dict:
    latencies: list[float] = []
    failures: list[str] = []
    with Tricklers(server.port, slow, args.interval, article, checklist) as tricklers:
        time.sleep(args.settle)  # every slow client has sent bytes and holds what it holds
        deadline = time.monotonic() + args.seconds
        cap = common.MAX_REQUESTS_PER_RUN // max(1, args.readers)
        threads = [
            threading.Thread(target=reader, args=(server.port, deadline, latencies, failures, cap))
            for _ in range(args.readers)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=args.seconds + 30)
        still = tricklers.connected()
        reopened = tricklers.reopened
    return {
        "slow": slow,
        "requests": len(latencies),
        "rps": len(latencies) / args.seconds,
        "p50": percentile(latencies, 50),
        "p99": percentile(latencies, 99),
        "max": max(latencies, default=float("nan")),
        "failures": failures,
        "still": still,
        "reopened": reopened,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20, help="reader load (default 20)")
    parser.add_argument("--slow", type=int, default=16, help="slow clients (default 16)")
    parser.add_argument("--readers", type=int, default=8, help="reader threads (default 8)")
    parser.add_argument("--interval", type=float, default=2.0, help="s between bytes (2)")
    parser.add_argument("--settle", type=float, default=3.0, help="s before readers (3)")
    parser.add_argument(
        "--worker-class", default=None, help="override the gunicorn config (e.g. sync, to compare)"
    )
    args = parser.parse_args(argv)

    worker = args.worker_class or "gthread (mesoguide/gunicorn.conf.py)"
    common.section(f"Slow clients: gunicorn {worker}, 2 workers, production settings")
    print(
        f"{args.slow} slow clients (1 byte every {args.interval:g} s; half headers, half "
        f"bodies) + {args.readers} readers for {args.seconds:g} s, a new connection per request"
    )
    # --threads 1 too: gunicorn turns a sync worker with threads into a gthread one.
    extra = ["--worker-class", args.worker_class, "--threads", "1"] if args.worker_class else []
    with common.Gunicorn(workers=2, extra_args=extra) as server:
        article = common.pick_article(server.base)
        checklists = common.checklist_paths(server.base)
        checklist = checklists[0] if checklists else "/checklists/practitioner/"
        server.warm_up([*PAGES, article])
        baseline = measure(server, args, article, checklist, slow=0)
        loaded = measure(server, args, article, checklist, slow=args.slow)

    rows = [
        [r["slow"], r["requests"], f"{r['rps']:,.0f}", f"{r['p50']:.1f}", f"{r['p99']:.1f}",
         f"{r['max']:.1f}", len(r["failures"]), f"{r['still']}/{r['slow']}", r["reopened"]]
        for r in (baseline, loaded)
    ]  # fmt: skip
    print()
    print(
        common.table(
            ["slow clients", "reader requests", "req/s", "p50 ms", "p99 ms", "max ms",
             "failed", "slow still open", "slow reopened"],
            rows,
            align="rrrrrrrrr",
        )
    )  # fmt: skip
    for line in loaded["failures"][:10]:
        print(f"  FAILED: {line}")
    met = not loaded["failures"] and loaded["p99"] < TARGET_P99_MS
    print()
    print(
        f"Target: with {args.slow} slow clients, 0 failed reader requests and p99 < "
        f"{TARGET_P99_MS:,.0f} ms: {len(loaded['failures'])} failed, p99 {loaded['p99']:.1f} ms "
        f"-> {common.verdict(met)}"
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(common.run_script(main))
