"""Builders for tests: valid content files, with any field replaced, in a tmp folder."""

import textwrap
from pathlib import Path

from articles.content import loading

REAL_CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"

STRONG_SOURCES = """\
sources:
  - title: Outbreak of mesotherapy-associated skin reactions
    publisher: Morbidity and Mortality Weekly Report (CDC)
    year: 2005
    url: https://www.cdc.gov/mmwr/preview/mmwrhtml/mm5444a4.htm
    type: outbreak-report
  - title: Mesotherapy and phosphatidylcholine injections
    authors: Rotunda AM, Kolodney MS
    publisher: Dermatologic Surgery
    year: 2006
    url: https://pubmed.ncbi.nlm.nih.gov/16681654/
    type: review
  - title: Effectiveness of mesotherapy on body contouring
    publisher: Plastic and Reconstructive Surgery
    year: 2008
    url: https://pubmed.ncbi.nlm.nih.gov/18626372/
    type: trial
"""

CHECKLIST_YAML = """\
# A small checklist for tests.
title: Check the practitioner
summary: Questions about who will inject you.
intro: |
  Use this before you book. See the [warning signs](/warning-signs/).
reviewed: 2026-11-01
next_review: 2027-11-01
related: [first-article]
verdicts:
  stop: "Stop: do not go ahead with this practitioner"
  check: "Check first: find out more before you book"
  ok: "Nothing here stops you"
questions:
  - id: who-injects
    question: Do you know who will inject you?
    hint: You should meet the person who injects you.
    ask: Who exactly will inject me?
    choices:
      - value: "yes"
        label: "Yes"
        level: ok
        advice: Good. Check they are on a register.
      - value: "no"
        label: "No"
        level: stop
        advice: Do not book until you know who will inject you.
      - value: "not-sure"
        label: "Not sure"
        level: check
        advice: Ask who will inject you before you pay.
  - id: sealed-needles
    question: Will they open sealed, single-use needles in front of you?
    hint: Reused needles and shared vials have spread infections.
    ask: Will you open new needles and syringes in front of me?
    choices:
      - value: "yes"
        label: "Yes"
        level: ok
        advice: That is what should happen every time.
      - value: "no"
        label: "No"
        level: stop
        advice: Do not go ahead. Reused needles spread infection.
"""


def front_matter(sources_block: str = STRONG_SOURCES, **fields) -> str:
    """Valid article front matter, with any field replaced or removed (value None)."""
    values = {
        "title": "A test article",
        "summary": "A short summary of the test article.",
        "section": "basics",
        "order": 10,
        "reviewed": "2026-11-01",
        "next_review": "2027-11-01",
    }
    values.update(fields)
    lines = [f"{key}: {value}" for key, value in values.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n" + sources_block + "---\n"


DEFAULT_BODY = """\
Mesotherapy is a set of small injections into the skin.[^1] The evidence is weak.[^2]

## What happens

You get many small injections. It can hurt a little.[^3] See the [warning signs](/warning-signs/).

## What to ask

Ask what is in the syringe.
"""

SPANISH_BODY = """\
La mesoterapia son muchas inyecciones pequeñas en la piel.[^1] Las pruebas son débiles.[^2]

## Qué pasa {#what-happens}

Le ponen muchas inyecciones. Puede doler un poco.[^3] Vea las [señales](/warning-signs/).
"""

WARNING_SIGNS = (
    "---\ntitle: Warning signs after mesotherapy\n"
    "summary: When to get help after treatment.\n"
    "reviewed: 2026-11-01\nnext_review: 2027-11-01\n" + STRONG_SOURCES + "---\n"
    "/// emergency | Call [emergency number] or go to the emergency department now if:\n"
    "- your lips, tongue or throat swell[^1]\n- you find it hard to breathe\n///\n\n"
    "/// urgent | Get medical help today from [urgent help] if:\n"
    "- the redness spreads[^2]\n///\n\n"
    "/// soon | Contact your practitioner or doctor if:\n- a lump appears weeks later[^3]\n///\n\n"
    "/// expected | What is normal while you heal\n- mild redness for a few days\n///\n\n"
    "## What to tell a doctor\n\nSay what was injected, where and when.\n"
)


class ContentFolder:
    """A content folder in tmp_path that the site reads instead of content/."""

    def __init__(self, root: Path):
        self.root = root
        for folder in ("articles", "pages", "checklists"):
            (root / folder).mkdir(parents=True, exist_ok=True)

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text) if text.startswith("\n") else text)
        clear_caches()
        return path

    def article(self, slug: str, body: str = DEFAULT_BODY, **fields) -> Path:
        return self.write(f"articles/{slug}.md", front_matter(**fields) + "\n" + body)

    def page(self, slug: str, body: str = "Who we are.\n", **fields) -> Path:
        fields.setdefault("section", None)
        fields.setdefault("sources_block", "")
        return self.write(f"pages/{slug}.md", front_matter(**fields) + "\n" + body)

    def warning_signs(self, text: str = WARNING_SIGNS) -> Path:
        return self.write("warning-signs.md", text)

    def checklist(self, slug: str = "practitioner", text: str = CHECKLIST_YAML) -> Path:
        return self.write(f"checklists/{slug}.yaml", text)

    def spanish_article(self, slug: str, english: str, body: str = SPANISH_BODY, **fields) -> Path:
        """A Spanish translation of the English article `english` (in content/es/)."""
        fields = {"title": "Un artículo de prueba", "summary": "Un resumen corto del artículo.",
                  "translation_of": f"/articles/{english}/", **fields}  # fmt: skip
        return self.write(f"es/articles/{slug}.md", front_matter(**fields) + "\n" + body)


def clear_caches():
    """Forget the loaded content (and, through the signal, the pages made from it)."""
    loading._registry.clear()


def checklists_in(root: Path):
    """Load a content folder and return its checklists and their problems."""
    return loading.checklists_of(loading.load(root, log=False))
