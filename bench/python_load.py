"""The pure-Python load generator, for machines without wrk: threads and http.client."""

import http.client
import threading
import time
import urllib.parse
from collections import Counter

from load_types import LoadResult, RequestSpec
from machine import HOST, MAX_REQUESTS_PER_RUN


def _percentile(ordered: list[float], p: float) -> float:
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _one_request(conn, parts, spec: RequestSpec, timeout_s: float, record):
    """Send one request on `conn` (opened if None); returns the connection to reuse, or None."""
    began = time.perf_counter()
    try:
        if conn is None:
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout_s)
        conn.request(spec.method, spec.path, body=spec.body or None, headers=dict(spec.headers))
        resp = conn.getresponse()
        resp.read()
        record(resp.status, (time.perf_counter() - began) * 1000)
        if resp.will_close:
            conn.close()
            conn = None
    except (OSError, http.client.HTTPException) as exc:
        record(None, 0.0, "timeout" if isinstance(exc, TimeoutError) else type(exc).__name__)
        if conn is not None:
            conn.close()
        conn = None
    return conn


def run_python_load(
    base: str,
    path: str = "/",
    connections: int = 32,
    seconds: float = 10,
    requests: list[RequestSpec] | None = None,
    max_requests: int = MAX_REQUESTS_PER_RUN,
    timeout_s: float = 5,
) -> LoadResult:
    """Pure-Python fallback: one thread per connection, http.client with keep-alive.

    Much slower than wrk (the client competes with the server for the GIL and the CPU),
    so absolute numbers are lower; ratios measured in the same run stay meaningful.
    """
    parts = urllib.parse.urlsplit(base)
    if parts.hostname not in {HOST, "localhost"}:
        raise ValueError("benchmarks only talk to 127.0.0.1")
    specs = requests or [RequestSpec("GET", path)]
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: Counter = Counter()
    errors: Counter = Counter()
    sent = [0]
    start = time.monotonic()
    deadline = start + seconds

    def take() -> bool:
        with lock:
            if sent[0] >= max_requests:
                return False
            sent[0] += 1
            return True

    def record(status: int | None, elapsed_ms: float, error: str = ""):
        with lock:
            if error:
                errors[error] += 1
            else:
                latencies.append(elapsed_ms)
                statuses[str(status)] += 1

    def worker(offset: int):
        conn, index = None, offset
        while time.monotonic() < deadline and take():
            spec = specs[index % len(specs)]
            index += 1
            conn = _one_request(conn, parts, spec, timeout_s, record)
        if conn is not None:
            conn.close()

    pool = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(connections)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(timeout=seconds + timeout_s + 10)
    elapsed = time.monotonic() - start
    latencies.sort()

    done = len(latencies)
    return LoadResult(
        tool="python",
        seconds=elapsed,
        requests=done,
        rps=done / elapsed if elapsed else 0.0,
        p50_ms=_percentile(latencies, 50),
        p99_ms=_percentile(latencies, 99),
        errors=sum(errors.values()),
        error_kinds=errors,
        statuses=statuses,
    )
