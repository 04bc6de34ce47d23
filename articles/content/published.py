"""The record of what readers have seen: `content/published.json`.

One committed file, written by `manage.py recordpublished` and read by `checkcontent`, holds
each published page's text hash, how many change notes it had, and its section anchors. From it
`checkcontent` tells an editor when the text changed without a change note, and when a section
link that clinics may use (`/articles/slug/#heading`) would stop working.
"""

import hashlib
import json
from pathlib import Path

RECORD_NAME = "published.json"
ABOUT = (
    "What readers have seen: written by `python manage.py recordpublished`, read by "
    "checkcontent. Do not edit by hand."
)


def text_hash(title: str, summary: str, key_points, body: str, sources) -> str:
    """A hash of what an editor wrote that readers see (not dates or change notes)."""
    payload = json.dumps(
        [title, summary, list(key_points or []), " ".join(body.split()), sources],
        sort_keys=True,
        default=str,
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def data_hash(data) -> str:
    """A hash of a YAML file's reader-facing data (a checklist's questions and advice)."""
    payload = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def record_path(content_dir: Path) -> Path:
    return Path(content_dir) / RECORD_NAME


def entry_for(document) -> dict:
    return {
        "hash": document.body_hash,
        "changes": len(document.changes),
        "anchors": sorted(h.id for h in document.headings),
    }


def build_record(registry) -> dict:
    documents = getattr(registry, "every_document", None) or registry.documents.values()
    pages = {
        document.url: entry_for(document)
        for document in sorted(documents, key=lambda d: d.url)
        if not document.draft
    }
    return {"about": ABOUT, "pages": pages}


def write_record(registry, content_dir: Path) -> Path:
    path = record_path(content_dir)
    path.write_text(json.dumps(build_record(registry), indent=2, ensure_ascii=False) + "\n")
    return path


def read_record(content_dir: Path) -> tuple[dict | None, str | None]:
    """(pages by URL, or None for a folder never published; a problem message or None)."""
    path = record_path(content_dir)
    if not path.is_file():
        return None, None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        pages = data["pages"]
        if not isinstance(pages, dict):
            raise TypeError("pages is not a mapping")
    except (ValueError, KeyError, TypeError) as exc:
        return {}, f"{RECORD_NAME} is not readable ({exc}): run `python manage.py recordpublished`"
    return pages, None


def check_document(document, entry: dict | None) -> list[tuple[int, str, str]]:
    """(line, message, severity) for one page against its published record."""
    if document.draft:
        return []
    if not isinstance(entry, dict):
        return [(1, "not in the published record yet: run `python manage.py recordpublished`",
                 "warning")]  # fmt: skip
    found = []
    changes_line = document.key_lines.get("changes", 1)
    recorded_changes = entry.get("changes", 0)
    if entry.get("hash") != document.body_hash and len(document.changes) <= recorded_changes:
        found.append((
            changes_line,
            "the text changed since it was published, but no change note was added: add one "
            "under `changes:` (date, summary, type: major, or minor for a typo fix), then run "
            "`python manage.py recordpublished`",
            "error",
        ))  # fmt: skip
    ids = {h.id for h in document.headings}
    for anchor in entry.get("anchors", []):
        if anchor not in ids:
            found.append((
                document.body_line,
                f"published section link #{anchor} disappeared: keep it by giving the new "
                f"heading that id (`## New wording {{#{anchor}}}`), or run "
                "`python manage.py recordpublished` if removing it is deliberate",
                "error",
            ))  # fmt: skip
    return found
