"""Load generation: wrk when installed, else a bounded Python load; rounds merged.

The generators live in wrk_load.py and python_load.py, their shared types in load_types.py.
"""

from collections import Counter

from load_types import LoadResult, RequestSpec
from machine import find_tool
from python_load import run_python_load
from report import median
from wrk_load import parse_wrk, run_wrk

__all__ = [
    "LoadResult",
    "RequestSpec",
    "load_tool_name",
    "parse_wrk",
    "run_interleaved",
    "run_load",
    "run_python_load",
    "run_wrk",
]


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
