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
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import common

STARTUP_TARGET_S = 5.0
REQUEST_TARGET = 1.10  # large-site median <= 1.10 x small-site median
SECTIONS = ["basics", "evidence", "safety", "before", "after", "reference"]

SUBJECTS = ["You", "Your doctor", "The nurse", "A clinic", "The mix", "Each shot", "This step"]
VERBS = ["can cause", "may help with", "should check", "will show", "does not fix", "can hide"]
ENDINGS = [
    "a small red lump",
    "some pain for a day",
    "a rash on the skin",
    "a scar that stays",
    "the fat under the skin",
    "the hair on your scalp",
    "a sign to get help",
    "the risk of a slow infection",
]


def sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(ENDINGS)}."


def paragraph(rng: random.Random, sentences: int, cite: int) -> str:
    text = " ".join(sentence(rng) for _ in range(sentences))
    return f"{text[:-1]}.[^{cite}]"


def article_text(number: int, rng: random.Random) -> str:
    section = SECTIONS[number % len(SECTIONS)]
    headings = ["What it is", "What can go wrong", "What to ask", "When to get help"]
    body = []
    for index, heading in enumerate(headings):
        body.append(f"## {heading} {number}")
        # 11 short sentences (~9 words) per heading: ~100 words each, ~400 in all.
        body.append(paragraph(rng, 5, 1 + index % 3))
        body.append(paragraph(rng, 6, 1 + (index + 1) % 3))
    sources = "\n".join(
        f"""  - title: "Synthetic source {n} for article {number}"
    publisher: Journal of Examples
    year: {2010 + n}
    url: https://pubmed.ncbi.nlm.nih.gov/{30_000_000 + number * 10 + n}/
    type: {kind}"""
        for n, kind in ((1, "systematic-review"), (2, "study"), (3, "review"))
    )
    return f"""---
title: "Synthetic article {number:04d}: a plain guide"
summary: "A generated page used to test how the site copes with many articles ({number})."
section: {section}
order: {1000 + number}
reviewed: 2026-11-01
next_review: 2027-11-01
sources:
{sources}
---

{chr(10).join(part + chr(10) for part in body)}"""


def build_large_site(root: Path, articles: int) -> Path:
    """A copy of the real content plus `articles` generated articles."""
    content = root / "content-large"
    real = common.ROOT / "content"
    shutil.copytree(real, content, ignore=shutil.ignore_patterns("*.swp", "*~", ".*"))
    rng = random.Random(20261128)
    folder = content / "articles"
    folder.mkdir(exist_ok=True)
    for number in range(1, articles + 1):
        (folder / f"synthetic-article-{number:04d}.md").write_text(article_text(number, rng))
    return content


# --------------------------------------------------------------------------- child processes

CHILD_LOAD = """
import json, os, resource, sys, time
import django
django.setup()
from articles import content
t0 = time.perf_counter()
registry = content.load(os.environ["MESOGUIDE_CONTENT_DIR"], log=False)
elapsed = time.perf_counter() - t0
synthetic = [p for p in registry.problems
             if p.severity == "error" and "synthetic-article" in str(p.path)]
print(json.dumps({
    "seconds": elapsed,
    "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "articles": len(registry.articles),
    "errors": len(registry.errors),
    "synthetic_errors": [str(p) for p in synthetic[:3]],
    "synthetic_error_count": len(synthetic),
}))
"""

# Serves timing requests: reads "PATH COUNT" lines, answers one JSON line of times (ms).
CHILD_REQUESTS = """
import gc, json, sys, time
import django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="localhost")
print(json.dumps({"ready": client.get("/healthz").status_code}), flush=True)
for line in sys.stdin:
    path, count, cap_s = line.split()
    times, statuses = [], set()
    deadline = time.monotonic() + float(cap_s)
    for _ in range(int(count)):
        t0 = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - t0) * 1000)
        statuses.add(response.status_code)
        if time.monotonic() > deadline:
            break
    print(json.dumps({"times": times, "statuses": sorted(statuses)}), flush=True)
"""


def load_once(content_dir: Path) -> dict:
    env = common.production_env(DJANGO_DEBUG="true", MESOGUIDE_CONTENT_DIR=str(content_dir))
    result = subprocess.run(
        [common.PYTHON, "-c", CHILD_LOAD],
        cwd=common.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode:
        raise RuntimeError(f"load child failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


class TimingChild:
    """A Django process (production settings) that times requests when asked."""

    def __init__(self, content_dir: Path):
        env = common.production_env(MESOGUIDE_CONTENT_DIR=str(content_dir))
        self.proc = subprocess.Popen(
            [common.PYTHON, "-c", CHILD_REQUESTS],
            cwd=common.ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
        )
        ready = json.loads(self._readline(120))
        if ready.get("ready") != 200:
            raise RuntimeError(f"timing child not ready: {ready}")

    def _readline(self, timeout: float) -> str:
        # The child answers each command with one line; a watchdog bounds the wait.
        import threading

        box = []
        reader = threading.Thread(target=lambda: box.append(self.proc.stdout.readline()))
        reader.daemon = True
        reader.start()
        reader.join(timeout)
        if not box or not box[0]:
            raise RuntimeError("timing child did not answer")
        return box[0]

    def run(self, path: str, count: int, cap_s: float) -> dict:
        self.proc.stdin.write(f"{path} {count} {cap_s}\n")
        self.proc.stdin.flush()
        return json.loads(self._readline(cap_s + 120))

    def close(self):
        if self.proc.stdin:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            common.stop_group(self.proc)


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
