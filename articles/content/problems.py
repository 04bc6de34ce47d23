"""What can be wrong with a content file, worded for the editor who must fix it."""

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ContentProblem:
    """One thing wrong with a content file, at a line."""

    path: Path
    line: int
    message: str
    severity: str = "error"  # or "warning"

    def __str__(self):
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}: {prefix}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class FileProblems(Exception):
    """The file cannot be read at all; its problems are carried to the loader."""

    def __init__(self, problems: list[ContentProblem]):
        super().__init__(problems)
        self.problems = problems

    @classmethod
    def one(cls, path: Path, line: int, message: str) -> "FileProblems":
        return cls([ContentProblem(path, line, message)])


class Problems:
    """Collects the problems of one file, with the line each top-level key sits on."""

    def __init__(self, path: Path, key_lines: dict[str, int] | None = None, default_line=1):
        self.path = path
        self.key_lines = key_lines or {}
        self.default_line = default_line
        self.problems: list[ContentProblem] = []

    def line(self, key: str) -> int:
        return self.key_lines.get(key, self.default_line)

    def error(self, key: str, message: str, line: int | None = None):
        self.problems.append(ContentProblem(self.path, line or self.line(key), message))

    def warning(self, key: str, message: str, line: int | None = None):
        self.problems.append(ContentProblem(self.path, line or self.line(key), message, "warning"))

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)
