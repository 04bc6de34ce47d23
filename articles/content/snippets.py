"""Shared snippets: `--8<-- "name.md"` includes content/snippets/name.md (pymdownx.snippets),
kept inside the snippets folder, size-limited, and noting which snippets a page used."""

import os
import re

from pymdownx.snippets import SnippetExtension, SnippetPreprocessor

_NUMBERED_REF = re.compile(r"\[\^\d{1,3}\]")
SNIPPET_MAX_BYTES = 64 * 1024


class SnippetProblem(ValueError):
    """A `--8<-- "name.md"` include that cannot be used; `name` says which one."""

    def __init__(self, message: str, name: str):
        super().__init__(message)
        self.name = name


class _Snippets(SnippetPreprocessor):
    """pymdownx.snippets, kept inside the snippets folder (no symlinks out, no huge files),
    and noting which snippets were used and any numbered citation inside one."""

    def __init__(self, config, md):
        super().__init__(config, md)
        self.md = md

    def get_snippet_path(self, path):
        found = super().get_snippet_path(path)
        if found is None:
            return None
        base = os.path.realpath(self.base_path[0])
        if not os.path.realpath(found).startswith(base + os.sep):
            raise SnippetProblem(f"snippet {path!r} points outside content/snippets", path)
        if os.path.getsize(found) > SNIPPET_MAX_BYTES:
            raise SnippetProblem(
                f"snippet {path!r} is over the {SNIPPET_MAX_BYTES:,}-byte limit", path
            )
        return found

    def read_lines(self, path):
        name = os.path.basename(path)
        try:
            lines = super().read_lines(path)
        except UnicodeDecodeError as exc:
            raise SnippetProblem(f"snippet {name!r} is not valid UTF-8", name) from exc
        except OSError as exc:
            message = f"snippet {name!r} could not be read: {exc.strerror}"
            raise SnippetProblem(message, name) from exc
        name = os.path.relpath(path, self.base_path[0])
        self.md.mesoguide_snippets.append(name)
        for number, line in enumerate(lines, start=1):
            if _NUMBERED_REF.search(line):
                self.md.mesoguide_numbered_in_snippets.append((name, number))
        return lines


class _MesoguideSnippets(SnippetExtension):
    def extendMarkdown(self, md):
        self.md = md
        md.registerExtension(self)
        md.preprocessors.register(_Snippets(self.getConfigs(), md), "snippet", 32)
