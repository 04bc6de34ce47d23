"""Load with wrk: a Lua script that caps the request count and counts statuses; output parsed."""

import re
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

from load_types import LoadResult, RequestSpec
from machine import MAX_REQUESTS_PER_RUN, find_tool

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
