"""The content loader: parsing, validation errors (file, line, field) and the registry."""

import datetime

import pytest

from articles import content
from tests.factories import front_matter


def load(folder):
    return content.load(folder.root, include_drafts=False, log=False)


def messages(registry, name):
    return [(p.line, p.message) for p in registry.problems if p.path.name == name]


def test_valid_article_becomes_a_frozen_document(small_site):
    registry = load(small_site)
    document = registry.articles["first-article"]
    assert document.title == "First article"
    assert document.url == "/articles/first-article/"
    assert document.section == "basics"
    assert document.reviewed == datetime.date(2026, 11, 1)
    assert [s.number for s in document.sources] == [1, 2, 3]
    assert document.sources[0].type == "outbreak-report"
    assert [h.id for h in document.contents] == ["what-happens", "what-to-ask"]
    assert '<h2 id="what-happens">' in document.html_for("")
    with pytest.raises(AttributeError):
        document.title = "changed"  # frozen


def test_slug_comes_from_the_file_name_and_aliases_redirect(small_site):
    registry = load(small_site)
    assert registry.redirects["/articles/old-first/"] == "/articles/first-article/"
    # The only problem in the small site: its test checklist has fewer questions than advised.
    assert [p.message for p in registry.problems] == ["questions: 2 given; aim for 8 to 15"]


def test_articles_are_ordered_by_section_then_order(content_dir):
    content_dir.article("zeta", title="Zeta", section="safety", order=1)
    content_dir.article("beta", title="Beta", section="basics", order=20)
    content_dir.article("alpha", title="Alpha", section="basics", order=10)
    registry = load(content_dir)
    assert list(registry.articles) == ["alpha", "beta", "zeta"]
    previous, following = registry.neighbours(registry.articles["beta"])
    assert previous.slug == "alpha" and following is None


@pytest.mark.parametrize(
    ("fields", "line", "fragment"),
    [
        ({"title": None}, 1, "title: required"),
        ({"summary": "x" * 161}, 3, "summary: 161 characters; the limit is 160"),
        ({"section": "gossip"}, 4, "section: 'gossip' must be one of"),
        ({"order": "first"}, 5, "order: 'first' must be a whole number"),
        ({"reviewed": "2026-13-01"}, 6, "reviewed: '2026-13-01' is not a date"),
        ({"next_review": "2026-10-01"}, 7, "next_review: must be after reviewed"),
        ({"colour": "blue"}, 8, "unknown key 'colour'"),
        ({"draft": "maybe"}, 8, "draft: must be true or false"),
    ],
)
def test_front_matter_errors_name_line_and_field(content_dir, fields, line, fragment):
    path = content_dir.article("broken", **fields)
    registry = load(content_dir)
    found = messages(registry, "broken.md")
    assert any(fragment in message for _, message in found), found
    problem = next(p for p in registry.problems if fragment in p.message)
    assert problem.path == path
    assert problem.line == line
    assert str(problem).startswith(f"{path}:{line}: ")
    assert "broken" not in registry.articles


def test_yaml_syntax_error_reports_its_line(content_dir):
    content_dir.write("articles/bad-yaml.md", "---\ntitle: ok\nsummary: [unclosed\n---\nBody\n")
    (problem,) = load(content_dir).problems
    assert problem.line in (3, 4)
    assert "YAML error" in problem.message


def test_missing_front_matter_is_an_error(content_dir):
    content_dir.write("articles/no-front.md", "Just text.\n")
    (problem,) = load(content_dir).problems
    assert "missing front matter" in problem.message


def test_script_in_markdown_is_an_error_on_its_line(content_dir):
    body = "First line.\n\nSecond line.\n\n<script>alert(1)</script>\n"
    path = content_dir.article("scripted", body=body)
    registry = load(content_dir)
    problem = next(p for p in registry.problems if "<script>" in p.message)
    assert problem.path == path
    text = path.read_text().splitlines()
    assert text[problem.line - 1].startswith("<script>")
    assert "scripted" not in registry.articles


def test_sources_are_validated(content_dir):
    weak = """\
sources:
  - title: A clinic blog
    publisher: Clinic
    year: 2020
    url: https://www.scribd.com/document/1
    type: news
  - title: Missing things
    publisher: Someone
"""
    content_dir.article("weak", sources_block=weak, body="Text.[^1]\n")
    found = " | ".join(m for _, m in messages(load(content_dir), "weak.md"))
    assert "scribd.com is a mirror or copy" in found
    assert "sources[2]: missing year, url, type" in found
    assert "at least 3 needed" in found
    assert "at least one must be a regulator, outbreak-report or systematic-review" in found


def test_source_citation_out_of_range_is_an_error(content_dir):
    content_dir.article("cites", body="Claim.[^7]\n")
    found = messages(load(content_dir), "cites.md")
    assert any("[^7] cites source 7, but the page lists 3" in m for _, m in found)


def test_uncited_source_is_a_warning_only(content_dir):
    content_dir.article("uncited", body="Claim.[^1][^2]\n")
    registry = load(content_dir)
    (problem,) = registry.problems
    assert problem.severity == "warning" and "sources[3]: never cited" in problem.message
    assert "uncited" in registry.articles


def test_review_window_is_twelve_months_for_safety_pages(content_dir):
    content_dir.article("risky", section="safety", next_review="2028-06-01")
    found = messages(load(content_dir), "risky.md")
    assert any("within 12 months" in m for _, m in found)


def test_overdue_review_is_a_warning_and_the_page_still_shows(content_dir):
    content_dir.article("stale", reviewed="2024-01-01", next_review="2024-12-01")
    registry = load(content_dir)
    (problem,) = registry.problems
    assert problem.severity == "warning" and "review was due on 2024-12-01" in problem.message
    assert registry.articles["stale"].review_overdue


def test_links_to_missing_pages_and_sections_are_errors(content_dir):
    body = (
        "See [a](/articles/nowhere/).[^1][^2][^3]\n\n"
        "See [b](/articles/target/#no-such-section).\n\n## Fine\n"
    )
    content_dir.article("target")
    content_dir.article("linker", body=body)
    found = " | ".join(m for _, m in messages(load(content_dir), "linker.md"))
    assert "link to /articles/nowhere/: no such page" in found
    assert "link to /articles/target/#no-such-section: no such section" in found


def test_duplicate_and_shadowing_aliases_are_errors(content_dir):
    content_dir.article("one", aliases="[old]")
    content_dir.article("two", aliases="[old, one]")
    found = " | ".join(m for _, m in messages(load(content_dir), "two.md"))
    assert "'old' is already an alias" in found
    assert "'one' is the slug of a live page" in found


def test_reading_grade_above_eight_is_an_error(content_dir):
    sentence = (
        "Intradermal pharmacological administration of heterogeneous extemporaneous "
        "preparations necessitates comprehensive multidisciplinary pharmacovigilance "
        "considerations regarding immunological hypersensitivity manifestations. "
    )
    hard = sentence * 5 + "[^1][^2][^3]\n"
    path = content_dir.article("hard", body=hard)
    document = load(content_dir).articles["hard"]
    problem = content.grade_problem(path, document.body_line, document.prose, document.grade)
    assert (
        problem is not None and "reading grade" in problem.message and "above 8" in problem.message
    )
    assert problem.path == path


def test_drafts_only_in_development(content_dir):
    content_dir.article("draft-one", draft="true")
    assert "draft-one" not in content.load(content_dir.root, include_drafts=False).articles
    assert "draft-one" in content.load(content_dir.root, include_drafts=True).articles


def test_a_broken_file_leaves_the_others_published(content_dir):
    content_dir.article("good")
    content_dir.write("articles/broken.md", front_matter(title=None) + "Body\n")
    registry = load(content_dir)
    assert list(registry.articles) == ["good"]
    assert [p.path.name for p in registry.errors] == ["broken.md"]


def test_site_pages_need_no_sources_but_articles_do(content_dir):
    content_dir.page("about")
    content_dir.article("sourceless", sources_block="", body="Plain words.\n")
    registry = load(content_dir)
    assert "about" in registry.pages
    assert any("sources: required" in m for _, m in messages(registry, "sourceless.md"))


def test_registry_is_loaded_once_per_process_without_debug(small_site, settings):
    settings.MESOGUIDE_RELOAD_CONTENT = False
    first = content.get_registry()
    small_site.root.joinpath("articles", "first-article.md").unlink()  # no cache clear
    assert content.get_registry() is first


def test_registry_reloads_on_change_in_debug(small_site, settings):
    settings.MESOGUIDE_RELOAD_CONTENT = True
    first = content.get_registry()
    assert content.get_registry() is first  # unchanged files: same object
    path = small_site.root / "articles" / "third.md"
    path.write_text(front_matter(title="Third") + "\nText.[^1][^2][^3]\n")
    assert "third" in content.get_registry().articles
    path.unlink()
    assert "third" not in content.get_registry().articles


def test_short_pages_are_not_graded(content_dir):
    content_dir.article("short", body="Intradermal pharmacovigilance.[^1][^2][^3]\n")
    document = load(content_dir).articles["short"]
    assert document.grade > 8
    assert content.grade_problem(document.path, 1, document.prose, document.grade) is None


def test_alias_and_related_errors_point_at_their_key(content_dir):
    content_dir.article("one")
    path = content_dir.article("two", aliases="[one]", related="[missing]")
    lines = path.read_text().splitlines()
    registry = load(content_dir)
    alias = next(p for p in registry.problems if "aliases:" in p.message)
    related = next(p for p in registry.problems if "related:" in p.message)
    assert lines[alias.line - 1].startswith("aliases:")
    assert lines[related.line - 1].startswith("related:")
