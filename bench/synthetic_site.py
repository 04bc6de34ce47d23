"""A large content folder for content_scale.py: the real content plus generated articles.

Each generated article is valid (front matter, ~400 plain words, 4 headings, 3 cited sources),
so the loader does the same work for it as for a real page.
"""

import random
import shutil
from pathlib import Path

import common

SECTIONS = ["basics", "evidence", "safety", "before", "after", "reference"]

SUBJECTS = ["You", "Your doctor", "The nurse", "A clinic", "The mix", "Each shot", "This step"]
VERBS = ["can cause", "may help with", "should check", "will show", "does not fix", "can hide"]
ENDINGS = [
    "a small red lump",
    "some pain for a day",
    "a rash on the skin",
    "a scar that stays",
    "the fat under the skin",
    "the hair on your scalp",
    "a sign to get help",
    "the risk of a slow infection",
]


def sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(ENDINGS)}."


def paragraph(rng: random.Random, sentences: int, cite: int) -> str:
    text = " ".join(sentence(rng) for _ in range(sentences))
    return f"{text[:-1]}.[^{cite}]"


def article_text(number: int, rng: random.Random) -> str:
    section = SECTIONS[number % len(SECTIONS)]
    headings = ["What it is", "What can go wrong", "What to ask", "When to get help"]
    body = []
    for index, heading in enumerate(headings):
        body.append(f"## {heading} {number}")
        # 11 short sentences (~9 words) per heading: ~100 words each, ~400 in all.
        body.append(paragraph(rng, 5, 1 + index % 3))
        body.append(paragraph(rng, 6, 1 + (index + 1) % 3))
    sources = "\n".join(
        f"""  - title: "Synthetic source {n} for article {number}"
    publisher: Journal of Examples
    year: {2010 + n}
    url: https://pubmed.ncbi.nlm.nih.gov/{30_000_000 + number * 10 + n}/
    type: {kind}"""
        for n, kind in ((1, "systematic-review"), (2, "study"), (3, "review"))
    )
    return f"""---
title: "Synthetic article {number:04d}: a plain guide"
summary: "A generated page used to test how the site copes with many articles ({number})."
section: {section}
order: {1000 + number}
reviewed: 2026-11-01
next_review: 2027-11-01
sources:
{sources}
---

{chr(10).join(part + chr(10) for part in body)}"""


def build_large_site(root: Path, articles: int) -> Path:
    """A copy of the real content plus `articles` generated articles."""
    content = root / "content-large"
    real = common.ROOT / "content"
    shutil.copytree(real, content, ignore=shutil.ignore_patterns("*.swp", "*~", ".*"))
    rng = random.Random(20261128)
    folder = content / "articles"
    folder.mkdir(exist_ok=True)
    for number in range(1, articles + 1):
        (folder / f"synthetic-article-{number:04d}.md").write_text(article_text(number, rng))
    return content
