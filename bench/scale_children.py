"""The child processes content_scale.py measures in: one loads the content, one times requests.

Each runs in a fresh interpreter so start-up time and memory are those of a real process.
"""

import json
import subprocess
import threading
from pathlib import Path

import common

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
