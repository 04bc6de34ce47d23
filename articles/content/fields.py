"""Field rules: one validator per field type, used by every kind of content file.

Each validator takes the file's `Problems`, the parsed data and a key; it returns a clean
value (or a harmless default) and records what was wrong, on the key's line.
"""

import datetime
import re

from .problems import Problems

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Safety and evidence pages go stale fastest: regulators act, new outbreaks are reported.
SHORT_REVIEW_DAYS = 366
LONG_REVIEW_DAYS = 3 * 366


def _label(key: str, where: str) -> str:
    return f"{where}: {key}" if where else key


def file_name(check: Problems, slug: str):
    """The slug is the file name, so the file name must be a valid slug."""
    if not SLUG_RE.match(slug):
        check.error(
            "", f"file name {check.path.name!r}: use lower-case letters, digits and hyphens"
        )


def unknown_keys(check: Problems, data: dict, allowed, where="", lines=None, line=None):
    """Report keys outside `allowed`: a misspelt key would otherwise be silently ignored."""
    prefix = f"{where}: " if where else ""
    lines = check.key_lines if lines is None else lines
    for key in sorted(set(map(str, data)) - set(allowed)):
        message = f"{prefix}unknown key {key!r} (allowed: {', '.join(sorted(allowed))})"
        check.error(key, message, lines.get(key, line))


def text(check: Problems, data: dict, key: str, limit=None, required=True, where="", line=None):
    """Text on one line (runs of white space become one space), at most `limit` characters."""
    value, label = data.get(key), _label(key, where)
    if value is None:
        if required:
            check.error(key, f"{label}: required", line)
        return ""
    if not isinstance(value, str) or not value.strip():
        check.error(key, f"{label}: must be text (put it in double quotes)", line)
        return ""
    value = " ".join(value.split())
    if limit is not None and len(value) > limit:
        check.error(key, f"{label}: {len(value)} characters; the limit is {limit}", line)
    return value


def markdown_text(check: Problems, data: dict, key: str) -> str:
    """Required Markdown text, kept as written (line breaks matter)."""
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        check.error(key, f"{key}: required text")
        return ""
    return value


def date(check: Problems, data: dict, key: str) -> datetime.date | None:
    value = data.get(key)
    if value is None:
        check.error(key, f"{key}: required (a date such as 2026-11-28)")
        return None
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        check.error(key, f"{key}: {str(value)[:40]!r} is not a date in the form YYYY-MM-DD")
        return None
    return value


def review_dates(check: Problems, data: dict, short: bool):
    """`reviewed` and `next_review`, with the same rules for every kind of file."""
    reviewed, next_review = date(check, data, "reviewed"), date(check, data, "next_review")
    if reviewed is None or next_review is None:
        return reviewed, next_review
    today = datetime.date.today()
    if next_review <= reviewed:
        check.error("next_review", "next_review: must be after reviewed")
    limit = SHORT_REVIEW_DAYS if short else LONG_REVIEW_DAYS
    if (next_review - reviewed).days > limit:
        window = "12 months" if short else "3 years"
        check.error("next_review", f"next_review: must be within {window} of reviewed")
    if next_review < today:
        check.warning("next_review", f"next_review: review was due on {next_review}")
    if reviewed > today:
        check.error("reviewed", "reviewed: date is in the future")
    return reviewed, next_review


def flag(check: Problems, data: dict, key: str, default: bool = False) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        check.error(key, f"{key}: must be true or false")
        return default
    return value


def whole_number(check: Problems, data: dict, key: str, default: int) -> int:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        check.error(key, f"{key}: {str(value)[:40]!r} must be a whole number")
        return default
    return value


def one_of(check: Problems, data: dict, key: str, options) -> str:
    value = data.get(key)
    if not isinstance(value, str) or value not in options:
        shown = str(value)[:40] if value is not None else "missing"
        check.error(key, f"{key}: {shown!r} must be one of {', '.join(options)}")
        return ""
    return value


def slugs(check: Problems, data: dict, key: str) -> tuple[str, ...]:
    """A slug or a list of slugs (aliases, related pages)."""
    value = data.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        check.error(key, f"{key}: must be a list of slugs")
        return ()
    found = []
    for item in value:
        if not isinstance(item, str) or not SLUG_RE.match(item):
            shown = str(item)[:40]
            check.error(key, f"{key}: {shown!r} is not a slug (lower-case letters, digits, -)")
        else:
            found.append(item)
    return tuple(found)


def sentences(check: Problems, data: dict, key: str, limit: int) -> tuple[str, ...]:
    """A list of at most `limit` sentences (key points)."""
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(p, str) and p.strip() for p in value):
        check.error(key, f"{key}: must be a list of sentences")
        return ()
    if len(value) > limit:
        check.error(key, f"{key}: at most {limit}, found {len(value)}")
    return tuple(" ".join(p.split()) for p in value)


def labels(check: Problems, data: dict, key: str, names, required: bool) -> dict[str, str]:
    """A mapping from each of `names` to a short text (all of them when `required`)."""
    value = data.get(key, None if required else {})
    wanted = ", ".join(names)
    if not isinstance(value, dict) or set(map(str, value)) - set(names):
        check.error(key, f"{key}: only {wanted} may be given" if not required else
                    f"{key}: give a text for each of {wanted}")  # fmt: skip
        return {}
    if required and set(value) != set(names):
        check.error(key, f"{key}: give a text for each of {wanted}")
        return {}
    found = {}
    for name, label in value.items():
        if isinstance(label, str) and label.strip():
            found[name] = " ".join(label.split())
        else:
            check.error(key, f"{key}: {name} must be text")
    return found
