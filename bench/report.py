"""How results are printed: sections, verdicts, tables, and the script wrapper."""

import os
import signal
import statistics
import sys


def section(title: str):
    print()
    print(title)
    print("=" * len(title))
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"machine: {os.cpu_count()} CPUs, load average {load}")


def verdict(ok: bool) -> str:
    return "MET" if ok else "NOT MET"


def table(headers: list[str], rows: list[list], align: str | None = None) -> str:
    """A plain-text table; `align` is one char per column, 'l' or 'r' (default: l then r)."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    align = align or "l" + "r" * (len(headers) - 1)

    def fmt(row):
        return "  ".join(
            c.ljust(w) if a == "l" else c.rjust(w)
            for c, w, a in zip(row, widths, align, strict=True)
        ).rstrip()

    lines = [fmt(cells[0]), "  ".join("-" * w for w in widths)]
    lines += [fmt(r) for r in cells[1:]]
    return "\n".join(lines)


# --------------------------------------------------------------------------- environment


def run_script(main) -> int:
    """Run a benchmark's main(): exit 0 = targets met, 1 = a target not met, 2 = could not run.

    SIGTERM (e.g. from run_all's timeout) becomes SystemExit, so every `with` block still
    stops the servers it started.
    """
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        return main()
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except FileNotFoundError as exc:
        print(f"COULD NOT RUN: {exc}", file=sys.stderr)
        return 2
    except Exception:
        import traceback

        traceback.print_exc()
        print("COULD NOT RUN: see the error above", file=sys.stderr)
        return 2


def median(values):
    return statistics.median(values) if values else float("nan")
