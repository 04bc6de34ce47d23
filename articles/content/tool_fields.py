"""The fields of an after-treatment tool's form, validated with the line of each problem."""

from dataclasses import dataclass

import yaml

from . import fields as field_rules
from .checklists import ID_RE, VALUE_RE
from .problems import Problems
from .yaml_reader import child as _child
from .yaml_reader import key_lines as _key_lines
from .yaml_reader import node_line as _node_line

FIELD_KEYS = {
    "id", "label", "hint", "type", "max_length", "required", "choices", "columns", "rows",
    "print_label",
}  # fmt: skip
COLUMN_KEYS = {"id", "label", "max_length"}
FIELD_TYPES = ("text", "textarea", "date", "choice", "choices", "table")
MAX_TEXT_LENGTH = 2000  # the longest answer any field may accept
MAX_FIELDS, MAX_ROWS, MAX_COLUMNS = 30, 31, 8


@dataclass(frozen=True)
class Column:
    id: str
    label: str
    max_length: int = 0


@dataclass(frozen=True)
class Field:
    id: str
    label: str
    type: str
    hint: str = ""
    max_length: int = 0
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()
    columns: tuple[Column, ...] = ()
    rows: int = 0
    print_label: str = ""  # the label on the printed result, when the question reads oddly there

    def choice_label(self, value: str) -> str:
        return next((label for v, label in self.choices if v == value), "")


def _plain(check: Problems, data: dict, key: str, where: str, line: int, required=True) -> str:
    """A one-line text field of a list item (the shared rule in `fields`)."""
    return field_rules.text(check, data, key, required=required, where=where, line=line)


def bounded_int(check, data, key, where, line, low, high, required=True) -> int:
    value = data.get(key)
    if value is None and not required:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        check.error(key, f"{where}: {key} must be a whole number from {low} to {high}", line)
        return 0
    return value


def parse_columns(check, raw, node, where, line) -> tuple[Column, ...]:
    if not isinstance(raw, list) or not 1 <= len(raw) <= MAX_COLUMNS:
        check.error("columns", f"{where}: columns must list 1 to {MAX_COLUMNS} columns", line)
        return ()
    nodes = node.value if isinstance(node, yaml.SequenceNode) else [node] * len(raw)
    columns, seen = [], set()
    for index, (item, item_node) in enumerate(zip(raw, nodes, strict=False), start=1):
        here, item_line = f"{where}, column {index}", _node_line(item_node)
        if not isinstance(item, dict):
            check.error("columns", f"{here}: must have id, label and max_length", item_line)
            continue
        lines = _key_lines(item_node)
        field_rules.unknown_keys(check, item, COLUMN_KEYS, where=here, lines=lines, line=item_line)
        column_id = item.get("id")
        if not isinstance(column_id, str) or not ID_RE.match(column_id) or column_id in seen:
            check.error("id", f"{here}: id {column_id!r} must be new, lower-case letters and "
                              "hyphens", lines.get("id", item_line))  # fmt: skip
            continue
        seen.add(column_id)
        label = _plain(check, item, "label", here, lines.get("label", item_line))
        length = bounded_int(check, item, "max_length", here, lines.get("max_length", item_line),
                              1, MAX_TEXT_LENGTH, required=False)  # fmt: skip
        columns.append(Column(column_id, label, length))
    return tuple(columns)


def _choices(check, raw, node, where, line) -> tuple[tuple[str, str], ...]:
    if not isinstance(raw, list) or len(raw) < 2:
        check.error("choices", f"{where}: choices must list two or more answers", line)
        return ()
    nodes = node.value if isinstance(node, yaml.SequenceNode) else [node] * len(raw)
    choices = []
    for index, (item, item_node) in enumerate(zip(raw, nodes, strict=False), start=1):
        here, item_line = f"{where}, choice {index}", _node_line(item_node)
        lines = _key_lines(item_node)
        if not isinstance(item, dict):
            check.error("choices", f"{here}: must have value and label", item_line)
            continue
        field_rules.unknown_keys(
            check, item, {"value", "label"}, where=here, lines=lines, line=item_line
        )
        value = item.get("value")
        if not isinstance(value, str) or not VALUE_RE.match(value):
            check.error("value", f'{here}: value {value!r} must be a quoted code such as '
                                 '"dont-know"', lines.get("value", item_line))  # fmt: skip
            continue
        if value in {v for v, _ in choices}:
            check.error("value", f"{here}: value {value!r} is used twice", lines["value"])
        label = _plain(check, item, "label", here, lines.get("label", item_line))
        choices.append((value, label))
    return tuple(choices)


def _field(check, raw, node, index) -> Field | None:
    line, where = _node_line(node), f"field {index}"
    if not isinstance(raw, dict):
        check.error("fields", f"{where}: must have id, label and type", line)
        return None
    lines = _key_lines(node)
    field_rules.unknown_keys(check, raw, FIELD_KEYS, where=where, lines=lines, line=line)
    field_id = raw.get("id")
    if not isinstance(field_id, str) or not ID_RE.match(field_id):
        check.error("id", f"{where}: id {field_id!r} must be lower-case letters and hyphens",
                    lines.get("id", line))  # fmt: skip
        return None
    where = f"field {index} ({field_id})"
    kind = raw.get("type")
    if kind not in FIELD_TYPES:
        check.error("type", f"{where}: type {kind!r} must be one of {', '.join(FIELD_TYPES)}",
                    lines.get("type", line))  # fmt: skip
        return None
    label = _plain(check, raw, "label", where, lines.get("label", line))
    hint = _plain(check, raw, "hint", where, lines.get("hint", line), required=False)
    required = raw.get("required", False)
    if not isinstance(required, bool):
        check.error("required", f"{where}: required must be true or false", lines["required"])
    needs_length = kind in ("text", "textarea")
    max_length = bounded_int(check, raw, "max_length", where, lines.get("max_length", line),
                              1, MAX_TEXT_LENGTH, required=needs_length)  # fmt: skip
    choices, columns, rows = (), (), 0
    if kind in ("choice", "choices"):
        choices = _choices(check, raw.get("choices"), _child(node, "choices"), where,
                           lines.get("choices", line))  # fmt: skip
    if kind == "table":
        columns = parse_columns(check, raw.get("columns"), _child(node, "columns"), where,
                           lines.get("columns", line))  # fmt: skip
        rows = bounded_int(check, raw, "rows", where, lines.get("rows", line), 1, MAX_ROWS)
        if any(not c.max_length for c in columns):
            check.error("columns", f"{where}: every column needs a max_length", line)
    printed = _plain(check, raw, "print_label", where, lines.get("print_label", line),
                     required=False)  # fmt: skip
    return Field(field_id, label, kind, hint, max_length, required is True, choices,
                 columns, rows, printed)  # fmt: skip


def parse_fields(check, data, root) -> tuple[Field, ...]:
    raw, node = data.get("fields", []), _child(root, "fields")
    if not isinstance(raw, list) or (raw and not isinstance(node, yaml.SequenceNode)):
        check.error("fields", "fields: must be a list of fields")
        return ()
    if len(raw) > MAX_FIELDS:
        check.error("fields", f"fields: {len(raw)} given; the limit is {MAX_FIELDS}")
        return ()
    fields = [_field(check, item, node.value[i], i + 1) for i, item in enumerate(raw)]
    seen = set()
    for field in filter(None, fields):
        if field.id in seen:
            check.error("fields", f"fields: id {field.id!r} is used twice")
        seen.add(field.id)
    return tuple(filter(None, fields))
