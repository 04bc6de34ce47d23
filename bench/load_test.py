"""Sustained mixed load on gunicorn (2 workers): errors, 5xx, and worker memory over time.

Round-robin over every page type: home, an article, warning signs, the articles and
checklists indexes, a checklist form (GET) and a completed checklist (POST, valid answers
built from its YAML), a search and /healthz. Each worker's RSS is sampled every 5 s.

Targets: zero errors, zero 5xx, memory flat (last <= first x 1.2 + 10 MB, per worker).

    .venv/bin/python bench/load_test.py [--seconds 60] [--connections 64]
"""

import argparse
import sys
import threading
import time
import urllib.parse

import common

SAMPLE_EVERY_S = 5.0
MEMORY_FACTOR, MEMORY_SLACK_KB = 1.2, 10 * 1024


def build_requests(base: str) -> list[common.RequestSpec]:
    article = common.pick_article(base)
    checklists = common.checklist_paths(base)
    checklist = (
        "/checklists/practitioner/" if "/checklists/practitioner/" in checklists else checklists[0]
    )
    slug = checklist.strip("/").split("/")[-1]
    body = urllib.parse.urlencode(common.checklist_answers(slug)).encode()
    form = (("Content-Type", "application/x-www-form-urlencoded"),)
    return [
        common.RequestSpec("GET", "/", label="home"),
        common.RequestSpec("GET", article, label="article"),
        common.RequestSpec("GET", "/warning-signs/", label="warning signs"),
        common.RequestSpec("GET", "/articles/", label="articles index"),
        common.RequestSpec("GET", "/checklists/", label="checklists index"),
        common.RequestSpec("GET", checklist, label="checklist form"),
        common.RequestSpec("POST", checklist, body=body, headers=form, label="checklist result"),
        common.RequestSpec("GET", "/search/?q=infection", label="search"),
        common.RequestSpec("GET", "/healthz", label="healthz"),
    ]


def check_each(base: str, specs: list[common.RequestSpec]) -> list[list]:
    """One request of each kind before the run: each must answer 200 with the right page."""
    rows = []
    for spec in specs:
        resp = common.fetch(
            base + spec.path, method=spec.method, body=spec.body or None, headers=dict(spec.headers)
        )
        ok = resp.status == 200
        if spec.method == "POST":
            # A valid submission shows the result, not the form again with errors.
            ok = ok and b'class="checklist-result' in resp.body
        rows.append(
            [spec.label, spec.method, spec.path, resp.status, f"{len(resp.body):,}",
             "ok" if ok else "WRONG"]
        )  # fmt: skip
    return rows


class MemorySampler(threading.Thread):
    """RSS of each gunicorn worker every SAMPLE_EVERY_S seconds (bounded in time and count)."""

    def __init__(self, server: common.Gunicorn, seconds: float):
        super().__init__(daemon=True)
        self.server = server
        self.max_samples = int(seconds / SAMPLE_EVERY_S) + 3
        self.deadline = time.monotonic() + seconds + 2 * SAMPLE_EVERY_S
        self.stop = threading.Event()
        self.samples: dict[int, list[int]] = {}
        self.pid_sets: list[tuple[int, ...]] = []

    def sample(self):
        pids = tuple(self.server.worker_pids())
        self.pid_sets.append(pids)
        for pid in pids:
            rss = common.rss_kb(pid)
            if rss is not None:
                self.samples.setdefault(pid, []).append(rss)

    def run(self):
        for _ in range(self.max_samples):
            self.sample()
            if self.stop.wait(SAMPLE_EVERY_S) or time.monotonic() > self.deadline:
                break
        self.sample()  # the last sample, at the end of the run


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60, help="duration (default 60)")
    parser.add_argument("--connections", type=int, default=64, help="concurrent (default 64)")
    args = parser.parse_args(argv)

    common.section("Load test: mixed pages, gunicorn 2 gthread workers, production settings")
    tool = common.load_tool_name()
    print(f"load generator: {tool}; {args.connections} connections for {args.seconds:g} s")

    with common.Gunicorn(workers=2) as server:
        specs = build_requests(server.base)
        checks = check_each(server.base, specs)
        print()
        print(
            common.table(
                ["request", "method", "path", "status", "bytes", "check"], checks, align="lllrrl"
            )
        )
        server.warm_up(["/healthz"], rounds=2)
        sampler = MemorySampler(server, args.seconds)
        sampler.start()
        try:
            result = common.run_load(
                server.base,
                "/",
                connections=args.connections,
                seconds=args.seconds,
                requests=specs,
                timeout_s=10,
                statuses=True,
            )
        finally:
            sampler.stop.set()
            sampler.join(timeout=30)
        after = common.fetch(server.url("/healthz")).status
        log_tail = server.log_tail(30)

    statuses = {k: v for k, v in sorted(result.statuses.items())}
    five_xx = sum(v for k, v in statuses.items() if k.startswith("5"))
    four_xx = sum(v for k, v in statuses.items() if k.startswith("4"))
    errors = result.errors + four_xx
    print()
    print(
        common.table(
            ["requests", "req/s", "p50 ms", "p99 ms", "by status", "socket errors", "4xx", "5xx"],
            [
                [
                    f"{result.requests:,}",
                    f"{result.rps:,.0f}",
                    f"{result.p50_ms:.0f}",
                    f"{result.p99_ms:.0f}",
                    " ".join(f"{k}:{v:,}" for k, v in statuses.items()) or "-",
                    " ".join(f"{k}:{v}" for k, v in result.error_kinds.items()) or "0",
                    four_xx,
                    five_xx,
                ]
            ],
            align="rrrrlrrr",
        )
    )

    rows, flat = [], True
    for pid, values in sorted(sampler.samples.items()):
        first, last, peak = values[0], values[-1], max(values)
        ok = last <= first * MEMORY_FACTOR + MEMORY_SLACK_KB
        flat &= ok
        rows.append(
            [pid, len(values), f"{first / 1024:.1f}", f"{last / 1024:.1f}", f"{peak / 1024:.1f}",
             f"{(last - first) / 1024:+.1f}", "flat" if ok else "GREW"]
        )  # fmt: skip
    restarts = len({pid for pids in sampler.pid_sets for pid in pids}) - len(sampler.pid_sets[0])
    print()
    print(f"worker memory (RSS MiB, sampled every {SAMPLE_EVERY_S:g} s):")
    print(
        common.table(
            ["worker pid", "samples", "first", "last", "max", "change", "memory"],
            rows,
            align="rrrrrrl",
        )
    )
    if restarts:
        print(f"WARNING: {restarts} worker(s) were replaced during the run (crash or timeout)")
    print(f"/healthz after the run: {after}")
    errors_met = errors == 0 and after == 200 and not restarts
    print()
    print(
        f"Target: zero errors: {errors} (socket {result.errors}, 4xx {four_xx}) -> "
        f"{common.verdict(errors_met)}"
    )
    print(f"Target: zero 5xx: {five_xx} -> {common.verdict(five_xx == 0)}")
    print(
        f"Target: memory flat (last <= first x {MEMORY_FACTOR} + 10 MB per worker) -> "
        f"{common.verdict(flat)}"
    )
    if five_xx or errors:
        print("gunicorn log tail:\n" + log_tail)
    return 0 if errors_met and five_xx == 0 and flat else 1


if __name__ == "__main__":
    sys.exit(common.run_script(main))
