"""Translations: each names its English page; the site pairs them and says when one falls behind."""

import io

import pytest
from django.core.management import call_command

from articles.content import load, readability
from articles.management.commands import recordtranslation


def _problems(folder):
    return [str(p) for p in load(folder.root, log=False).problems]


def test_a_translation_is_paired_with_its_english_page(small_site):
    small_site.spanish_article("primer-articulo", "first-article")
    registry = load(small_site.root, log=False)
    spanish = registry.edition("es")
    assert "/es/articulos/primer-articulo/" in spanish.documents
    assert registry.counterparts["/articles/first-article/"] == "/es/articulos/primer-articulo/"
    assert spanish.counterparts["/es/articulos/primer-articulo/"] == "/articles/first-article/"
    document = spanish.documents["/es/articulos/primer-articulo/"]
    assert document.language == "es" and document.translation.english_url.endswith("t-article/")


def test_a_translation_without_translation_of_is_an_error_on_its_line(small_site):
    path = small_site.spanish_article("primer-articulo", "first-article", translation_of=None)
    problems = _problems(small_site)
    assert f"{path}:1: translation_of: required" in "\n".join(problems)


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("/articles/no-such-page/", "translation_of: no English page /articles/no-such-page/"),
        ("/about/", "translation_of: /about/ is a page, not a article"),
        ("articles/first-article", "translation_of: required"),
    ],
)
def test_translation_of_must_name_an_english_page_of_the_same_kind(small_site, target, message):
    small_site.spanish_article("primer-articulo", "first-article", translation_of=target)
    problems = "\n".join(_problems(small_site))
    assert message in problems
    assert "es/articles/primer-articulo.md:" in problems


def test_two_translations_of_one_page_is_an_error(small_site):
    small_site.spanish_article("primer-articulo", "first-article")
    small_site.spanish_article("otro-articulo", "first-article")
    problems = "\n".join(_problems(small_site))
    assert "is already translated by" in problems


def test_an_english_file_cannot_claim_to_be_a_translation(small_site):
    path = small_site.article("third-article", translation_of="/articles/first-article/")
    assert f"{path}:" in "\n".join(p for p in _problems(small_site) if "only a translation" in p)


def _record(folder, name):
    call_command("recordtranslation", name, content_dir=str(folder.root), stdout=io.StringIO())


def test_recordtranslation_writes_the_english_version_and_then_the_warning_goes(small_site):
    path = small_site.spanish_article("primer-articulo", "first-article")
    assert any("translated version is not recorded" in p for p in _problems(small_site))
    _record(small_site, path.name)
    text = path.read_text()
    english = load(small_site.root, log=False).documents["/articles/first-article/"]
    assert f"english_hash: {english.body_hash}\nenglish_changes: 0\n" in text
    assert not [p for p in _problems(small_site) if "primer-articulo" in p]


def test_a_changed_english_page_makes_the_translation_stale(small_site):
    path = small_site.spanish_article("primer-articulo", "first-article")
    _record(small_site, path.name)
    small_site.article(
        "first-article", title="First article", order=10, aliases="[old-first]",
        changes="[{date: 2026-11-20, summary: New advice on lumps, type: major}]",
        body="Something new.[^1][^2][^3]\n\n## What happens\n\nNew text.\n",
    )  # fmt: skip
    registry = load(small_site.root, log=False)
    warning = [str(p) for p in registry.problems if "changed since this translation" in str(p)]
    assert len(warning) == 1
    assert "es/articles/primer-articulo.md:" in warning[0]
    assert "first-article.md (/articles/first-article/)" in warning[0]
    assert "2026-11-20: New advice on lumps" in warning[0]
    stale = registry.edition("es").stale["/es/articulos/primer-articulo/"]
    assert stale.english_url == "/articles/first-article/"
    assert str(stale.updated) == "2026-11-20"


def test_recordtranslation_names_a_file_that_is_not_a_translation(small_site):
    with pytest.raises(Exception, match="not a translation"):
        _record(small_site, "first-article.md")


def test_record_rewrites_an_old_version_in_place(tmp_path):
    path = tmp_path / "x.md"
    path.write_text("---\ntitle: T\ntranslation_of: /a/\nenglish_hash: 0000000000000000\n---\n")

    class English:
        body_hash, changes = "abcdef0123456789", (1, 2)

    assert recordtranslation.record(path, English())
    text = path.read_text()
    assert text.count("english_hash") == 1
    assert "translation_of: /a/\nenglish_hash: abcdef0123456789\nenglish_changes: 2\n" in text


def test_inflesz_is_checked_for_spanish_pages():
    class Page:
        language, path, prose = "es", "p.md", ""

    easy = Page()
    easy.prose = "La piel se pone roja. Llame al médico. " * 20
    easy.reading_ease = readability.ease_of_text(easy.prose)
    assert easy.reading_ease > 65
    assert readability.score_problem(easy, 3) is None
    hard = Page()
    hard.prose = (
        "La administración intradérmica de formulaciones farmacológicas heterogéneas "
        "constituye procedimiento terapéutico insuficientemente caracterizado epidemiológicamente. "
    ) * 10
    hard.reading_ease = readability.ease_of_text(hard.prose)
    problem = readability.score_problem(hard, 3)
    assert problem is not None and problem.line == 3
    assert "reading ease (INFLESZ)" in problem.message and "below 55" in problem.message


def test_a_source_language_must_be_a_two_letter_code(small_site):
    small_site.write(
        "articles/first-article.md",
        small_site.root.joinpath("articles/first-article.md")
        .read_text()
        .replace("    type: review\n", "    type: review\n    language: Spanish\n", 1),
    )
    assert any("language 'Spanish': use a two-letter code" in p for p in _problems(small_site))
