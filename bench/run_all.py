"""Run every benchmark in order, print a summary, and save the output to bench/results/.

    .venv/bin/python bench/run_all.py            # documented defaults (about 6 minutes)
    .venv/bin/python bench/run_all.py --quick    # short runs (about 3 minutes), for a smoke test

Exit status: 0 every target met, 1 some target not met, 2 some benchmark could not run.
"""

import argparse
import datetime
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import common

RESULTS = common.BENCH / "results"

# (script, default arguments, --quick arguments, time limit in seconds)
BENCHMARKS = [
    ("throughput.py", ["--seconds", "10", "--connections", "32"], ["--seconds", "3"], 300),
    ("cdn_proxy.py", ["--seconds", "10", "--connections", "32"], ["--seconds", "3"], 300),
    (
        "content_scale.py",
        ["--articles", "1000", "--requests", "2000", "--runs", "3"],
        ["--articles", "1000", "--requests", "400", "--runs", "1", "--chunks", "4"],
        900,
    ),
    ("page_weight.py", [], [], 300),
    ("load_test.py", ["--seconds", "60", "--connections", "64"], ["--seconds", "15"], 300),
    ("slow_clients.py", ["--seconds", "20"], ["--seconds", "8"], 300),
    ("feedback.py", ["--seconds", "10"], ["--seconds", "3", "--rounds", "1"], 300),
    ("clinic_kit.py", ["--seconds", "6"], ["--seconds", "2"], 900),
    ("content_speed.py", [], [], 300),
    ("memo_vs_cache.py", [], ["--repeat", "500"], 300),
]
OUTCOMES = {
    0: "all targets MET",
    1: "target NOT MET",
    2: "could not run / skipped",
    130: "interrupted",
}


class Tee:
    def __init__(self, path: Path):
        self.file = path.open("w", encoding="utf-8")

    def write(self, text: str):
        sys.stdout.write(text)
        sys.stdout.flush()
        self.file.write(text)
        self.file.flush()

    def close(self):
        self.file.close()


def git_describe() -> str:
    """The commit and whether the tree has local changes (read-only git commands)."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=common.ROOT, capture_output=True, text=True, timeout=10,
        ).stdout.strip()  # fmt: skip
        dirty = subprocess.run(
            ["git", "status", "--porcelain"],
            cwd=common.ROOT, capture_output=True, text=True, timeout=10,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return f"{head or 'unknown'}{' + uncommitted changes' if dirty else ''}"


def run_one(script: str, args: list[str], limit: int, out: Tee) -> int:
    proc = subprocess.Popen(
        [common.PYTHON, "-u", str(common.BENCH / script), *args],
        cwd=common.ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    timed_out = threading.Event()

    def stop():
        # SIGTERM: the script stops the servers it started, then exits.
        timed_out.set()
        proc.send_signal(signal.SIGTERM)

    watchdog = threading.Timer(limit, stop)
    watchdog.start()
    try:
        for line in proc.stdout:
            out.write(line)
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    finally:
        watchdog.cancel()
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=60)
    if timed_out.is_set():
        out.write(f"\n{script}: stopped after its {limit} s limit\n")
        return 2
    return proc.returncode if proc.returncode in OUTCOMES else 2


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short runs for a smoke test")
    parser.add_argument("--only", nargs="+", metavar="SCRIPT", help="e.g. --only page_weight")
    args = parser.parse_args(argv)

    RESULTS.mkdir(exist_ok=True)
    out = Tee(RESULTS / ("latest-quick.txt" if args.quick else "latest.txt"))
    started = time.monotonic()
    summary = []
    try:
        out.write("Mesoguide benchmarks\n")
        out.write(f"date: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}   ")
        out.write(f"commit: {git_describe()}   mode: {'quick' if args.quick else 'default'}\n")
        out.write(common.machine_info() + "\n")
        if not common.find_tool("wrk", quiet=True):
            out.write(
                "NOTE: wrk missing (apt-get install -y wrk): using the Python load generator\n"
            )
        if not common.find_tool("nginx", quiet=True):
            out.write(
                "NOTE: nginx missing (apt-get install -y nginx-light): cdn_proxy is skipped\n"
            )
        for script, default_args, quick_args, limit in BENCHMARKS:
            if args.only and script.removesuffix(".py") not in {
                s.removesuffix(".py") for s in args.only
            }:
                continue
            begun = time.monotonic()
            code = run_one(script, quick_args if args.quick else default_args, limit, out)
            summary.append((script, code, time.monotonic() - begun))
        out.write("\n\nSummary\n=======\n")
        out.write(
            common.table(
                ["benchmark", "result", "exit", "seconds"],
                [[s, OUTCOMES.get(c, "could not run"), c, f"{t:.0f}"] for s, c, t in summary],
                align="llrr",
            )
            + "\n"
        )
        out.write(f"total: {time.monotonic() - started:.0f} s; load average now: "
                  f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")  # fmt: skip
        out.write(f"saved to {out.file.name}\n")
    finally:
        out.close()
    codes = {c for _, c, _ in summary}
    return 2 if codes - {0, 1} else (1 if 1 in codes else 0)


if __name__ == "__main__":
    sys.exit(main())
