"""The clinic kit under gunicorn: how long every PDF handout takes to build, and the content
API's throughput relative to an article page.

A handout is built once per process per page and paper size, so the first request pays for
WeasyPrint and every later one is a memo lookup. Target: the API list and one API page serve
at least 0.8 x an article page's requests/sec in the same run.

    .venv/bin/python bench/clinic_kit.py [--seconds 6] [--connections 16]
"""

import argparse
import sys
import time

import common

TARGET_RATIO = 0.8


def handout_pages(base: str) -> list[str]:
    pages = [
        p for p in common.sitemap_paths(base) if p.startswith("/articles/") and p != "/articles/"
    ]
    return ["/warning-signs/", *pages, *common.checklist_paths(base)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=6, help="per path (default 6)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent (default 16)")
    args = parser.parse_args(argv)

    common.section("Clinic kit: handout build times and API throughput (gunicorn, 1 worker)")
    # One worker, so each handout below is built exactly once and then served from the memo.
    with common.Gunicorn(workers=1) as server:
        rows, total, slowest, failed = [], 0.0, (0.0, ""), 0
        for page in handout_pages(server.base):
            for paper in ("a4", "letter"):
                url = server.url(f"{page}handout.pdf?paper={paper}")
                started = time.perf_counter()
                first = common.fetch(url)
                cold = time.perf_counter() - started
                started = time.perf_counter()
                common.fetch(url)
                warm = time.perf_counter() - started
                failed += first.status != 200
                total += cold
                slowest = max(slowest, (cold, f"{page} ({paper})"))
                rows.append(
                    [page, paper, first.status, f"{cold * 1000:,.0f}", f"{warm * 1000:.1f}"]
                )
        print(common.table(["page", "paper", "status", "first ms", "again ms"], rows, "llrrr"))
        print(
            f"\n{len(rows)} handouts built in {total:.1f} s in all; slowest {slowest[0]:.2f} s "
            f"({slowest[1]}); {failed} failed"
        )

        article = common.pick_article(server.base)
        paths = [article, "/api/v1/pages/", f"/api/v1/pages{article}"]
        server.warm_up(paths)
        results = common.run_interleaved(
            server.base, paths, args.seconds, connections=args.connections
        )
        floor = results[article].rps
        table = []
        for path in paths:
            r = results[path]
            ratio = r.rps / floor if floor else 0.0
            table.append([path, f"{r.rps:,.0f}", f"{r.p99_ms:.1f}", f"{ratio:.2f}", r.non_2xx_3xx])
        print()
        print(common.table(["path", "req/s", "p99 ms", "x article", "non-2xx"], table, "lrrrr"))
        worst = min(results[p].rps for p in paths[1:]) / floor if floor else 0.0
        met = worst >= TARGET_RATIO and not failed
        print(f"\nTarget: API >= {TARGET_RATIO} x article: {worst:.2f} x -> {common.verdict(met)}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(common.run_script(main))
