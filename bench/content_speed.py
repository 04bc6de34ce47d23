"""How long loading takes: the real content, and the worst files within the size limit.

Each worst case is one file of the kind that used to render in quadratic time (30,000 empty
`##` lines took 54 s). Target: every file within the size limit loads in under 2 s.

    .venv/bin/python bench/content_speed.py
"""

import os
import sys
import tempfile
import time
from pathlib import Path

import common

TARGET_SECONDS = 2.0


def _setup():
    sys.path.insert(0, str(common.ROOT))
    os.environ.update(common.production_env())
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    import django

    django.setup()


def main(argv=None) -> int:
    _setup()
    from articles.content import load
    from tests.engine.test_linear_loading import CASES, FM

    common.section("Content loading time")
    started = time.perf_counter()
    registry = load(common.ROOT / "content", log=False)
    real = time.perf_counter() - started
    rows = [["the real content", f"{len(registry.documents) + len(registry.checklists)} files",
             f"{real:.2f}", "loaded"]]  # fmt: skip
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "pages").mkdir()
        for name, body in CASES.items():
            path = root / "pages" / "big.md"
            path.write_text(FM + "\n" + body)
            started = time.perf_counter()
            result = load(root, log=False)
            elapsed = time.perf_counter() - started
            worst = max(worst, elapsed)
            refused = [p.message for p in result.problems if p.is_error]
            outcome = "rendered" if "big" in result.pages else f"refused: {refused[0][:50]}"
            rows.append([name, f"{path.stat().st_size:,} B", f"{elapsed:.2f}", outcome])
    print(common.table(["file", "size", "seconds", "outcome"], rows, align="lrrl"))
    met = worst < TARGET_SECONDS
    print()
    print(f"Target: any file within the size limit loads in < {TARGET_SECONDS:g} s: slowest "
          f"{worst:.2f} s -> {common.verdict(met)}")  # fmt: skip
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(common.run_script(main))
