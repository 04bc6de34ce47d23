"""Read a content file safely and parse YAML into plain data, keeping the line of every key.

Every way a file can be unreadable becomes a `FileProblems` with a line, never another
exception: one bad file must not stop the site from loading the others.
"""

import os
import stat
from pathlib import Path

import yaml

from .problems import ContentProblem, FileProblems

MAX_FILE_BYTES = 256 * 1024  # the longest real page is under 20 KiB
BOM = "\ufeff"

# libyaml's parser when PyYAML was built with it (it is, in the PyPI wheels): ~10x faster.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)


def _read_bytes(path: Path) -> bytes:
    # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileProblems.one(path, 1, "not a regular file (a pipe or device?): skipped")
        if info.st_size > MAX_FILE_BYTES:
            raise FileProblems.one(
                path, 1, f"file is {info.st_size:,} bytes; the limit is {MAX_FILE_BYTES:,}"
            )
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    finally:
        os.close(fd)


def read_text(path: Path) -> tuple[str, list[ContentProblem]]:
    """The file's text (at most MAX_FILE_BYTES of UTF-8) and any warning about it."""
    try:
        data = _read_bytes(path)
    except OSError as exc:
        raise FileProblems.one(path, 1, f"could not read the file: {exc.strerror}") from exc
    if len(data) > MAX_FILE_BYTES:
        raise FileProblems.one(path, 1, f"file is over the limit of {MAX_FILE_BYTES:,} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        message = f"not valid UTF-8 (byte {exc.start}): save as UTF-8"
        raise FileProblems.one(path, line, message) from exc
    warnings = []
    if text.startswith(BOM):
        text = text[1:]
        warnings.append(
            ContentProblem(
                path, 1, "the file starts with a byte-order mark (BOM), which was ignored: "
                "save it as UTF-8 without BOM", "warning",
            )
        )  # fmt: skip
    return text, warnings


class _ContentLoader(_SafeLoader):
    """PyYAML's safe loader, except that a value it cannot build names its line."""

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep)
        except yaml.MarkedYAMLError:
            raise
        except RecursionError as exc:
            raise yaml.constructor.ConstructorError(
                None, None, "nested too deeply", node.start_mark
            ) from exc
        except Exception as exc:  # a tag's constructor on a value it cannot read
            tag = str(node.tag).rsplit(":", 1)[-1]
            value = str(node.value)[:40] if isinstance(node, yaml.ScalarNode) else "this value"
            raise yaml.constructor.ConstructorError(
                None, None, f"{value!r} is not a valid {tag} ({type(exc).__name__})",
                node.start_mark,
            ) from exc  # fmt: skip

    def construct_yaml_timestamp(self, node):
        # An impossible date (2026-02-30) stays text, so the field rule can word the error.
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError, AttributeError):
            return self.construct_scalar(node)


_ContentLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _ContentLoader.construct_yaml_timestamp
)


def node_line(node, first_line: int = 1) -> int:
    return first_line + node.start_mark.line


def _check_node(path: Path, node, first_line: int, seen: set, place: int):
    if id(node) in seen:
        # Aliases are how "billion laughs" documents grow: refused without expanding them.
        # An alias is the anchored node itself, so its place is the key it is the value of.
        raise FileProblems.one(path, place, "YAML anchors and aliases (&, *) are not allowed")
    seen.add(id(node))
    if node.tag not in _PLAIN_TAGS:
        line = node_line(node, first_line)
        raise FileProblems.one(path, line, f"YAML tags ({node.tag}) are not allowed")


def _check_keys(path: Path, node, first_line: int):
    lines: dict = {}
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        here = node_line(key, first_line)
        if key.value in lines:
            message = f"duplicate key {key.value!r} (first given on line {lines[key.value]})"
            raise FileProblems.one(path, here, message)
        lines[key.value] = here


def check_tree(path: Path, root, first_line: int = 1):
    """Only plain data: no tags, no anchors or aliases, no key given twice in a mapping."""
    seen, stack = set(), [(root, node_line(root, first_line))]
    while stack:
        node, place = stack.pop()
        _check_node(path, node, first_line, seen, place)
        # Children are pushed in reverse so they are visited in document order: a repeated
        # node is then reported at the alias (*), after the anchor (&).
        if isinstance(node, yaml.MappingNode):
            _check_keys(path, node, first_line)
            for key, value in reversed(node.value):
                key_line = node_line(key, first_line)
                stack.extend([(value, key_line), (key, key_line)])
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, node_line(item, first_line)) for item in reversed(node.value))


def _problem(path: Path, text: str, exc: yaml.YAMLError, first_line: int) -> FileProblems:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        return FileProblems.one(path, line, f"YAML error: {exc.problem or exc.context}")
    if isinstance(exc, yaml.reader.ReaderError):
        # A character YAML refuses (a control character, say): name it and its line.
        line = first_line + text[: exc.position].count("\n")
        message = f"YAML error: character #x{exc.character:04X}: {exc.reason}"
        return FileProblems.one(path, line, message)
    return FileProblems.one(path, first_line, f"YAML error: {exc}")


def compose(path: Path, text: str, first_line: int = 1):
    """Parse YAML text into a checked node tree, and build its data."""
    loader = _ContentLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        check_tree(path, node, first_line)
        return node, loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise _problem(path, text, exc, first_line) from exc
    finally:
        loader.dispose()


def load_mapping(path: Path, text: str, first_line: int = 1):
    """Safely parse YAML into a dict, the line of each top-level key, and the node tree."""
    node, data = compose(path, text, first_line)
    if node is None:
        data = {}
    if not isinstance(data, dict):
        raise FileProblems.one(path, first_line, "expected keys and values")
    return data, key_lines(node, first_line), node


def key_lines(node, first_line: int = 1) -> dict[str, int]:
    """The line of each key of a mapping node (empty for anything else)."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): node_line(key, first_line) for key, _ in node.value}


def child(node, key: str):
    """The value node under `key` in a mapping node, or None."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            if key_node.value == key:
                return value
    return None


def item_lines(node, key: str, first_line: int = 1) -> list[int]:
    """The line of each item of the list under `key` (for messages about one item)."""
    items = child(node, key)
    if not isinstance(items, yaml.SequenceNode):
        return []
    return [node_line(item, first_line) for item in items.value]
