"""Direct tests of the editions in the site pass and the loader: each Spanish file is parsed in
Spanish, placed at its Spanish address, and lands in the Spanish edition only.

They run in a second or two, so `make mutation` meets the editions' mutants here.
"""

import pytest
from django.utils import translation

from articles.content import load, loading
from tests.factories import CHECKLIST_YAML, WARNING_SIGNS
from tests.tool_fixtures import DIARY_YAML, tool_site_of

STALE_HASH = "0123456789abcdef"  # a recorded version that is not the English text's
CARD = "\n/// emergency | Llame a emergencias si:\n\n- Le cuesta respirar.[^1]\n\n///\n"


@pytest.fixture
def bilingual(small_site):
    """The small site with its tools, and Spanish articles, warning signs, checklist and diary."""
    site = tool_site_of(small_site)
    next(site)
    small_site.spanish_article("primer-articulo", "first-article", aliases="[antiguo]",
                               related="[segundo-articulo]", english_hash=STALE_HASH,
                               body=CARD)  # fmt: skip
    small_site.spanish_article("segundo-articulo", "second-article", related="[first-article]")
    small_site.write("es/checklists/profesional.yaml",
                     "translation_of: /checklists/practitioner/\n"
                     + CHECKLIST_YAML.replace("[first-article]", "[primer-articulo]"))  # fmt: skip
    small_site.write(
        "es/warning-signs.md",
        WARNING_SIGNS.replace("---\n", "---\ntranslation_of: /warning-signs/\n", 1),
    )
    small_site.write("es/tools/diario.yaml",
                     "translation_of: /after-treatment/diary/\n" + DIARY_YAML)  # fmt: skip
    yield small_site
    next(site, None)


def test_each_edition_holds_its_own_files(bilingual):
    registry = load(bilingual.root, include_drafts=False, log=False)
    spanish = registry.edition("es")
    assert (registry.language, spanish.language) == ("en", "es")
    assert set(spanish.checklists) == {"profesional"} and set(spanish.tools) == {"diario"}
    assert "profesional" not in registry.checklists and "diario" not in registry.tools
    assert spanish.tools["diario"].url == "/es/despues-del-tratamiento/diario/"
    assert spanish.checklists["profesional"].url == "/es/listas/profesional/"
    assert spanish.checklists["profesional"].language == "es"
    assert spanish.warning_signs.url == "/es/senales-de-alarma/"
    assert registry.warning_signs.url == "/warning-signs/"
    assert set(spanish.articles) == {"primer-articulo", "segundo-articulo"}
    assert "primer-articulo" not in registry.articles


def test_every_problem_is_on_the_english_root_and_none_on_an_edition(bilingual):
    registry = load(bilingual.root, include_drafts=False, log=False)
    assert registry.problems and registry.edition("es").problems == ()


def test_a_spanish_alias_and_related_article_stay_in_spanish(bilingual):
    registry = load(bilingual.root, include_drafts=False, log=False)
    spanish = registry.edition("es")
    assert spanish.redirects == {"/es/articulos/antiguo/": "/es/articulos/primer-articulo/"}
    assert "/articles/antiguo/" not in registry.redirects
    related = [str(p) for p in registry.problems if "related" in p.message]
    # The Spanish page may list its Spanish neighbour, not an English slug.
    assert related == [
        f"{bilingual.root / 'es/articles/segundo-articulo.md'}:{_line(bilingual, 'related')}: "
        "related: no article 'first-article'"
    ]


def _line(folder, key: str) -> int:
    text = (folder.root / "es/articles/segundo-articulo.md").read_text(encoding="utf-8")
    return next(n for n, line in enumerate(text.split("\n"), 1) if line.startswith(f"{key}:"))


def test_a_stale_translation_is_listed_in_its_own_edition(bilingual):
    registry = load(bilingual.root, include_drafts=False, log=False)
    spanish = registry.edition("es")
    assert list(spanish.stale) == ["/es/articulos/primer-articulo/"]
    assert spanish.stale["/es/articulos/primer-articulo/"].english_url == "/articles/first-article/"
    assert registry.stale == {}


def test_a_spanish_page_is_rendered_in_spanish(bilingual):
    registry = load(bilingual.root, include_drafts=False, log=False)
    page = registry.edition("es").documents["/es/articulos/primer-articulo/"]
    html = page.html_for("")
    assert "Emergencia" in html and ">Emergency<" not in html


def test_an_edition_finds_the_others_and_an_unknown_language_is_this_one(bilingual):
    registry = load(bilingual.root, include_drafts=False, log=False)
    spanish = registry.edition("es")
    assert spanish.edition("es") is spanish
    assert spanish.edition("en") is registry
    assert registry.edition("en") is registry
    assert registry.edition("fr") is registry and spanish.edition("fr") is spanish


def test_get_registry_gives_the_asked_or_the_active_edition(bilingual):
    assert loading.get_registry("es").language == "es"
    assert loading.get_registry("en").language == "en"
    with translation.override("es"):
        assert loading.get_registry().language == "es"
        assert loading.get_registry("en").language == "en"
    with translation.override(None):  # nothing active: the default edition
        assert loading.get_registry().language == "en"


def test_load_reads_the_folder_it_is_given_not_the_setting(bilingual, settings, tmp_path):
    settings.MESOGUIDE_CONTENT_DIR = tmp_path / "empty"
    assert "first-article" in load(bilingual.root, include_drafts=False, log=False).articles
    settings.MESOGUIDE_CONTENT_DIR = bilingual.root
    assert "first-article" in load(None, include_drafts=False, log=False).articles
