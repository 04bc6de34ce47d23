"""Editorial front matter: dated change notes and a recorded clinical review.

Both are optional. A page with no clinical review says so plainly; nobody is ever named as a
reviewer unless an editor recorded a real review (see the editorial policy).
"""

import datetime
from dataclasses import dataclass

from .fields import unknown_keys

CHANGE_KEYS = {"date", "summary", "type"}
CHANGE_TYPES = ("major", "minor")
REVIEW_KEYS = {"name", "role", "registration", "date"}
MAX_CHANGE_SUMMARY = 200


@dataclass(frozen=True)
class Change:
    """One dated change note: what changed, in a line a reader understands."""

    date: datetime.date
    summary: str
    type: str  # "major" (a clinic should re-print) or "minor" (wording, typos)

    @property
    def major(self) -> bool:
        return self.type == "major"


@dataclass(frozen=True)
class ClinicalReview:
    """A real review by a named clinician, as the editor recorded it."""

    name: str
    role: str
    registration: str
    date: datetime.date


def _is_date(value) -> bool:
    return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)


def _text(value, limit: int) -> str | None:
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        return None
    return " ".join(value.split())


def parse_changes(check, data: dict) -> tuple[Change, ...]:
    """`changes:` — a list of {date, summary, type}; newest first on the page."""
    value = data.get("changes", [])
    if not isinstance(value, list):
        check.error("changes", "changes: must be a list of {date, summary, type} entries")
        return ()
    changes = []
    for number, item in enumerate(value, start=1):
        where = f"changes[{number}]"
        if not isinstance(item, dict):
            check.error("changes", f"{where}: must have date, summary and type")
            continue
        unknown_keys(check, item, CHANGE_KEYS, where=where, line=check.line("changes"))
        date, summary, kind = item.get("date"), item.get("summary"), item.get("type")
        if not _is_date(date):
            check.error("changes", f"{where}: date {date!r} is not a date in the form YYYY-MM-DD")
            continue
        if date > datetime.date.today():
            check.error("changes", f"{where}: date {date} is in the future")
        text = _text(summary, MAX_CHANGE_SUMMARY)
        if text is None:
            check.error(
                "changes",
                f"{where}: summary must be one line of at most {MAX_CHANGE_SUMMARY} characters",
            )
            continue
        if kind not in CHANGE_TYPES:
            check.error("changes", f"{where}: type {kind!r} must be major or minor")
            continue
        changes.append(Change(date, text, kind))
    return tuple(sorted(changes, key=lambda c: c.date, reverse=True))


def parse_clinical_review(check, data: dict) -> ClinicalReview | None:
    """`clinical_review:` — {name, role, registration, date} of a real clinician's review."""
    if "clinical_review" not in data:
        return None
    value = data["clinical_review"]
    if not isinstance(value, dict):
        check.error("clinical_review", "clinical_review: must have name, role, registration, date")
        return None
    unknown_keys(
        check, value, REVIEW_KEYS, where="clinical_review", line=check.line("clinical_review")
    )
    fields = {key: _text(value.get(key), 120) for key in ("name", "role", "registration")}
    missing = [key for key, text in fields.items() if text is None]
    if missing:
        check.error("clinical_review", f"clinical_review: {', '.join(missing)} required")
        return None
    date = value.get("date")
    if not _is_date(date):
        check.error("clinical_review", f"clinical_review: date {date!r} is not a date")
        return None
    if date > datetime.date.today():
        check.error("clinical_review", f"clinical_review: date {date} is in the future")
        return None
    return ClinicalReview(date=date, **fields)
