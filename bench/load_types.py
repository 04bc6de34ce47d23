"""What a load run sends and what it measured (shared by the wrk and Python generators)."""

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class LoadResult:
    tool: str
    seconds: float
    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int = 0  # socket errors, timeouts
    statuses: Counter = field(default_factory=Counter)
    error_kinds: Counter = field(default_factory=Counter)
    raw: str = ""

    @property
    def non_2xx_3xx(self) -> int:
        return sum(
            n for s, n in self.statuses.items() if s != "2xx/3xx" and not s.startswith(("2", "3"))
        )


@dataclass(frozen=True)
class RequestSpec:
    method: str
    path: str
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    label: str = ""
