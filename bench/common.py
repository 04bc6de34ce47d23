"""Shared helpers for the Mesoguide benchmarks.

Everything here talks only to 127.0.0.1. Servers are started in their own process group
and always stopped (terminate, then kill) when the `with` block ends, even on error.
Every load loop is bounded both in time and in number of requests.
"""

import contextlib
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python") if (VENV_BIN / "python").exists() else sys.executable
GUNICORN = str(VENV_BIN / "gunicorn")
GUNICORN_CONF = ROOT / "mesoguide" / "gunicorn.conf.py"
HOST = "127.0.0.1"

# A hard ceiling on the number of requests any single measurement may send.
MAX_REQUESTS_PER_RUN = 2_000_000

TOOLS = {"wrk": "wrk", "nginx": "nginx-light"}


# --------------------------------------------------------------------------- tools


def find_tool(name: str, quiet: bool = False) -> str | None:
    """Path of a Debian-installed tool, or None with a clear message on how to get it.

    BENCH_NO_WRK=1 / BENCH_NO_NGINX=1 pretend the tool is missing (to test the fallbacks).
    """
    if os.environ.get(f"BENCH_NO_{name.upper()}"):
        path = None
    else:
        path = shutil.which(name) or next(
            (p for p in (f"/usr/sbin/{name}", f"/usr/bin/{name}") if os.access(p, os.X_OK)), None
        )
    if path is None and not quiet:
        print(
            f"NOTE: `{name}` is not installed. Install it with: "
            f"apt-get install -y {TOOLS.get(name, name)}",
            file=sys.stderr,
        )
    return path


_handed_out: set[int] = set()


def free_port() -> int:
    """A free port: the first free one in BENCH_PORTS (e.g. 8120-8129) if set, else any."""
    first, _, last = os.environ.get("BENCH_PORTS", "").partition("-")
    candidates = range(int(first), int(last or first) + 1) if first else [0]
    for port in candidates:
        if port in _handed_out:
            continue  # chosen for a server that may not have bound it yet
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind((HOST, port))
            except OSError:
                continue
            port = sock.getsockname()[1]
            _handed_out.add(port)
            return port
    raise RuntimeError(f"no free port in BENCH_PORTS={os.environ['BENCH_PORTS']}")


def section(title: str):
    print()
    print(title)
    print("=" * len(title))
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"machine: {os.cpu_count()} CPUs, load average {load}")


def verdict(ok: bool) -> str:
    return "MET" if ok else "NOT MET"


def table(headers: list[str], rows: list[list], align: str | None = None) -> str:
    """A plain-text table; `align` is one char per column, 'l' or 'r' (default: l then r)."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    align = align or "l" + "r" * (len(headers) - 1)

    def fmt(row):
        return "  ".join(
            c.ljust(w) if a == "l" else c.rjust(w)
            for c, w, a in zip(row, widths, align, strict=True)
        ).rstrip()

    lines = [fmt(cells[0]), "  ".join("-" * w for w in widths)]
    lines += [fmt(r) for r in cells[1:]]
    return "\n".join(lines)


# --------------------------------------------------------------------------- environment


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


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)

    def headers_named(self, name: str) -> list[str]:
        name = name.lower()
        return [v for k, v in self.headers if k.lower() == name]


def fetch(
    url: str,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    timeout: float = 10.0,
) -> Response:
    """One request to 127.0.0.1 (refuses any other host)."""
    parts = urllib.parse.urlsplit(url)
    if parts.hostname not in {HOST, "localhost"}:
        raise ValueError(f"benchmarks only talk to {HOST}, not {parts.hostname}")
    conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout)
    try:
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return Response(resp.status, resp.getheaders(), resp.read())
    finally:
        conn.close()


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


def rss_kb(pid: int) -> int | None:
    """Resident set size of a process in KiB (ps; /proc as a fallback)."""
    try:
        out = subprocess.run(
            ["ps", "-o", "rss=", "-p", str(pid)], capture_output=True, text=True, timeout=10
        ).stdout.strip()
        if out:
            return int(out)
    except (OSError, ValueError, subprocess.TimeoutExpired):
        pass
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


# --------------------------------------------------------------------------- site URLs


def sitemap_paths(base: str) -> list[str]:
    """Every path listed in /sitemap.xml (the hosts in <loc> are ignored)."""
    resp = fetch(base + "/sitemap.xml")
    if resp.status != 200:
        return []
    locs = re.findall(rb"<loc>\s*([^<]+?)\s*</loc>", resp.body)
    return [urllib.parse.urlsplit(loc.decode()).path or "/" for loc in locs]


def pick_article(base: str, preferred: str = "/articles/what-is-mesotherapy/") -> str:
    """The preferred article if it answers 200, else the first article in the sitemap."""
    with contextlib.suppress(OSError):
        if fetch(base + preferred).status == 200:
            return preferred
    for path in sitemap_paths(base):
        if path.startswith("/articles/") and path != "/articles/":
            with contextlib.suppress(OSError):
                if fetch(base + path).status == 200:
                    print(f"NOTE: {preferred} did not answer 200; using {path} instead.")
                    return path
    raise RuntimeError("no article page answers 200 (is content/articles/ empty?)")


def checklist_paths(base: str) -> list[str]:
    paths = [p for p in sitemap_paths(base) if p.startswith("/checklists/") and p.count("/") == 3]
    if not paths:
        # Fall back to the definition files.
        paths = [
            f"/checklists/{p.stem}/" for p in sorted((ROOT / "content/checklists").glob("*.yaml"))
        ]
    return paths


def checklist_answers(slug: str) -> dict[str, str]:
    """A complete, valid set of answers for one checklist (the first choice of each question)."""
    import yaml  # from the venv

    data = yaml.safe_load((ROOT / "content" / "checklists" / f"{slug}.yaml").read_text())
    return {q["id"]: str(q["choices"][0]["value"]) for q in data["questions"]}


# --------------------------------------------------------------------------- load generation


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

    def worker(offset: int):
        conn = None
        index = offset
        while time.monotonic() < deadline and take():
            spec = specs[index % len(specs)]
            index += 1
            began = time.perf_counter()
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout_s)
                conn.request(
                    spec.method, spec.path, body=spec.body or None, headers=dict(spec.headers)
                )
                resp = conn.getresponse()
                resp.read()
                elapsed = time.perf_counter() - began
                with lock:
                    latencies.append(elapsed * 1000)
                    statuses[str(resp.status)] += 1
                if resp.will_close:
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException) as exc:
                kind = "timeout" if isinstance(exc, TimeoutError) else type(exc).__name__
                with lock:
                    errors[kind] += 1
                if conn is not None:
                    conn.close()
                conn = None
        if conn is not None:
            conn.close()

    pool = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(connections)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(timeout=seconds + timeout_s + 10)
    elapsed = time.monotonic() - start
    latencies.sort()

    def pct(p):
        if not latencies:
            return float("nan")
        return latencies[min(len(latencies) - 1, round(p / 100 * (len(latencies) - 1)))]

    done = len(latencies)
    return LoadResult(
        tool="python",
        seconds=elapsed,
        requests=done,
        rps=done / elapsed if elapsed else 0.0,
        p50_ms=pct(50),
        p99_ms=pct(99),
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


def run_script(main) -> int:
    """Run a benchmark's main(): exit 0 = targets met, 1 = a target not met, 2 = could not run.

    SIGTERM (e.g. from run_all's timeout) becomes SystemExit, so every `with` block still
    stops the servers it started.
    """
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        return main()
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except FileNotFoundError as exc:
        print(f"COULD NOT RUN: {exc}", file=sys.stderr)
        return 2
    except Exception:
        import traceback

        traceback.print_exc()
        print("COULD NOT RUN: see the error above", file=sys.stderr)
        return 2


def median(values):
    return statistics.median(values) if values else float("nan")


def machine_info() -> str:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    wrk = find_tool("wrk", quiet=True) or "missing"
    nginx = find_tool("nginx", quiet=True) or "missing"
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"CPUs (nproc): {os.cpu_count()}   CPU: {cpu}   RAM: {mem}\n"
        f"Python {sys.version.split()[0]}   wrk: {wrk}   nginx: {nginx}   load average: {load}"
    )
