"""Reader feedback under load: the page with the form against the page without it, and the
feedback POST's own throughput (stored in SQLite, and in PostgreSQL when --database-url is given:
a test database on 127.0.0.1, which keeps the rows the run adds).

The "without" server uses a settings module (written to a temp folder) whose first template
folder holds an empty `includes/feedback_form.html`, so both serve the same article in the same
run. Targets: the article with the form serves at least 0.9 x the requests/sec without it (the
form is in the memoized bytes, so it should cost nothing); feedback POSTs get no 5xx and no
socket errors, and every 200 is one stored row (plus at most one in flight per connection).

    .venv/bin/python bench/feedback.py [--seconds 10] [--connections 16]
        [--database-url postgres://postgres@127.0.0.1:5440/mesoguide]
"""

import argparse
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

import common

PAGE_TARGET = 0.9
WITHOUT_FORM_SETTINGS = """\
from mesoguide.settings import *  # noqa: F403

TEMPLATES[0]["DIRS"] = [{templates!r}, *TEMPLATES[0]["DIRS"]]  # noqa: F405
"""


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [common.PYTHON, "manage.py", *args], cwd=common.ROOT, env=common.production_env(**env),
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def stored_rows(env: dict[str, str]) -> int:
    code = "from articles.models import Feedback; print(Feedback.objects.count())"
    return int(manage(env, "shell", "-c", code).strip().splitlines()[-1])


def page_ratio(args, tmp: Path) -> tuple[list[list], bool]:
    """Article requests/sec with the form and without it, in alternating rounds."""
    templates = tmp / "templates"
    (templates / "includes").mkdir(parents=True)
    (templates / "includes" / "feedback_form.html").write_text("")
    (tmp / "without_feedback_settings.py").write_text(
        WITHOUT_FORM_SETTINGS.format(templates=str(templates))
    )
    without_env = {
        "DJANGO_SETTINGS_MODULE": "without_feedback_settings",
        "PYTHONPATH": f"{tmp}:{common.ROOT}",
    }
    with common.Gunicorn(workers=2) as with_form, common.Gunicorn(2, without_env) as without:
        article = common.pick_article(with_form.base)
        sizes = {}
        for label, server in (("with form", with_form), ("without form", without)):
            response = common.fetch(server.url(article))
            assert response.status == 200, (label, response.status)
            sizes[label] = len(response.body)
            server.warm_up([article])
        assert b"Was this page useful?" in common.fetch(with_form.url(article)).body
        assert b"Was this page useful?" not in common.fetch(without.url(article)).body
        results = {"with form": [], "without form": []}
        for _ in range(max(1, args.rounds)):
            for label, server in (("with form", with_form), ("without form", without)):
                results[label].append(
                    common.run_load(
                        server.base, article, connections=args.connections,
                        seconds=max(1.0, args.seconds / args.rounds),
                    )
                )  # fmt: skip
    rows, rps = [], {}
    for label, parts in results.items():
        total = sum(r.requests for r in parts)
        seconds = sum(r.seconds for r in parts)
        rps[label] = total / seconds if seconds else 0.0
        bad = sum(r.non_2xx_3xx + r.errors for r in parts)
        p50 = common.median([r.p50_ms for r in parts])
        rows.append([f"article {label}", article, f"{sizes[label]:,}", f"{rps[label]:,.0f}",
                     f"{p50:.1f}", bad])  # fmt: skip
    ratio = rps["with form"] / rps["without form"] if rps["without form"] else 0.0
    print(common.table(["page", "path", "HTML bytes", "req/s", "p50 ms", "failed"], rows,
                       align="llrrrr"))  # fmt: skip
    met = ratio >= PAGE_TARGET
    added = sizes["with form"] - sizes["without form"]
    print(
        f"\nTarget: article with the form >= {PAGE_TARGET} x without it: {ratio:.2f} x "
        f"(+{added:,} bytes) -> {common.verdict(met)}"
    )
    return rows, met


def post_throughput(args, label: str, database_url: str) -> bool:
    """Feedback POSTs with a valid answer against one database; every 200 must be a row."""
    host = urllib.parse.urlsplit(database_url).hostname
    if not database_url.startswith("sqlite:") and host not in {common.HOST, "localhost"}:
        raise ValueError(f"benchmarks only write to a database on {common.HOST}, not {host}")
    env = {"DATABASE_URL": database_url, "MESOGUIDE_FEEDBACK_PER_HOUR": "1000000000"}
    manage(env, "migrate", "--no-input", "-v", "0")
    before = stored_rows(env)
    with common.Gunicorn(workers=2, extra_env=env) as server:
        article = common.pick_article(server.base)
        body = urllib.parse.urlencode({"page": article, "answer": "no"}).encode()
        headers = (
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Origin", server.base),
            ("Accept", "application/json"),
        )
        spec = common.RequestSpec("POST", "/feedback/", body=body, headers=headers, label="post")
        server.warm_up(["/healthz"], rounds=2)
        result = common.run_load(
            server.base, "/feedback/", connections=args.connections, seconds=args.seconds,
            requests=[spec], timeout_s=10, statuses=True,
        )  # fmt: skip
    rows = stored_rows(env) - before
    ok = result.statuses.get("200", 0) or result.statuses.get("2xx/3xx", 0)
    five_xx = sum(n for status, n in result.statuses.items() if status.startswith("5"))
    statuses = ", ".join(f"{s}: {n}" for s, n in sorted(result.statuses.items()))
    print(
        common.table(
            ["database", "req/s", "p50 ms", "p99 ms", "requests", "statuses", "sock err", "rows"],
            [[label, f"{result.rps:,.0f}", f"{result.p50_ms:.1f}", f"{result.p99_ms:.1f}",
              result.requests, statuses, result.errors, rows]],
            align="lrrrrlrr",
        )
    )  # fmt: skip
    # Answers still in flight when the load generator stops are stored but not counted.
    met = ok > 0 and five_xx == 0 and result.errors == 0 and ok <= rows <= ok + args.connections
    print(f"Target ({label}): no 5xx, no socket errors, every 200 stored ({ok} answers counted, "
          f"{rows} rows) -> {common.verdict(met)}")  # fmt: skip
    return met


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10, help="per measurement (default 10)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent (default 16)")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds (default 2)")
    parser.add_argument("--database-url", help="also measure POSTs against this database")
    args = parser.parse_args(argv)

    common.section("Feedback: page throughput with and without the form; feedback POSTs")
    print(f"load generator: {common.load_tool_name()}; {args.connections} connections")
    with tempfile.TemporaryDirectory(prefix="mesoguide-feedback-") as tmp:
        _, page_met = page_ratio(args, Path(tmp))
        print()
        sqlite_url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        posts_met = post_throughput(args, "SQLite", sqlite_url)
        if args.database_url:
            print()
            posts_met &= post_throughput(args, "PostgreSQL", args.database_url)
    return 0 if page_met and posts_met else 1


if __name__ == "__main__":
    sys.exit(common.run_script(main))
