"""Does the site stay fast with 1,000 articles? Start-up time, memory, time per request.

A temporary content folder holds a copy of the real content plus 1,000 generated articles
(valid front matter, ~400 plain words, 4 headings, 3 cited sources). Reported:

* start-up: `articles.content.load()` in a fresh process (DEBUG on, as the brief for
  editors' previews), median of 3 runs, and that process's peak RSS;
* time per request in-process (Django test Client, production settings), for the same
  real article on the small and the large site, measured in alternating chunks so that
  other activity on the machine falls on both.

Targets: start-up < 5 s; an article request on the large site within 10% of the small site.

    .venv/bin/python bench/content_scale.py [--articles 1000] [--requests 2000] [--runs 3]
"""

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import common
from scale_children import TimingChild, load_once
from synthetic_site import build_large_site

STARTUP_TARGET_S = 5.0
REQUEST_TARGET = 1.10  # large-site median <= 1.10 x small-site median


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000, help="generated (default 1000)")
    parser.add_argument("--requests", type=int, default=2000, help="per page (default 2000)")
    parser.add_argument("--runs", type=int, default=3, help="start-up runs (default 3)")
    parser.add_argument("--chunks", type=int, default=10, help="alternations (default 10)")
    args = parser.parse_args(argv)
    common.section(f"Content scale: the real site vs the real site + {args.articles:,} articles")
    common.collectstatic()  # production settings need the static manifest

    tmp = Path(tempfile.mkdtemp(prefix="mesoguide-scale-"))
    try:
        t0 = time.perf_counter()
        large = build_large_site(tmp, args.articles)
        small = common.ROOT / "content"
        print(
            f"generated {args.articles:,} articles in {time.perf_counter() - t0:.1f} s "
            f"({sum(f.stat().st_size for f in (large / 'articles').glob('synthetic-*.md')):,} "
            f"bytes) into a temporary folder"
        )

        # ---- start-up
        loads = {}
        for name, folder in (("small (real content)", small), ("large", large)):
            loads[name] = [load_once(folder) for _ in range(max(1, args.runs))]
        synthetic_errors = loads["large"][0]["synthetic_error_count"]
        if synthetic_errors:
            print(f"WARNING: {synthetic_errors} generated files were rejected, e.g.:")
            for line in loads["large"][0]["synthetic_errors"]:
                print("   ", line)
        print()
        print(
            common.table(
                ["site", "articles", "load() median s", "runs (s)", "peak RSS MiB", "errors"],
                [
                    [
                        name,
                        runs[0]["articles"],
                        f"{statistics.median(r['seconds'] for r in runs):.2f}",
                        " ".join(f"{r['seconds']:.2f}" for r in runs),
                        f"{max(r['maxrss_kb'] for r in runs) / 1024:.0f}",
                        runs[0]["errors"],
                    ]
                    for name, runs in loads.items()
                ],
            )
        )
        startup = statistics.median(r["seconds"] for r in loads["large"])

        # ---- per request
        children = {}
        try:
            children["small"] = TimingChild(small)
            children["large"] = TimingChild(large)
            # The same real article on both sites, so only the number of articles differs.
            probe = children["small"].run("/articles/what-is-mesotherapy/", 1, 10)
            article = "/articles/what-is-mesotherapy/"
            if probe["statuses"] != [200]:
                article = next(
                    f"/articles/{p.stem}/" for p in sorted((small / "articles").glob("*.md"))
                )
                print(f"NOTE: using {article} (what-is-mesotherapy did not answer 200)")
            pages = [
                ("article (same page)", article, args.requests, 60),
                ("generated article", "/articles/synthetic-article-0500/", args.requests // 8, 20),
                ("articles index", "/articles/", max(20, args.requests // 60), 8),
                ("home", "/", max(20, args.requests // 60), 8),
                ("search ?q=infection", "/search/?q=infection", max(20, args.requests // 60), 8),
            ]
            times = {(site, path): [] for site in children for _, path, _, _ in pages}
            statuses = {key: set() for key in times}
            for _, path, _, _ in pages:  # warm each page once (templates, caches)
                for child in children.values():
                    child.run(path, 3, 10)
            chunks = max(1, args.chunks)
            for _ in range(chunks):
                for _, path, count, cap in pages:
                    for site, child in children.items():
                        answer = child.run(path, max(1, count // chunks), cap / chunks)
                        times[site, path] += answer["times"]
                        statuses[site, path].update(answer["statuses"])
        finally:
            for child in children.values():
                child.close()

        rows = []
        for label, path, _, _ in pages:
            small_t, large_t = times["small", path], times["large", path]
            small_med = statistics.median(small_t) if small_t else float("nan")
            large_med = statistics.median(large_t)
            rows.append(
                [
                    label,
                    path,
                    f"{small_med:.2f}" if small_t and 200 in statuses["small", path] else "404",
                    f"{pct(small_t, 95):.2f}"
                    if small_t and 200 in statuses["small", path]
                    else "-",
                    f"{large_med:.2f}",
                    f"{pct(large_t, 95):.2f}",
                    f"{large_med / small_med:.2f}" if 200 in statuses["small", path] else "-",
                    f"{len(small_t)}/{len(large_t)}",
                    ",".join(map(str, sorted(statuses["large", path]))),
                ]
            )
        print()
        print("time per request, in-process (Django test Client, production settings), ms:")
        print(
            common.table(
                [
                    "page",
                    "path",
                    "small p50",
                    "small p95",
                    "large p50",
                    "large p95",
                    "large/small",
                    "requests",
                    "status",
                ],
                rows,
                align="llrrrrrrl",
            )
        )
        ratio = statistics.median(times["large", article]) / statistics.median(
            times["small", article]
        )
        startup_met = startup < STARTUP_TARGET_S and not synthetic_errors
        request_met = ratio <= REQUEST_TARGET
        print()
        print(
            f"Target: start-up with {loads['large'][0]['articles']:,} articles < "
            f"{STARTUP_TARGET_S:g} s: {startup:.2f} s -> {common.verdict(startup_met)}"
        )
        print(
            f"Target: article request on the large site within 10% of the small site: "
            f"{ratio:.2f} x -> {common.verdict(request_met)}"
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if startup_met and request_met else 1


if __name__ == "__main__":
    sys.exit(common.run_script(main))
