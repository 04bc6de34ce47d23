"""Print the mutation score from mutmut's results (run after `mutmut run`)."""

import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 0.90


def main() -> int:
    out = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "mutmut"), "results", "--all", "true"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    ).stdout  # fmt: skip
    states = Counter(line.rsplit(": ", 1)[-1].strip() for line in out.splitlines() if ": " in line)
    killed = states["killed"] + states["timeout"]
    judged = killed + states["survived"]
    score = killed / judged if judged else 0.0
    print(", ".join(f"{state}: {count}" for state, count in sorted(states.items())))
    print(f"mutation score: {killed}/{judged} = {score:.1%} (target {TARGET:.0%})")
    for line in out.splitlines():
        if line.strip().endswith(": survived"):
            print("  survived:", line.strip().rsplit(":", 1)[0])
    return 0 if score >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
