"""Which pages to measure: from the running site's sitemap and checklists."""

import contextlib
import re
import urllib.parse

from http_fetch import fetch
from machine import ROOT


def sitemap_paths(base: str) -> list[str]:
    """Every path listed in /sitemap.xml (the hosts in <loc> are ignored)."""
    resp = fetch(base + "/sitemap.xml")
    if resp.status != 200:
        return []
    locs = re.findall(rb"<loc>\s*([^<]+?)\s*</loc>", resp.body)
    return [urllib.parse.urlsplit(loc.decode()).path or "/" for loc in locs]


def pick_article(base: str, preferred: str = "/articles/what-is-mesotherapy/") -> str:
    """The preferred article if it answers 200, else the first article in the sitemap."""
    with contextlib.suppress(OSError):
        if fetch(base + preferred).status == 200:
            return preferred
    for path in sitemap_paths(base):
        if path.startswith("/articles/") and path != "/articles/":
            with contextlib.suppress(OSError):
                if fetch(base + path).status == 200:
                    print(f"NOTE: {preferred} did not answer 200; using {path} instead.")
                    return path
    raise RuntimeError("no article page answers 200 (is content/articles/ empty?)")


def checklist_paths(base: str) -> list[str]:
    paths = [p for p in sitemap_paths(base) if p.startswith("/checklists/") and p.count("/") == 3]
    if not paths:
        # Fall back to the definition files.
        paths = [
            f"/checklists/{p.stem}/" for p in sorted((ROOT / "content/checklists").glob("*.yaml"))
        ]
    return paths


def checklist_answers(slug: str) -> dict[str, str]:
    """A complete, valid set of answers for one checklist (the first choice of each question)."""
    import yaml  # from the venv

    data = yaml.safe_load((ROOT / "content" / "checklists" / f"{slug}.yaml").read_text())
    return {q["id"]: str(q["choices"][0]["value"]) for q in data["questions"]}


# --------------------------------------------------------------------------- load generation
