"""Builders for after-treatment tool tests: small tool files written into a tmp content folder."""

from articles.content import parse_tool
from tests.factories import REAL_CONTENT_DIR, clear_caches

LETTER_YAML = """\
# A small letter tool for tests.
kind: letter
title: A note for your doctor
summary: A letter for the doctor who sees you.
intro: |
  Answer what you can. See the [warning signs](/warning-signs/).
reviewed: 2026-11-01
next_review: 2027-11-01
submit: Show my letter
fields:
  - id: treated-when
    label: When were you treated?
    type: text
    max_length: 40
  - id: symptoms
    label: What do you have now?
    type: choices
    required: true
    choices:
      - value: "lumps"
        label: "Lumps"
      - value: "fever"
        label: "Fever"
  - id: started
    label: When did it start?
    type: choice
    choices:
      - value: "weeks"
        label: "Weeks later"
      - value: "dont-know"
        label: "I don't know"
wording:
  reader_note: Print this letter.
  heading: To the doctor or nurse seeing me
  opening: I had cosmetic injections.
  facts_heading: About me
  evidence_heading: What to consider
  evidence: |
    - Consider mycobacterial culture.[^1]
  closing: Thank you.
sources:
  - title: Outbreak of mesotherapy-associated skin reactions
    publisher: Morbidity and Mortality Weekly Report (CDC)
    year: 2005
    url: https://www.cdc.gov/mmwr/preview/mmwrhtml/mm5444a4.htm
    type: outbreak-report
"""

RECORD_YAML = """\
kind: record
title: My treatment record
summary: What to write down and keep.
intro: Fill this in at your appointment.
reviewed: 2026-11-01
next_review: 2027-11-01
submit: Show my record
fields:
  - id: clinic
    label: Name of the clinic
    type: text
    max_length: 60
  - id: treatment-date
    label: Date of treatment
    type: date
  - id: products
    label: Product
    type: table
    rows: 2
    columns:
      - id: name
        label: Product name
        max_length: 50
      - id: batch
        label: Batch number
        max_length: 30
wording:
  heading: My treatment record
  note: Keep this record.
"""

DIARY_YAML = """\
kind: diary
title: Symptom diary
summary: Track a lump day by day.
intro: Write one line each day.
reviewed: 2026-11-01
next_review: 2027-11-01
columns:
  - id: date
    label: Date
  - id: size
    label: Size (mm)
rows: 5
wording:
  heading: My symptom diary
  get_help: Get medical help today if redness spreads.
  note: Measure across the widest part.
  photo_tips: Put a coin or a ruler next to the lump.
"""


def tool_site_of(small_site):
    """The small site plus a letter, a record and a diary in content/tools/ (a fixture body)."""
    small_site.write("tools/doctor-note.yaml", LETTER_YAML)
    small_site.write("tools/record.yaml", RECORD_YAML)
    small_site.write("tools/diary.yaml", DIARY_YAML)
    yield small_site
    clear_caches()


def write_tool(folder, slug: str, text: str):
    """Write content/tools/<slug>.yaml (the folder's write forgets the loaded content)."""
    return folder.write(f"tools/{slug}.yaml", text)


def real_tools() -> dict:
    """The real tools by slug, parsed on their own (cheap enough for module-level strategies)."""
    parsed = {p.stem: parse_tool(p) for p in sorted((REAL_CONTENT_DIR / "tools").glob("*.yaml"))}
    return {slug: result.item for slug, result in parsed.items() if result.item is not None}
