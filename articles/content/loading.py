"""Find the content files, parse them (in parallel for a large site), and keep the result.

The registry is built once per process; in DEBUG it is rebuilt when a file changes. Whenever
it is built again, `content_changed` is sent, so caches of pages made from it start over.
"""

import hashlib
import logging
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import django.dispatch
from django.conf import settings
from django.utils import translation

from . import languages
from .checklists import parse_checklist
from .documents import Parsed, parse_document
from .problems import ContentProblem
from .site import Registry, build
from .tools import parse_tool

logger = logging.getLogger("mesoguide.content")

PARALLEL_FROM_FILES = 200
# Sent (with no arguments) after the content is loaded again or forgotten.
content_changed = django.dispatch.Signal()


def discover(content_dir: Path) -> list[tuple[Path, str, str]]:
    """Every content file of every edition, with its kind and language, in a stable order."""
    return [
        (path, kind, language)
        for language in languages.ALL
        for path, kind in _discover_edition(languages.content_dir(content_dir, language))
    ]


def _discover_edition(content_dir: Path) -> list[tuple[Path, str]]:
    found = []
    warning_signs = content_dir / "warning-signs.md"
    if warning_signs.exists() or warning_signs.is_symlink():
        found.append((warning_signs, "warning-signs"))
    for folder, kind, pattern in (
        ("articles", "article", "*.md"),
        ("pages", "page", "*.md"),
        ("checklists", "checklist", "*.yaml"),
        ("tools", "tool", "*.yaml"),
    ):
        directory = content_dir / folder
        if directory.is_dir():
            found.extend((path, kind) for path in sorted(directory.glob(pattern)))
    return found


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except (OSError, ValueError, RuntimeError):
        return False
    return True


def parse_file(job: tuple[Path, str, str, Path]) -> Parsed:
    """One file's item, problems and links; never raises.

    The file's language is active while it is parsed, so what rendering adds (care-card
    labels, the numbers line) is in the page's own language.
    """
    path, kind, language, content_dir = job
    if not _inside(path, content_dir):
        return Parsed(None, (ContentProblem(path, 1, "points outside the content folder"),))
    try:
        with translation.override(language):
            if kind == "checklist":
                return parse_checklist(path, language)
            if kind == "tool":
                return parse_tool(path, language)
            return parse_document(
                path, kind, languages.content_dir(content_dir, language), language
            )
    except Exception as exc:  # a bug of ours must cost one file, not the whole site
        logger.exception("could not load %s", path)
        message = f"could not be loaded (internal error {type(exc).__name__}): please report it"
        return Parsed(None, (ContentProblem(path, 1, message),))


def _parse_all(files: list[tuple[Path, str, str]], content_dir: Path) -> list[Parsed]:
    """Parse every file; a large site is spread over the CPUs (rendering is CPU-bound).

    Small sites stay in-process: starting workers costs more than it saves. Fork keeps the
    configured Django settings; anything that goes wrong with the pool falls back to serial.
    """
    jobs = [(path, kind, language, content_dir) for path, kind, language in files]
    cpus = os.cpu_count() or 1
    if len(jobs) >= PARALLEL_FROM_FILES and cpus > 1 and threading.active_count() == 1:
        try:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=min(cpus, 8), mp_context=context) as pool:
                return list(pool.map(parse_file, jobs, chunksize=16))
        except Exception as exc:  # any pool failure: the serial load below still works
            logger.warning("parallel content load failed (%s); loading serially", exc)
    return [parse_file(job) for job in jobs]


def load(
    content_dir: Path | None = None, include_drafts: bool | None = None, log: bool = True
) -> Registry:
    """Read every content file and build the registry. Never raises for a bad file."""
    content_dir = Path(content_dir or settings.MESOGUIDE_CONTENT_DIR)
    include_drafts = settings.DEBUG if include_drafts is None else include_drafts
    registry = build(_parse_all(discover(content_dir), content_dir), include_drafts)
    for problem in registry.problems if log else ():
        (logger.error if problem.is_error else logger.warning)("%s", problem)
    return registry


def content_fingerprint(content_dir: Path) -> str:
    """A cheap digest of every content file's name, size and modification time."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(content_dir.rglob("*")):
        try:
            stat = path.stat()
        except OSError:
            continue
        digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _settings_key() -> tuple:
    # Everything a rendered document depends on besides its file: a change loads again.
    content_dir = settings.MESOGUIDE_CONTENT_DIR
    reload = settings.MESOGUIDE_RELOAD_CONTENT
    return (
        str(content_dir),
        settings.DEBUG,
        settings.MESOGUIDE_CONTACT_EMAIL,
        content_fingerprint(Path(content_dir)) if reload else "",
    )


class ReloadingCache:
    """Holds one loaded value per process; reloads when the settings or (in DEBUG) files change."""

    def __init__(self, loader):
        self._loader = loader
        self._lock = threading.Lock()
        self._value = None
        self._key = None

    def get(self):
        key = _settings_key()
        if self._value is None or key != self._key:
            with self._lock:
                if self._value is None or key != self._key:
                    self._value = self._loader()
                    self._key = key
                    content_changed.send(sender=self.__class__)
        return self._value

    def clear(self):
        with self._lock:
            self._value = None
            self._key = None
        content_changed.send(sender=self.__class__)


_registry = ReloadingCache(load)


def get_registry(language: str | None = None) -> Registry:
    """The registry of an edition (default: the active language's, as in a view), for this
    process: rendered once; reloaded on change only in DEBUG."""
    registry = _registry.get()
    language = language or translation.get_language() or languages.DEFAULT
    return registry.edition(language)


@dataclass(frozen=True)
class Checklists:
    """The checklists' view of the registry (kept for `checklists.definitions` callers)."""

    definitions: dict
    problems: tuple[ContentProblem, ...]


def checklists_of(registry: Registry) -> Checklists:
    problems = tuple(p for p in registry.problems if p.path.parent.name == "checklists")
    return Checklists(registry.checklists, problems)


def get_checklists() -> Checklists:
    """The checklists for this process: loaded with the rest of the content."""
    return checklists_of(get_registry())
