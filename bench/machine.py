"""Where things are on this machine: paths, tools, free ports, memory and CPU facts."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python") if (VENV_BIN / "python").exists() else sys.executable
GUNICORN = str(VENV_BIN / "gunicorn")
GUNICORN_CONF = ROOT / "mesoguide" / "gunicorn.conf.py"
HOST = "127.0.0.1"

# A hard ceiling on the number of requests any single measurement may send.
MAX_REQUESTS_PER_RUN = 2_000_000

TOOLS = {"wrk": "wrk", "nginx": "nginx-light"}


# --------------------------------------------------------------------------- tools


def find_tool(name: str, quiet: bool = False) -> str | None:
    """Path of a Debian-installed tool, or None with a clear message on how to get it.

    BENCH_NO_WRK=1 / BENCH_NO_NGINX=1 pretend the tool is missing (to test the fallbacks).
    """
    if os.environ.get(f"BENCH_NO_{name.upper()}"):
        path = None
    else:
        path = shutil.which(name) or next(
            (p for p in (f"/usr/sbin/{name}", f"/usr/bin/{name}") if os.access(p, os.X_OK)), None
        )
    if path is None and not quiet:
        print(
            f"NOTE: `{name}` is not installed. Install it with: "
            f"apt-get install -y {TOOLS.get(name, name)}",
            file=sys.stderr,
        )
    return path


_handed_out: set[int] = set()


def free_port() -> int:
    """A free port: the first free one in BENCH_PORTS (e.g. 8120-8129) if set, else any."""
    first, _, last = os.environ.get("BENCH_PORTS", "").partition("-")
    candidates = range(int(first), int(last or first) + 1) if first else [0]
    for port in candidates:
        if port in _handed_out:
            continue  # chosen for a server that may not have bound it yet
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind((HOST, port))
            except OSError:
                continue
            port = sock.getsockname()[1]
            _handed_out.add(port)
            return port
    raise RuntimeError(f"no free port in BENCH_PORTS={os.environ['BENCH_PORTS']}")


def rss_kb(pid: int) -> int | None:
    """Resident set size of a process in KiB (ps; /proc as a fallback)."""
    try:
        out = subprocess.run(
            ["ps", "-o", "rss=", "-p", str(pid)], capture_output=True, text=True, timeout=10
        ).stdout.strip()
        if out:
            return int(out)
    except (OSError, ValueError, subprocess.TimeoutExpired):
        pass
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


# --------------------------------------------------------------------------- site URLs


def machine_info() -> str:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    wrk = find_tool("wrk", quiet=True) or "missing"
    nginx = find_tool("nginx", quiet=True) or "missing"
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"CPUs (nproc): {os.cpu_count()}   CPU: {cpu}   RAM: {mem}\n"
        f"Python {sys.version.split()[0]}   wrk: {wrk}   nginx: {nginx}   load average: {load}"
    )
