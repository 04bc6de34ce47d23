"""Load generation: wrk when installed, else a bounded Python load; results parsed."""

import http.client
import re
import subprocess
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from machine import HOST, MAX_REQUESTS_PER_RUN, find_tool
from report import median


@dataclass
class LoadResult:
    tool: str
    seconds: float
    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int = 0  # socket errors, timeouts
    statuses: Counter = field(default_factory=Counter)
    error_kinds: Counter = field(default_factory=Counter)
    raw: str = ""

    @property
    def non_2xx_3xx(self) -> int:
        return sum(
            n for s, n in self.statuses.items() if s != "2xx/3xx" and not s.startswith(("2", "3"))
        )


@dataclass(frozen=True)
class RequestSpec:
    method: str
    path: str
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    label: str = ""


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text.strip())
    if not match:
        raise ValueError(f"cannot read wrk latency {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def parse_wrk(output: str) -> dict:
    """Requests/sec, p50, p99, totals and socket errors from `wrk --latency` output."""
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50 = re.search(r"^\s*50%\s+(\S+)", output, re.MULTILINE)
    p99 = re.search(r"^\s*99%\s+(\S+)", output, re.MULTILINE)
    total = re.search(r"(\d+) requests in ([\d.]+)(\w+)", output)
    if not (rps and p50 and p99 and total):
        raise ValueError("unexpected wrk output:\n" + output)
    errors = Counter()
    sock = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if sock:
        for name, value in zip(("connect", "read", "write", "timeout"), sock.groups(), strict=True):
            if int(value):
                errors[name] = int(value)
    non = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(rps.group(1)),
        "p50_ms": _ms(p50.group(1)),
        "p99_ms": _ms(p99.group(1)),
        "requests": int(total.group(1)),
        "seconds": _ms(total.group(2) + total.group(3)) / 1000,
        "errors": errors,
        "non_2xx_3xx": int(non.group(1)) if non else 0,
    }


def _lua_string(value: str | bytes) -> str:
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    # Three digits always: Lua reads up to three, so "\\61" + "1" would be one bad escape.
    return "".join(f"\\{ord(c):03d}" if not c.isalnum() else c for c in value).join('""')


def _wrk_script(requests: list[RequestSpec] | None, cap_per_thread: int, statuses: bool) -> str:
    """Lua for wrk: a request-count cap, optional round-robin requests and status counts.

    The cap lives in request(), which costs little. The response() hook (status counts)
    makes wrk hand every body to Lua, which slows wrk down on large, fast responses, so
    it is only installed when `statuses` is asked for.
    """
    lines = [
        "local threads = {}",
        "function setup(thread) table.insert(threads, thread) end",
        f"local cap = {cap_per_thread}",
        "counts = {}",
        "local sent = 0",
        "local reqs = {}",
    ]
    for spec in requests or []:
        headers = (
            "{" + ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in spec.headers) + "}"
        )
        body = _lua_string(spec.body) if spec.body else "nil"
        lines.append(
            f"table.insert(reqs, wrk.format({_lua_string(spec.method)}, "
            f"{_lua_string(spec.path)}, {headers}, {body}))"
        )
    lines += [
        "local i = 0",
        "function init(args)",
        "  if #reqs == 0 then table.insert(reqs, wrk.format()) end",
        "  i = math.random(0, #reqs - 1)",
        "end",
        "function request()",
        "  sent = sent + 1",
        "  if sent >= cap then wrk.thread:stop() end",
        "  i = i % #reqs + 1",
        "  return reqs[i]",
        "end",
    ]
    if statuses:
        lines += [
            "function response(status, headers, body)",
            "  counts[status] = (counts[status] or 0) + 1",
            "end",
        ]
    lines += [
        "function done(summary, latency, requests)",
        "  local total = {}",
        "  for _, t in ipairs(threads) do",
        "    local c = t:get('counts')",
        "    for k, v in pairs(c or {}) do total[k] = (total[k] or 0) + v end",
        "  end",
        "  for k, v in pairs(total) do io.write(string.format('STATUS %d %d\\n', k, v)) end",
        "end",
    ]
    return "\n".join(lines) + "\n"


def run_wrk(
    base: str,
    path: str = "/",
    connections: int = 32,
    seconds: float = 10,
    threads: int = 2,
    requests: list[RequestSpec] | None = None,
    max_requests: int = MAX_REQUESTS_PER_RUN,
    timeout_s: int = 5,
    statuses: bool = False,
) -> LoadResult:
    """`wrk -t2 -c<conns> -d<secs>s --latency URL`, bounded in time (-d) and count (Lua cap)."""
    wrk = find_tool("wrk")
    if wrk is None:
        raise FileNotFoundError("wrk")
    threads = max(1, min(threads, connections))
    with tempfile.TemporaryDirectory(prefix="mesoguide-wrk-") as tmp:
        script = Path(tmp) / "bench.lua"
        script.write_text(_wrk_script(requests, max(1, max_requests // threads), statuses))
        cmd = [
            wrk, f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s",
            f"--timeout={timeout_s}s", "--latency", "-s", str(script), base + path,
        ]  # fmt: skip
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    if result.returncode:
        raise RuntimeError(f"wrk failed ({result.returncode}):\n{result.stderr}")
    parsed = parse_wrk(result.stdout)
    counted = Counter(
        {m[1]: int(m[2]) for m in re.finditer(r"^STATUS (\d+) (\d+)$", result.stdout, re.M)}
    )
    if not statuses:
        # Without the response() hook wrk still reports how many were not 2xx/3xx.
        counted = Counter({"2xx/3xx": parsed["requests"] - parsed["non_2xx_3xx"]})
        if parsed["non_2xx_3xx"]:
            counted["other"] = parsed["non_2xx_3xx"]
    return LoadResult(
        tool="wrk",
        seconds=parsed["seconds"],
        requests=parsed["requests"],
        rps=parsed["rps"],
        p50_ms=parsed["p50_ms"],
        p99_ms=parsed["p99_ms"],
        errors=sum(parsed["errors"].values()),
        error_kinds=parsed["errors"],
        statuses=counted,
        raw=result.stdout,
    )


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


def run_load(base: str, path: str = "/", **kwargs) -> LoadResult:
    """wrk when installed, else the pure-Python load generator."""
    if find_tool("wrk", quiet=True):
        return run_wrk(base, path, **kwargs)
    kwargs.pop("threads", None)
    kwargs.pop("statuses", None)  # the Python generator always counts statuses
    return run_python_load(base, path, **kwargs)


def run_interleaved(
    base: str,
    paths: list[str],
    seconds: float,
    rounds: int = 2,
    headers: dict[str, str] | None = None,
    **kwargs,
) -> dict[str, LoadResult]:
    """Measure several paths in alternating rounds, so a burst of other activity on the
    machine falls on all of them rather than on one. Each path gets `seconds` in total.

    Requests/sec is the total over all rounds; p50 is the median of the rounds' p50s and
    p99 the worst round's p99. `headers` go with every request (e.g. Accept-Encoding).
    """
    rounds = max(1, rounds)
    per_round = max(1.0, seconds / rounds)
    parts: dict[str, list[LoadResult]] = {p: [] for p in paths}
    for _ in range(rounds):
        for path in paths:
            if headers:
                spec = RequestSpec("GET", path, headers=tuple(headers.items()))
                kwargs["requests"] = [spec]
            parts[path].append(run_load(base, path, seconds=per_round, **kwargs))
    merged = {}
    for path, results in parts.items():
        statuses, kinds = Counter(), Counter()
        for r in results:
            statuses.update(r.statuses)
            kinds.update(r.error_kinds)
        total_s = sum(r.seconds for r in results)
        total = sum(r.requests for r in results)
        merged[path] = LoadResult(
            tool=results[0].tool,
            seconds=total_s,
            requests=total,
            rps=total / total_s if total_s else 0.0,
            p50_ms=median([r.p50_ms for r in results]),
            p99_ms=max(r.p99_ms for r in results),
            errors=sum(r.errors for r in results),
            statuses=statuses,
            error_kinds=kinds,
        )
    return merged


def load_tool_name() -> str:
    if find_tool("wrk", quiet=True):
        return "wrk"
    find_tool("wrk")  # prints how to install it
    return "python fallback (threads + http.client)"
