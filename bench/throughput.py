"""Throughput of each page type under gunicorn (2 workers), as a ratio of /healthz.

/healthz touches neither content nor templates: it is the framework's floor. Every request
says `Accept-Encoding: br, gzip`, as browsers do, so pages are sent compressed (from the
memo: compressed once, not per request). Target: an article page serves at least 0.8 x the
requests/sec of /healthz in the same run.

    .venv/bin/python bench/throughput.py [--seconds 10] [--connections 32]
"""

import argparse
import sys

import common

TARGET_RATIO = 0.8
ACCEPT = {"Accept-Encoding": "br, gzip"}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10, help="per page (default 10)")
    parser.add_argument("--connections", type=int, default=32, help="concurrent (default 32)")
    parser.add_argument(
        "--rounds", type=int, default=2, help="alternate the pages this many times (default 2)"
    )
    args = parser.parse_args(argv)

    common.section("Throughput: gunicorn as `make serve` runs it (2 gthread workers), production")
    tool = common.load_tool_name()
    print(
        f"load generator: {tool}; {args.connections} connections, {args.seconds:g} s per page "
        f"in {args.rounds} alternating rounds; Accept-Encoding: br, gzip"
    )

    with common.Gunicorn(workers=2) as server:
        article = common.pick_article(server.base)
        checklists = common.checklist_paths(server.base)
        checklist = (
            "/checklists/practitioner/"
            if "/checklists/practitioner/" in checklists
            else (checklists[0] if checklists else None)
        )
        pages = [
            ("healthz (floor)", "/healthz"),
            ("home", "/"),
            ("article", article),
            ("warning signs", "/warning-signs/"),
        ]
        if checklist:
            pages.append(("checklist form", checklist))
        for _, path in pages:
            status = common.fetch(server.url(path)).status
            if status != 200:
                print(f"WARNING: {path} answered {status}, not 200")
        server.warm_up([p for _, p in pages])

        common.run_load(server.base, article, connections=args.connections, seconds=1)
        by_path = common.run_interleaved(
            server.base, [p for _, p in pages], args.seconds, rounds=args.rounds,
            connections=args.connections, headers=ACCEPT,
        )  # fmt: skip
        results = {label: by_path[path] for label, path in pages}
        rows = []
        floor = results["healthz (floor)"].rps
        for label, path in pages:
            r = results[label]
            rows.append(
                [label, path, f"{r.rps:,.0f}", f"{r.p50_ms:.1f}", f"{r.p99_ms:.1f}",
                 f"{r.rps / floor:.2f}" if floor else "n/a", r.requests,
                 r.non_2xx_3xx, r.errors]
            )  # fmt: skip
        print()
        print(
            common.table(
                [
                    "page",
                    "path",
                    "req/s",
                    "p50 ms",
                    "p99 ms",
                    "x healthz",
                    "requests",
                    "non-2xx",
                    "sock err",
                ],
                rows,
                align="llrrrrrrr",
            )
        )
        ratio = results["article"].rps / floor if floor else 0.0
        met = ratio >= TARGET_RATIO
        print()
        print(
            f"Target: article >= {TARGET_RATIO} x healthz: {ratio:.2f} x "
            f"({results['article'].rps:,.0f} vs {floor:,.0f} req/s) -> {common.verdict(met)}"
        )
        bad = sum(r.non_2xx_3xx + r.errors for r in results.values())
        if bad:
            print(f"WARNING: {bad} failed requests; gunicorn log tail:\n{server.log_tail()}")
    return 0 if met and not bad else 1


if __name__ == "__main__":
    sys.exit(common.run_script(main))
