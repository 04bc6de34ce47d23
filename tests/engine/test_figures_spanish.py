"""Figures in Spanish: static/figures/es/ holds the same drawings with Spanish words; a page
parsed with Spanish active shows them, and an untranslated drawing falls back to English."""

import re
import shutil
import xml.etree.ElementTree as etree

import pytest
from django.utils import translation

from articles.content import figures, load, rendering
from tests.factories import REAL_CONTENT_DIR, front_matter

SVG = "{http://www.w3.org/2000/svg}"
ENGLISH = figures.FIGURE_DIR
SPANISH = figures.FIGURE_DIR / "es"
NAMES = sorted(p.stem for p in ENGLISH.glob("*.svg"))
# Words that only English has: any of them left in a Spanish drawing's labels is untranslated.
ENGLISH_WORDS = re.compile(
    r"\b(the|and|or|if|your|you|call|day|days|week|weeks|month|months|hours|time|now|soon|"
    r"urgent|emergency|expected|heal|healing|needle|syringe|bottle|germs|safe|never|skin|"
    r"layer|fat|muscle|surface|lump|lumps|sores|pain|none|worst|coin|ruler|photo|name|"
    r"maker|product|batch|expiry|date|number|after|into|with|late|signs|slow)\b",
    re.IGNORECASE,
)  # fmt: skip
SAME_IN_BOTH = {"0", "5", "10", "15 mm", "Dermis", "LOT", "EXP", "LOT =", "EXP =", "24A117",
                "2027-06", "LOT 24A117", "EXP 2027-06"}  # fmt: skip


def _root(path):
    return etree.parse(path).getroot()  # noqa: S314 (our own file)


def _labels(path) -> list[str]:
    """Every visible label of a drawing (each <text> with its <tspan>s)."""
    return [" ".join("".join(t.itertext()).split()) for t in _root(path).iter(f"{SVG}text")]


def _ids(path) -> list[str]:
    return sorted(e.get("id") for e in _root(path).iter() if e.get("id"))


def _render(name: str, language: str) -> rendering.Rendered:
    with translation.override(language):
        return rendering.render(f"Before.\n\n/// figure | {name}\n///\n")


def test_every_drawing_has_a_spanish_version():
    assert NAMES and sorted(p.stem for p in SPANISH.glob("*.svg")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_spanish_drawing_is_the_same_picture_with_every_word_translated(name):
    english, spanish = ENGLISH / f"{name}.svg", SPANISH / f"{name}.svg"
    en_root, es_root = _root(english), _root(spanish)
    for attribute in ("viewBox", "role", "aria-labelledby", "font-family"):
        assert es_root.get(attribute) == en_root.get(attribute), (name, attribute)
    assert _ids(spanish) == _ids(english)
    assert len(spanish.read_bytes()) < 6 * 1024  # inlined in the page, like the English
    # Same greys: the Spanish drawing prints the same in black and white.
    colours = set(re.findall(r'(?:fill|stroke)="(#[0-9a-fA-F]{3,6})"', spanish.read_text()))
    assert colours <= set(re.findall(r'(?:fill|stroke)="(#[0-9a-fA-F]{3,6})"',
                                     english.read_text()))  # fmt: skip
    labels = _labels(spanish)
    assert labels and not [t for t in labels if ENGLISH_WORDS.search(t)], name
    # Only what reads the same in both (numbers, the codes printed on labels) is left as it was.
    assert set(labels) & set(_labels(english)) <= SAME_IN_BOTH


@pytest.mark.parametrize("name", NAMES)
def test_spanish_title_and_description_are_spanish_and_keep_the_numbers(name):
    english, spanish = figures.figures("en")[name], figures.figures("es")[name]
    assert spanish.language == "es" and english.language == "en"
    assert 20 <= len(spanish.title) <= 90 and len(spanish.description.split()) >= 40
    assert spanish.title != english.title and spanish.description != english.description
    for text in (spanish.title, spanish.description):
        assert not ENGLISH_WORDS.search(text.replace("LOT", "").replace("EXP", "")), text
    # Every number and time limit of the English caption is in the Spanish one.
    assert re.findall(r"\d+", spanish.description) == re.findall(r"\d+", english.description)
    assert (spanish.width, spanish.height) == (english.width, english.height)


def test_spanish_page_renders_the_spanish_drawing():
    rendered = _render("what-to-do-now", "es")
    spanish = figures.figures("es")["what-to-do-now"]
    assert spanish.title.startswith("Qué hacer ahora")
    html = rendered.html
    assert '<figure class="figure" id="figure-what-to-do-now">' in html  # no lang: it is Spanish
    assert f'<title id="what-to-do-now-t">{spanish.title}</title>' in html
    assert f"</span> {spanish.description}</figcaption>" in html
    assert ">1 EMERGENCIA<" in html and "EMERGENCY" not in html and "Call the" not in html
    # The reading grade of a Spanish page reads the Spanish caption.
    assert spanish.description in rendered.prose and "Four boxes" not in rendered.prose


def test_english_page_is_unchanged():
    rendered = _render("what-to-do-now", "en")
    english = figures.figures("en")["what-to-do-now"]
    assert english.title.startswith("What to do now")
    assert f'<title id="what-to-do-now-t">{english.title}</title>' in rendered.html
    assert '<figure class="figure" id="figure-what-to-do-now">' in rendered.html
    assert ">1 EMERGENCY<" in rendered.html and "EMERGENCIA" not in rendered.html
    assert figures.figures() == figures.figures("en")  # English is active outside a request


def test_drawings_follow_the_active_language_and_are_kept_per_language():
    with translation.override("es"):
        assert figures.figures() is figures.figures("es")
    with translation.override("es-mx"):
        assert figures.figures()["skin-layers"].language == "es"
    assert figures.figures("es") is figures.figures("es")
    assert figures.figures("es") is not figures.figures("en")
    assert figures.figures("fr")["skin-layers"].language == "en"  # no such edition: English


def test_missing_spanish_drawing_falls_back_to_english(tmp_path, monkeypatch):
    for name in ("shared-vial", "skin-layers"):
        shutil.copy(ENGLISH / f"{name}.svg", tmp_path / f"{name}.svg")
    (tmp_path / "es").mkdir()
    shutil.copy(SPANISH / "skin-layers.svg", tmp_path / "es" / "skin-layers.svg")
    # A Spanish drawing with no English one is not offered: both editions know the same names.
    shutil.copy(SPANISH / "measure-lump.svg", tmp_path / "es" / "measure-lump.svg")
    monkeypatch.setattr(figures, "FIGURE_DIR", tmp_path)
    spanish = figures.figures("es")
    assert sorted(spanish) == ["shared-vial", "skin-layers"]
    assert spanish["skin-layers"].language == "es"
    assert spanish["shared-vial"] == figures.figures("en")["shared-vial"]
    html = _render("shared-vial", "es").html
    # Shown in English, and marked so, so a screen reader reads it in an English voice.
    assert '<figure class="figure" id="figure-shared-vial" lang="en">' in html
    assert "Why a used needle must never go back into a shared bottle" in html
    assert 'lang="en"' not in _render("skin-layers", "es").html
    assert "figure-measure-lump" not in _render("measure-lump", "es").html


def _spanish_article(content_dir, body: str):
    """A Spanish translation of /articles/healing/ (written too), with this body."""
    content_dir.article(
        "healing", body="Intro text.[^1][^2][^3]\n\n/// figure | recovery-timeline\n///\n"
    )
    fields = {"title": "Un artículo", "summary": "Un resumen corto del artículo."}
    text = front_matter(translation_of="/articles/healing/", **fields) + "\n" + body
    return content_dir.write("es/articles/curacion.md", text)


def test_spanish_article_shows_spanish_drawing_and_english_article_english(content_dir):
    _spanish_article(content_dir, "Texto.[^1][^2][^3]\n\n/// figure | recovery-timeline\n///\n")
    registry = load(content_dir.root, log=False)
    assert not [p for p in registry.problems if "figure" in p.message], registry.problems
    english = registry.edition("en").documents["/articles/healing/"].html_for("")
    spanish = registry.edition("es").documents["/es/articulos/curacion/"].html_for("")
    assert "When normal healing ends" in english and "Curación normal" not in english
    assert "Cuándo acaba la curación normal" in spanish and "Normal healing" not in spanish


def test_unknown_figure_on_a_spanish_page_lists_the_known_names(content_dir):
    path = _spanish_article(
        content_dir, "Texto.[^1][^2][^3]\n\n/// figure | recovery-timline\n///\n"
    )
    problems = [p for p in load(content_dir.root, log=False).problems if "figure" in p.message]
    assert [p.path for p in problems] == [path]
    assert "no such figure" in problems[0].message and "recovery-timeline" in problems[0].message


def test_each_editions_tools_have_their_own_drawings_whatever_language_loads_them():
    with translation.override("es"):
        registry = load(REAL_CONTENT_DIR, log=False)
    intro = registry.edition("en").tools["record"].intro_html
    assert figures.figures("en")["product-label"].title in intro and "LOT =" in intro
    assert figures.figures("es")["product-label"].title not in intro
    spanish = registry.edition("es").tools["registro"].intro_html
    assert figures.figures("es")["product-label"].title in spanish


def test_spanish_url_serves_the_spanish_drawing(content_dir, client):
    _spanish_article(content_dir, "Texto.[^1][^2][^3]\n\n/// figure | recovery-timeline\n///\n")
    spanish = client.get("/es/articulos/curacion/").content.decode()
    english = client.get("/articles/healing/").content.decode()
    assert "Curación normal" in spanish and 'aria-labelledby="recovery-timeline-t"' in spanish
    assert "Normal healing" in english and "Curación normal" not in english
