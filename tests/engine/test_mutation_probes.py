"""Direct tests of the validators, the YAML reader and the loader: each edge a rule has.

They run in milliseconds, so `make mutation` meets most mutants here first.
"""

import dataclasses
import datetime
from pathlib import Path

import pytest
import yaml

from articles.content import documents, fields, loading, site, yaml_reader
from articles.content import sources as source_rules
from articles.content.documents import Document
from articles.content.problems import ContentProblem, FileProblems, Problems
from tests.factories import WARNING_SIGNS

TODAY = datetime.date.today()
PATH = Path("content/articles/x.md")


def check(**key_lines) -> Problems:
    return Problems(PATH, key_lines, default_line=1)


def messages(problems: Problems) -> list[tuple[int, str, str]]:
    return [(p.line, p.severity, p.message) for p in problems.problems]


# --- problems ------------------------------------------------------------------------------


def test_a_problem_prints_as_path_line_message():
    assert str(ContentProblem(PATH, 3, "bad")) == f"{PATH}:3: bad"
    assert str(ContentProblem(PATH, 3, "old", "warning")) == f"{PATH}:3: warning: old"
    assert ContentProblem(PATH, 1, "x").is_error
    assert not ContentProblem(PATH, 1, "x", "warning").is_error


def test_problems_use_the_key_line_or_the_default():
    found = Problems(PATH, {"title": 4}, default_line=2)
    found.error("title", "a")
    found.error("other", "b")
    found.warning("title", "c", line=9)
    assert messages(found) == [(4, "error", "a"), (2, "error", "b"), (9, "warning", "c")]
    assert found.has_errors
    only_warnings = Problems(PATH)
    only_warnings.warning("x", "w")
    assert not only_warnings.has_errors


# --- fields --------------------------------------------------------------------------------


def test_text_is_required_single_spaced_and_limited():
    found = check(title=2, summary=3)
    assert fields.text(found, {"title": "  A   b \n c "}, "title", 5) == "A b c"
    assert fields.text(found, {"title": "12345"}, "title", 5) == "12345"
    assert messages(found) == []
    assert fields.text(found, {"title": "123456"}, "title", 5) == "123456"
    assert fields.text(found, {}, "summary") == ""
    assert fields.text(found, {}, "hint", required=False) == ""
    assert fields.text(found, {"summary": " "}, "summary") == ""
    assert fields.text(found, {"summary": 5}, "summary", where="q 1", line=7) == ""
    assert messages(found) == [
        (2, "error", "title: 6 characters; the limit is 5"),
        (3, "error", "summary: required"),
        (3, "error", "summary: must be text (put it in double quotes)"),
        (7, "error", "q 1: summary: must be text (put it in double quotes)"),
    ]


def test_markdown_text_keeps_line_breaks():
    found = check(intro=5)
    assert fields.markdown_text(found, {"intro": "a\nb"}, "intro") == "a\nb"
    assert fields.markdown_text(found, {"intro": "  "}, "intro") == ""
    assert fields.markdown_text(found, {}, "intro") == ""
    assert messages(found) == [(5, "error", "intro: required text")] * 2


def test_dates_must_be_plain_dates():
    found = check(reviewed=6)
    day = datetime.date(2026, 1, 2)
    assert fields.date(found, {"reviewed": day}, "reviewed") == day
    assert fields.date(found, {}, "reviewed") is None
    assert fields.date(found, {"reviewed": datetime.datetime(2026, 1, 2)}, "reviewed") is None
    assert fields.date(found, {"reviewed": "soon"}, "reviewed") is None
    assert messages(found) == [
        (6, "error", "reviewed: required (a date such as 2026-11-28)"),
        (6, "error", "reviewed: '2026-01-02 00:00:00' is not a date in the form YYYY-MM-DD"),
        (6, "error", "reviewed: 'soon' is not a date in the form YYYY-MM-DD"),
    ]


@pytest.mark.parametrize(
    ("days", "short", "expected"),
    [
        (366, True, []),
        (367, True, ["next_review: must be within 12 months of reviewed"]),
        (3 * 366, False, []),
        (3 * 366 + 1, False, ["next_review: must be within 3 years of reviewed"]),
        (1, False, []),
        (0, False, ["next_review: must be after reviewed"]),
        (-1, True, ["next_review: must be after reviewed"]),
    ],
)
def test_the_review_window(days, short, expected):
    found = check(reviewed=2, next_review=3)
    reviewed = TODAY - datetime.timedelta(days=1)
    data = {"reviewed": reviewed, "next_review": reviewed + datetime.timedelta(days=days)}
    assert fields.review_dates(found, data, short) == (data["reviewed"], data["next_review"])
    assert [p.message for p in found.problems if p.is_error] == expected


def test_review_dates_in_the_past_and_future():
    found = check(reviewed=2, next_review=3)
    fields.review_dates(found, {"reviewed": TODAY, "next_review": TODAY + datetime.timedelta(1)}, 1)
    assert messages(found) == []
    tomorrow = TODAY + datetime.timedelta(days=1)
    fields.review_dates(found, {"reviewed": tomorrow, "next_review": tomorrow + (tomorrow - TODAY)},
                        True)  # fmt: skip
    yesterday = TODAY - datetime.timedelta(days=1)
    fields.review_dates(found, {"reviewed": yesterday - datetime.timedelta(9),
                                "next_review": yesterday}, True)  # fmt: skip
    fields.review_dates(found, {"reviewed": TODAY - datetime.timedelta(9), "next_review": TODAY},
                        True)  # fmt: skip
    assert messages(found) == [
        (2, "error", "reviewed: date is in the future"),
        (3, "warning", f"next_review: review was due on {yesterday}"),
    ]
    assert fields.review_dates(check(), {"reviewed": TODAY}, True) == (TODAY, None)


def test_flags_numbers_and_choices():
    found = check(draft=2, order=3, section=4)
    assert fields.flag(found, {"draft": True}, "draft") is True
    assert fields.flag(found, {}, "draft") is False
    assert fields.flag(found, {}, "draft", default=True) is True
    assert fields.flag(found, {"draft": "yes"}, "draft", default=True) is True
    assert fields.whole_number(found, {"order": 7}, "order", 100) == 7
    assert fields.whole_number(found, {}, "order", 100) == 100
    assert fields.whole_number(found, {"order": True}, "order", 100) == 100
    assert fields.whole_number(found, {"order": 1.5}, "order", 100) == 100
    assert fields.one_of(found, {"section": "b"}, "section", {"a": 1, "b": 2}) == "b"
    assert fields.one_of(found, {}, "section", {"a": 1, "b": 2}) == ""
    assert fields.one_of(found, {"section": ["a"]}, "section", {"a": 1}) == ""
    assert messages(found) == [
        (2, "error", "draft: must be true or false"),
        (3, "error", "order: 'True' must be a whole number"),
        (3, "error", "order: '1.5' must be a whole number"),
        (4, "error", "section: 'missing' must be one of a, b"),
        (4, "error", "section: \"['a']\" must be one of a"),
    ]


def test_slugs_and_sentences():
    found = check(aliases=2, key_points=3)
    assert fields.slugs(found, {"aliases": "old-name"}, "aliases") == ("old-name",)
    assert fields.slugs(found, {}, "aliases") == ()
    assert fields.slugs(found, {"aliases": ["a-1", "B", 3, "-x"]}, "aliases") == ("a-1",)
    assert fields.slugs(found, {"aliases": {"a": 1}}, "aliases") == ()
    assert fields.sentences(found, {"key_points": [" a  b ", "c"]}, "key_points", 2) == ("a b", "c")
    assert fields.sentences(found, {}, "key_points", 2) == ()
    assert fields.sentences(found, {"key_points": ["a", "b", "c"]}, "key_points", 2)
    assert fields.sentences(found, {"key_points": ["a", " "]}, "key_points", 2) == ()
    assert fields.sentences(found, {"key_points": "a"}, "key_points", 2) == ()
    assert messages(found) == [
        (2, "error", "aliases: 'B' is not a slug (lower-case letters, digits, -)"),
        (2, "error", "aliases: '3' is not a slug (lower-case letters, digits, -)"),
        (2, "error", "aliases: '-x' is not a slug (lower-case letters, digits, -)"),
        (2, "error", "aliases: must be a list of slugs"),
        (3, "error", "key_points: at most 2, found 3"),
        (3, "error", "key_points: must be a list of sentences"),
        (3, "error", "key_points: must be a list of sentences"),
    ]


def test_labels():
    names = ("stop", "ok")
    found = check(verdicts=2)
    assert fields.labels(found, {"verdicts": {"stop": " S  s ", "ok": "O"}}, "verdicts", names,
                         True) == {"stop": "S s", "ok": "O"}  # fmt: skip
    assert fields.labels(found, {}, "verdicts", names, False) == {}
    assert fields.labels(found, {"verdicts": {"ok": "O"}}, "verdicts", names, False) == {"ok": "O"}
    assert messages(found) == []
    assert fields.labels(found, {}, "verdicts", names, True) == {}
    assert fields.labels(found, {"verdicts": {"ok": "O"}}, "verdicts", names, True) == {}
    assert fields.labels(found, {"verdicts": {"x": "O"}}, "verdicts", names, False) == {}
    assert fields.labels(found, {"verdicts": ["ok"]}, "verdicts", names, False) == {}
    assert fields.labels(found, {"verdicts": {"ok": 1}}, "verdicts", names, False) == {}
    assert messages(found) == [
        (2, "error", "verdicts: give a text for each of stop, ok"),
        (2, "error", "verdicts: give a text for each of stop, ok"),
        (2, "error", "verdicts: only stop, ok may be given"),
        (2, "error", "verdicts: only stop, ok may be given"),
        (2, "error", "verdicts: ok must be text"),
    ]


def test_unknown_keys_and_file_names():
    found = check(colour=4)
    fields.unknown_keys(found, {"title": 1, "colour": 2, "size": 3}, {"title"}, line=9)
    fields.unknown_keys(found, {"b": 1}, {"a", "c"}, where="q 1", lines={"b": 7})
    fields.file_name(found, "good-name-2")
    fields.file_name(Problems(Path("Bad.md")), "Bad")
    assert messages(found) == [
        (4, "error", "unknown key 'colour' (allowed: title)"),
        (9, "error", "unknown key 'size' (allowed: title)"),
        (7, "error", "q 1: unknown key 'b' (allowed: a, c)"),
    ]
    bad = Problems(Path("Bad.md"))
    fields.file_name(bad, "Bad")
    assert messages(bad) == [
        (1, "error", "file name 'Bad.md': use lower-case letters, digits and hyphens")
    ]


# --- sources -------------------------------------------------------------------------------

GOOD = {"title": " T  t ", "publisher": " P ", "year": 2001, "url": " https://a.org/x ",
        "type": "trial", "authors": " A  B "}  # fmt: skip


def test_a_good_source_is_cleaned():
    found = check(sources=2)
    (source,) = source_rules.sources(found, {"sources": [GOOD]}, [5])
    assert source == source_rules.Source(1, "T t", "P", 2001, "https://a.org/x", "trial", "A B")
    assert source_rules.sources(found, {}, []) == ()
    assert messages(found) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"year": 1899}, "year 1899 is not plausible"),
        ({"year": TODAY.year + 2}, f"year {TODAY.year + 2} is not plausible"),
        ({"year": True}, "year must be a number such as 2014"),
        ({"year": "2001"}, "year must be a number such as 2014"),
        ({"type": "gossip"}, "type 'gossip' is not one of"),
        ({"url": "https://"}, "url must be a full https:// address"),
        ({"url": "mailto:a@b.org"}, "url must be a full https:// address"),
        ({"url": "https://scribd.com/x"}, "scribd.com is a mirror or copy"),
        ({"url": "https://www.scribd.com/x"}, "www.scribd.com is a mirror or copy"),
        ({"title": " "}, "title, publisher and url must be text"),
        ({"url": 5}, "title, publisher and url must be text"),
        ({"authors": 5}, "authors must be text"),
        ({"isbn": "1"}, "unknown key 'isbn'"),
    ],
)
def test_each_source_rule(change, message):
    found = check(sources=2)
    source_rules.sources(found, {"sources": [GOOD | change]}, [5])
    assert [(p.line, p.message) for p in found.problems] == [(5, f"sources[1]: {message}")] or any(
        message in p.message and p.line == 5 for p in found.problems
    )
    assert all(p.message.startswith("sources[1]: ") for p in found.problems)


@pytest.mark.parametrize(
    ("language", "kept", "problem"),
    [
        pytest.param(None, "en", None, id="not-given-is-english"),
        pytest.param("fr", "fr", None, id="a-code"),
        pytest.param("French", "en", "language 'French'", id="a-name"),
        pytest.param("x" * 30, "en", "language '" + "x" * 20 + "'", id="shown-cut-to-20"),
        pytest.param(7, "en", "language '7'", id="not-text"),
    ],
)
def test_a_source_language_is_a_two_letter_code(language, kept, problem):
    found = check(sources=2)
    item = GOOD if language is None else GOOD | {"language": language}
    result = source_rules.sources(found, {"sources": [item]}, [5])
    if problem is None:
        assert messages(found) == [] and result[0].language == kept
    else:
        message = f"sources[1]: {problem}: use a two-letter code such as es or fr"
        assert [(p.line, p.message) for p in found.problems] == [(5, message)]
    assert source_rules._language(item) == kept


def test_the_type_error_lists_every_type():
    found = check(sources=2)
    source_rules.sources(found, {"sources": [GOOD | {"type": "g" * 50}]}, [5])
    listed = ", ".join(sorted(source_rules.SOURCE_TYPES))
    assert [p.message for p in found.problems] == [
        f"sources[1]: type {'g' * 40!r} is not one of {listed}"
    ]


def test_a_source_without_authors_has_none():
    without = {k: v for k, v in GOOD.items() if k != "authors"}
    (source,) = source_rules.sources(check(), {"sources": [without]}, [5])
    assert source.authors == ""


def test_a_source_without_its_own_line_is_reported_on_the_sources_key():
    found = check(sources=4)
    assert source_rules.sources(found, {"sources": [{"title": "T"}]}, []) == ()
    assert messages(found) == [(4, "error", "sources[1]: missing publisher, year, url, type")]


def test_an_http_address_is_a_full_address():
    assert source_rules._url_problem("http://www.fda.gov/x") == ""
    assert source_rules._url_problem("ftp://www.fda.gov/x") == "url must be a full https:// address"


@pytest.mark.parametrize("year", [1900, TODAY.year, TODAY.year + 1])
def test_plausible_years(year):
    found = check()
    source_rules.sources(found, {"sources": [GOOD | {"year": year}]}, [5])
    assert found.problems == []


def test_sources_lists_and_their_lines():
    found = check(sources=2)
    assert source_rules.sources(found, {"sources": "x"}, []) == ()
    missing = {k: v for k, v in GOOD.items() if k not in {"url", "type"}}
    assert source_rules.sources(found, {"sources": ["x", missing, GOOD]}, [5, 8]) != ()
    assert messages(found) == [
        (2, "error", "sources: must be a list"),
        (5, "error", "sources[1]: must have title, publisher, year, url, type"),
        (8, "error", "sources[2]: missing url, type"),
    ]


def test_not_a_mirror():
    assert not source_rules.is_mirror("https://notscribd.com/x")
    assert not source_rules.is_mirror("https://pubmed.ncbi.nlm.nih.gov/1/")
    assert source_rules.is_mirror("https://WEB.ARCHIVE.ORG/x")


def test_enough_strong_sources():
    strong = [source_rules.Source(n, "t", "p", 2001, "u", "regulator") for n in (1, 2, 3)]
    weak = [source_rules.Source(n, "t", "p", 2001, "u", "news") for n in (1, 2, 3)]
    found = check(sources=2)
    source_rules.strong_enough(found, {"sources": []}, tuple(strong))
    source_rules.strong_enough(found, {"sources": []}, ())
    assert found.problems == []
    source_rules.strong_enough(found, {}, ())
    source_rules.strong_enough(found, {"sources": []}, tuple(strong[:2]))
    source_rules.strong_enough(found, {"sources": []}, tuple(weak))
    assert [p.message for p in found.problems] == [
        "sources: required on every article and the warning-signs page",
        "sources: at least 3 needed, found 2",
        "sources: at least one must be a regulator, outbreak-report or systematic-review",
    ]


# --- the YAML reader -----------------------------------------------------------------------


def test_read_text(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b"\xef\xbb\xbfhello")
    text, (warning,) = yaml_reader.read_text(path)
    assert text == "hello"
    assert (warning.line, warning.severity) == (1, "warning")
    path.write_bytes(b"x" * yaml_reader.MAX_FILE_BYTES)
    assert yaml_reader.read_text(path) == ("x" * yaml_reader.MAX_FILE_BYTES, [])
    path.write_bytes(b"x" * (yaml_reader.MAX_FILE_BYTES + 1))
    with pytest.raises(FileProblems) as big:
        yaml_reader.read_text(path)
    assert [(p.path, p.line, p.message) for p in big.value.problems] == [
        (path, 1, "file is 262,145 bytes; the limit is 262,144")
    ]
    path.write_bytes(b"ok\nok\n\xff")
    with pytest.raises(FileProblems) as bad:
        yaml_reader.read_text(path)
    assert [(p.path, p.line, p.message) for p in bad.value.problems] == [
        (path, 3, "not valid UTF-8 (byte 6): save as UTF-8")
    ]
    with pytest.raises(FileProblems) as gone:
        yaml_reader.read_text(tmp_path / "missing.md")
    assert gone.value.problems[0].message.startswith("could not read the file: ")


def _fails(text: str, first_line: int = 1) -> tuple[int, str]:
    with pytest.raises(FileProblems) as caught:
        yaml_reader.load_mapping(PATH, text, first_line)
    (problem,) = caught.value.problems
    assert problem.path == PATH  # every problem names its file
    return problem.line, problem.message


def test_a_file_that_grows_while_it_is_read_is_refused(tmp_path, monkeypatch):
    # The size is checked before reading; a file still being written can be longer by then.
    path = tmp_path / "a.md"
    monkeypatch.setattr(
        yaml_reader, "_read_bytes", lambda p: b"x" * (yaml_reader.MAX_FILE_BYTES + 1)
    )
    with pytest.raises(FileProblems) as big:
        yaml_reader.read_text(path)
    assert [(p.path, p.line, p.message) for p in big.value.problems] == [
        (path, 1, "file is over the limit of 262,144 bytes")
    ]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: 1\nb:\n  - &x y\n  - *x\n", 12, "YAML anchors and aliases (&, *) are not allowed"),
        ("a:\n  - !!python/none x\n", 11,
         "YAML tags (tag:yaml.org,2002:python/none) are not allowed"),
        ("b:\n  c: 1\n  c: 2\n", 12, "duplicate key 'c' (first given on line 11)"),
        ("- 1\n", 10, "expected keys and values"),
    ],
)  # fmt: skip
def test_problems_deep_in_the_front_matter_are_counted_from_its_first_line(text, line, message):
    assert _fails(text, 10) == (line, message)


def test_a_key_that_is_not_text_does_not_hide_a_later_duplicate():
    assert _fails("? [x]\n: 1\na: 1\na: 2\n") == (4, "duplicate key 'a' (first given on line 3)")


def test_load_mapping_counts_lines_from_the_first_line():
    _data, lines, node = yaml_reader.load_mapping(PATH, "\na: 1\nb:\n  - x\n", 10)
    assert lines == {"a": 11, "b": 12}
    assert yaml_reader.item_lines(node, "b", 10) == [13]


def test_load_mapping_gives_data_and_lines():
    data, lines, node = yaml_reader.load_mapping(PATH, "\na: 1\nb:\n  - x\n  - y\n", 1)
    assert data == {"a": 1, "b": ["x", "y"]}
    assert lines == {"a": 2, "b": 3}
    assert yaml_reader.item_lines(node, "b") == [4, 5]
    assert yaml_reader.item_lines(node, "a") == []
    assert yaml_reader.item_lines(node, "zzz") == []
    assert yaml_reader.child(node, "zzz") is None
    assert yaml_reader.child(None, "a") is None
    assert yaml_reader.key_lines(None) == {}
    assert yaml_reader.load_mapping(PATH, "", 1)[0] == {}
    assert yaml_reader.load_mapping(PATH, "# only a comment\n", 1)[:2] == ({}, {})
    assert yaml_reader.load_mapping(PATH, "a: 2026-02-30\n")[0] == {"a": "2026-02-30"}


def test_load_mapping_refuses_what_is_not_plain_data():
    assert _fails("- a\n") == (1, "expected keys and values")
    assert _fails("a: [\n", 3) == (
        4,
        "YAML error: did not find expected node content",
    )
    assert _fails("a: 1\nb: !!python/none x\n") == (
        2, "YAML tags (tag:yaml.org,2002:python/none) are not allowed",
    )  # fmt: skip
    assert _fails("a: &x [1]\nb: *x\n") == (2, "YAML anchors and aliases (&, *) are not allowed")
    assert _fails("a: 1\n\nb: 2\na: 3\n", 10) == (13, "duplicate key 'a' (first given on line 10)")
    assert _fails("a:\n  b: !!int x\n") == (2, "YAML error: 'x' is not a valid int (ValueError)")
    assert _fails("a: \x07\n")[1].startswith("YAML error: character #x0007")
    assert _fails("a: 1\n---\nb: 2\n")[0] == 2


# --- loading and the site ------------------------------------------------------------------


def _doc(slug, section="basics", order=1, kind="article", **extra) -> Document:
    return Document(kind=kind, slug=slug, path=Path(f"{slug}.md"), title=slug.title(), summary="s",
                    reviewed=extra.pop("reviewed", TODAY), next_review=TODAY, section=section,
                    order=order, **extra)  # fmt: skip


def test_registry_neighbours_sections_and_related():
    a, b, c = _doc("a", order=1), _doc("b", order=2), _doc("c", section="safety")
    registry = site.Registry(
        documents={}, articles={"a": a, "b": b, "c": c}, pages={}, redirects={}, problems=()
    )
    assert registry.neighbours(a) == (None, b)
    assert registry.neighbours(b) == (a, None)
    assert registry.neighbours(c) == (None, None)
    assert registry.by_section() == [("basics", "The basics", [a, b]),
                                     ("safety", "Risks and safety", [c])]  # fmt: skip
    assert registry.related(_doc("d", related=("c", "gone", "a"))) == [c, a]
    assert registry.last_reviewed == TODAY
    assert registry.errors == []


def test_last_reviewed_is_the_newest_review():
    old = _doc("old", reviewed=TODAY - datetime.timedelta(days=30))
    new = _doc("new", reviewed=TODAY - datetime.timedelta(days=3))
    registry = site.Registry(
        documents={"/o/": old, "/n/": new}, articles={}, pages={}, redirects={}, problems=(
            ContentProblem(PATH, 1, "e"), ContentProblem(PATH, 1, "w", "warning"))
    )  # fmt: skip
    assert registry.last_reviewed == TODAY - datetime.timedelta(days=3)
    assert [p.message for p in registry.errors] == ["e"]


def test_discover_finds_each_kind_in_order(tmp_path):
    for name in ("articles/b.md", "articles/a.md", "pages/p.md", "checklists/c.yaml",
                 "checklists/notes.txt", "articles/skip.txt", "warning-signs.md",
                 "es/articles/x.md", "es/warning-signs.md"):  # fmt: skip
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    found = [
        (p.relative_to(tmp_path).as_posix(), k, lang) for p, k, lang in loading.discover(tmp_path)
    ]
    assert found == [
        ("warning-signs.md", "warning-signs", "en"),
        ("articles/a.md", "article", "en"),
        ("articles/b.md", "article", "en"),
        ("pages/p.md", "page", "en"),
        ("checklists/c.yaml", "checklist", "en"),
        ("es/warning-signs.md", "warning-signs", "es"),
        ("es/articles/x.md", "article", "es"),
    ]
    assert loading.discover(tmp_path / "nothing") == []


def test_a_dangling_warning_signs_link_is_still_found(tmp_path):
    (tmp_path / "warning-signs.md").symlink_to(tmp_path / "gone.md")
    assert loading.discover(tmp_path) == [(tmp_path / "warning-signs.md", "warning-signs", "en")]


def test_the_fingerprint_changes_with_any_file(tmp_path):
    (tmp_path / "a.md").write_text("one")
    first = loading.content_fingerprint(tmp_path)
    assert loading.content_fingerprint(tmp_path) == first
    assert len(first) == 32
    (tmp_path / "a.md").write_text("two")  # same size, new time
    second = loading.content_fingerprint(tmp_path)
    assert second != first
    (tmp_path / "b.md").write_text("")
    assert loading.content_fingerprint(tmp_path) != second


def test_the_reload_key_holds_every_setting_the_html_depends_on(settings, tmp_path):
    settings.MESOGUIDE_CONTENT_DIR = tmp_path
    settings.MESOGUIDE_RELOAD_CONTENT = False
    settings.MESOGUIDE_CONTACT_EMAIL = "a@example.org"
    key = loading._settings_key()
    assert key == (str(tmp_path), settings.DEBUG, "a@example.org", "")
    settings.MESOGUIDE_RELOAD_CONTENT = True
    assert loading._settings_key()[3] == loading.content_fingerprint(tmp_path)


def test_the_reloading_cache_loads_once_and_again_on_change(settings, tmp_path):
    settings.MESOGUIDE_CONTENT_DIR = tmp_path
    settings.MESOGUIDE_RELOAD_CONTENT = False
    calls, signals = [], []
    cache = loading.ReloadingCache(lambda: calls.append(1) or len(calls))

    def heard(**kwargs):
        signals.append(kwargs["sender"])

    loading.content_changed.connect(heard)
    try:
        assert (cache.get(), cache.get()) == (1, 1)
        settings.MESOGUIDE_CONTACT_EMAIL = "new@example.org"
        assert cache.get() == 2
        cache.clear()
        assert cache.get() == 3
    finally:
        loading.content_changed.disconnect(heard)
    assert signals == [loading.ReloadingCache] * 4


def test_parse_file_turns_a_bug_into_one_problem(tmp_path, monkeypatch, caplog):
    path = tmp_path / "articles" / "a.md"
    path.parent.mkdir()
    path.write_text("x")

    def broken(*args):
        raise KeyError("bug")

    monkeypatch.setattr(loading, "parse_document", broken)
    result = loading.parse_file((path, "article", "en", tmp_path))
    assert result.item is None
    assert [(p.path, p.line, p.message) for p in result.problems] == [
        (path, 1, "could not be loaded (internal error KeyError): please report it")
    ]
    # The bug itself goes to the log, with its traceback, for whoever maintains the engine.
    (record,) = [r for r in caplog.records if r.name == "mesoguide.content"]
    assert record.getMessage() == f"could not load {path}" and record.exc_info
    outside = loading.parse_file((Path("/etc/hostname"), "page", "en", tmp_path))
    assert [(p.path, p.line, p.message) for p in outside.problems] == [
        (Path("/etc/hostname"), 1, "points outside the content folder")
    ]


def test_parse_file_gives_a_document_its_content_folders_snippets(content_dir):
    # warning-signs.md sits at the top of the folder: its snippets are not in ../snippets.
    content_dir.write("snippets/note.md", "A snippet for the warning signs.\n")
    path = content_dir.warning_signs(WARNING_SIGNS + '\n--8<-- "note.md"\n')
    result = loading.parse_file((path, "warning-signs", "en", content_dir.root))
    assert [str(p) for p in result.problems if p.is_error] == []
    assert "A snippet for the warning signs." in result.item.html_for("")


def test_a_second_file_at_the_same_address_is_reported_on_it(tmp_path):
    first = Document(kind="page", slug="about", path=tmp_path / "pages" / "about.md", title="A",
                     summary="S", reviewed=TODAY, next_review=TODAY)  # fmt: skip
    second = dataclasses.replace(first, path=tmp_path / "elsewhere" / "about.md")
    registry = site.build([documents.Parsed(first), documents.Parsed(second)], True)
    assert [(p.path, p.line, p.message) for p in registry.problems] == [
        (second.path, 1, "/about/ is already used by about.md")
    ]
    assert registry.documents["/about/"] is first


def test_a_page_at_a_fixed_address_names_the_view_that_has_it(tmp_path):
    page = Document(kind="page", slug="qr", path=tmp_path / "pages" / "qr.md", title="Q",
                    summary="S", reviewed=TODAY, next_review=TODAY)  # fmt: skip
    registry = site.build([documents.Parsed(page)], True)
    assert [(p.line, p.message) for p in registry.problems] == [
        (1, "/qr/ is already in use by the site (qr-home)")
    ]
    assert registry.documents == {}


def test_checklists_of_keeps_only_checklist_problems():
    registry = site.Registry(
        documents={}, articles={}, pages={}, redirects={}, checklists={"c": "C"},
        problems=(ContentProblem(Path("articles/a.md"), 1, "x"),
                  ContentProblem(Path("checklists/c.yaml"), 2, "y"),
                  ContentProblem(Path("tools/t.yaml"), 3, "z")),
    )  # fmt: skip
    found = loading.checklists_of(registry)
    assert found.definitions == {"c": "C"}
    assert [p.message for p in found.problems] == ["y"]


def test_yaml_nodes_report_their_lines():
    node = yaml.compose("a: 1\nb: 2\n")
    assert yaml_reader.node_line(node.value[1][0]) == 2
    assert yaml_reader.node_line(node.value[1][0], first_line=10) == 11


def test_each_kind_of_yaml_error_names_its_line(monkeypatch):
    assert _fails("a: 1\nb: \x07\n", 4) == (
        5,
        "YAML error: character #x0007: control characters are not allowed",
    )

    def raise_(error):
        def get_single_node(self):
            raise error

        return get_single_node

    monkeypatch.setattr(
        yaml_reader._ContentLoader, "get_single_node", raise_(yaml.YAMLError("odd"))
    )
    with pytest.raises(FileProblems) as plain:
        yaml_reader.load_mapping(PATH, "a: 1\n", 7)
    (problem,) = plain.value.problems
    assert (problem.path, problem.line, problem.message) == (PATH, 7, "YAML error: odd")
    monkeypatch.setattr(
        yaml_reader._ContentLoader,
        "get_single_node",
        raise_(yaml.MarkedYAMLError(problem="no mark")),
    )
    assert _fails("a: 1\n", 7) == (7, "YAML error: no mark")


def test_long_values_are_cut_in_messages():
    found = check(section=2)
    fields.one_of(found, {"section": "x" * 50}, "section", {"a": 1})
    assert found.problems[0].message == f"section: {'x' * 40!r} must be one of a"


def test_neighbours_in_a_longer_section():
    a, b, c = _doc("a", order=1), _doc("b", order=2), _doc("c", order=3)
    registry = site.Registry(
        documents={}, articles={"a": a, "b": b, "c": c}, pages={}, redirects={}, problems=()
    )
    assert [registry.neighbours(d) for d in (a, b, c)] == [(None, b), (a, c), (b, None)]


def test_an_unreadable_entry_does_not_hide_the_files_after_it(tmp_path):
    (tmp_path / "a-dangling").symlink_to(tmp_path / "nowhere")
    (tmp_path / "b.md").write_text("one")
    first = loading.content_fingerprint(tmp_path)
    (tmp_path / "b.md").write_text("one more")
    assert loading.content_fingerprint(tmp_path) != first


# --- the site pass and loading, end to end on small folders ---------------------------------


def _site_with_a_draft(content_dir):
    content_dir.article("live", order=20, title="Live", aliases="[old-live]", related="[draft]")
    content_dir.article("first-article", order=10, title="First", section="safety")
    content_dir.article("b-same-order", order=20, title="B same order")
    content_dir.article("draft", draft="true", aliases="[old-draft]")
    content_dir.page("about")
    content_dir.warning_signs()
    content_dir.checklist()
    return content_dir


def test_build_leaves_drafts_out_unless_asked(content_dir):
    site_dir = _site_with_a_draft(content_dir)
    live = loading.load(site_dir.root, include_drafts=False, log=False)
    assert list(live.articles) == ["b-same-order", "live", "first-article"]  # section, order, title
    assert "/articles/draft/" not in live.documents
    assert live.redirects == {"/articles/old-live/": "/articles/live/"}
    assert set(live.pages) == {"about"}
    assert live.warning_signs is live.documents["/warning-signs/"]
    assert set(live.checklists) == {"practitioner"}
    everything = loading.load(site_dir.root, include_drafts=True, log=False)
    assert "/articles/draft/" in everything.documents
    assert everything.redirects["/articles/old-draft/"] == "/articles/draft/"
    messages = [p.message for p in live.problems if p.is_error]
    assert messages == ["related: 'draft' is a draft"]


def test_load_follows_debug_for_drafts_and_logs_each_problem(content_dir, settings, caplog):
    site_dir = _site_with_a_draft(content_dir)
    settings.DEBUG = True
    with caplog.at_level("WARNING", logger="mesoguide.content"):
        registry = loading.load(site_dir.root)
    assert "/articles/draft/" in registry.documents
    levels = {(r.levelname, r.getMessage().rsplit(": ", 1)[-1]) for r in caplog.records}
    assert ("ERROR", "'draft' is a draft") in levels
    assert ("WARNING", "2 given; aim for 8 to 15") in levels
    settings.DEBUG = False
    caplog.clear()
    assert "/articles/draft/" not in loading.load(site_dir.root, log=False).documents
    assert caplog.records == []


def test_links_to_moved_pages_own_sections_and_drafts(content_dir):
    _site_with_a_draft(content_dir)
    body = (
        "Text.[^1][^2][^3]\n\n[a](/articles/old-live/) [b](#source-1) [c](#nowhere)"
        " [d](/about/?x=1) [e](/checklists/practitioner/#x) [f](/articles/draft/)\n"
    )
    path = content_dir.article("links", body=body)
    draft = content_dir.article("draft-links", body=body, draft="true")
    registry = loading.load(content_dir.root, include_drafts=True, log=False)
    mine = sorted(p.message for p in registry.problems if p.path == path)
    assert mine == [
        "link to /articles/draft/: that page is a draft, so the live site has no such page",
        "link to /articles/links/#nowhere: no such section on that page",
        "link to /articles/old-live/: no such page (it moved to /articles/live/)",
    ]
    drafts = sorted(p.message for p in registry.problems if p.path == draft)
    assert drafts == [
        "link to /articles/draft-links/#nowhere: no such section on that page",
        "link to /articles/old-live/: no such page (it moved to /articles/live/)",
    ]


def test_a_url_used_twice_keeps_the_first(content_dir):
    first = content_dir.article("same")
    (content_dir.root / "pages" / "x.md").write_text(first.read_text())
    registry = loading.load(content_dir.root, log=False)
    assert registry.documents["/articles/same/"].path == first


def test_parallel_loading_gives_the_same_site(content_dir, monkeypatch):
    _site_with_a_draft(content_dir)
    serial = loading.load(content_dir.root, include_drafts=True, log=False)
    monkeypatch.setattr(loading, "PARALLEL_FROM_FILES", 2)
    monkeypatch.setattr(loading.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(loading.threading, "active_count", lambda: 1)
    parallel = loading.load(content_dir.root, include_drafts=True, log=False)
    assert list(parallel.documents) == list(serial.documents)
    assert parallel.problems == serial.problems
    assert [d.title for d in parallel.articles.values()] == [
        d.title for d in serial.articles.values()
    ]


class _RecordingPool:
    """Stands in for ProcessPoolExecutor: records how it was asked, parses in this process."""

    made: list = []

    def __init__(self, **kwargs):
        self.made.append(kwargs)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def map(self, fn, jobs, chunksize=1):
        return [fn(job) for job in jobs]


@pytest.mark.parametrize(
    ("files", "cpus", "threads", "workers"),
    [
        pytest.param(200, 4, 1, 4, id="large-site"),
        pytest.param(200, 12, 1, 8, id="at-most-8-workers"),
        pytest.param(199, 4, 1, None, id="small-site-in-process"),
        pytest.param(200, 1, 1, None, id="one-cpu-in-process"),
        pytest.param(200, None, 1, None, id="cpus-unknown-in-process"),
        # Forking a process that runs other threads can deadlock the child.
        pytest.param(200, 4, 2, None, id="other-threads-in-process"),
    ],
)
def test_only_a_large_site_on_several_cpus_is_parsed_in_forked_workers(
    tmp_path, monkeypatch, caplog, files, cpus, threads, workers
):
    monkeypatch.setattr(loading, "ProcessPoolExecutor", _RecordingPool)
    monkeypatch.setattr(_RecordingPool, "made", [])
    monkeypatch.setattr(loading.os, "cpu_count", lambda: cpus)
    monkeypatch.setattr(loading.threading, "active_count", lambda: threads)
    jobs = [(tmp_path / "pages" / f"p{n}.md", "page", "en") for n in range(files)]
    parsed = loading._parse_all(jobs, tmp_path)
    assert len(parsed) == files and all(p.item is None for p in parsed)
    assert parsed[0].problems[0].path == jobs[0][0]
    made = _RecordingPool.made
    assert [m["max_workers"] for m in made] == ([workers] if workers else [])
    # Fork, so the workers keep the configured Django settings.
    assert all(m["mp_context"].get_start_method() == "fork" for m in made)
    assert not caplog.records  # the pool did the work: no fall-back to serial loading


def test_a_broken_pool_falls_back_to_loading_in_turn(content_dir, monkeypatch, caplog):
    _site_with_a_draft(content_dir)
    monkeypatch.setattr(loading, "PARALLEL_FROM_FILES", 2)
    monkeypatch.setattr(loading.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(loading.threading, "active_count", lambda: 1)

    def no_pool(*args, **kwargs):
        raise OSError("no processes here")

    monkeypatch.setattr(loading, "ProcessPoolExecutor", no_pool)
    with caplog.at_level("WARNING", logger="mesoguide.content"):
        registry = loading.load(content_dir.root, include_drafts=True, log=False)
    assert "live" in registry.articles
    assert [r.getMessage() for r in caplog.records] == [
        "parallel content load failed (no processes here); loading serially"
    ]


@pytest.mark.parametrize(
    ("cpus", "threads", "files"), [(1, 1, 2), (2, 2, 2), (2, 1, 1)], ids=["1-cpu", "threads", "few"]
)
def test_small_or_threaded_loads_stay_in_process(content_dir, monkeypatch, cpus, threads, files):
    _site_with_a_draft(content_dir)
    monkeypatch.setattr(loading, "PARALLEL_FROM_FILES", 2 if files == 2 else 10_000)
    monkeypatch.setattr(loading.os, "cpu_count", lambda: cpus)
    monkeypatch.setattr(loading.threading, "active_count", lambda: threads)

    def no_pool(*args, **kwargs):
        raise AssertionError("no pool expected")

    monkeypatch.setattr(loading, "ProcessPoolExecutor", no_pool)
    assert "live" in loading.load(content_dir.root, log=False).articles


# --- source keys, file reading and YAML values, message by message ------------------------


def test_source_keys():
    found = check(sources=2)
    items = [GOOD | {"key": "fda"}, GOOD | {"key": "fda"}, GOOD | {"key": "Bad Key"},
             GOOD | {"key": 7}, GOOD | {"key": "a" * 42}, GOOD]  # fmt: skip
    result = source_rules.sources(found, {"sources": items}, [3, 4, 5, 6, 7, 8])
    assert [s.key for s in result] == ["fda", "", "", "", "", ""]
    assert messages(found) == [
        (4, "error", "sources[2]: key 'fda' is used by another source"),
        (5, "error", "sources[3]: key 'Bad Key': use lower-case letters, digits, -"),
        (6, "error", "sources[4]: key '7': use lower-case letters, digits, -"),
        (7, "error", f"sources[5]: key {'a' * 40!r}: use lower-case letters, digits, -"),
    ]
    assert source_rules.sources(check(), {"sources": [GOOD | {"key": "a-1"}]}, [1])[0].key == "a-1"


def test_reading_refuses_what_is_not_a_plain_utf8_file(tmp_path):
    import os

    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    with pytest.raises(FileProblems) as pipe:
        yaml_reader.read_text(fifo)
    assert [(p.path, p.line, p.message) for p in pipe.value.problems] == [
        (fifo, 1, "not a regular file (a pipe or device?): skipped")
    ]
    with pytest.raises(FileProblems) as folder:
        yaml_reader.read_text(tmp_path)
    assert folder.value.problems[0].path == tmp_path
    bom = tmp_path / "bom.md"
    bom.write_bytes(b"\xef\xbb\xbfa\nb")
    text, (warning,) = yaml_reader.read_text(bom)
    assert text == "a\nb"
    assert (warning.path, warning.line, warning.severity, warning.message) == (
        bom, 1, "warning", "the file starts with a byte-order mark (BOM), which was ignored: "
        "save it as UTF-8 without BOM",
    )  # fmt: skip
    plain = tmp_path / "plain.md"
    plain.write_bytes("é\n".encode())
    assert yaml_reader.read_text(plain) == ("é\n", [])
    missing = tmp_path / "gone.md"
    with pytest.raises(FileProblems) as gone:
        yaml_reader.read_text(missing)
    assert (gone.value.problems[0].path, gone.value.problems[0].line) == (missing, 1)
    assert gone.value.problems[0].message == "could not read the file: No such file or directory"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: 1\nb: !!int abc\n", 2, "YAML error: 'abc' is not a valid int (ValueError)"),
        ("a: !!float x\n", 1, "YAML error: 'x' is not a valid float (ValueError)"),
        ("a: !!bool maybe\n", 1, "YAML error: 'maybe' is not a valid bool (KeyError)"),
        (
            "a: " + "9" * 5000 + "\n",
            1,
            "YAML error: '" + "9" * 40 + "' is not a valid int (ValueError)",
        ),
        ("a: !!int [1]\n", 1, "YAML error: expected a scalar node, but found sequence"),
    ],
)
def test_values_yaml_cannot_build(text, line, message):
    got_line, got = _fails(text)
    assert got_line == line
    assert got.startswith(message)


def test_a_value_too_deep_to_build_names_its_line(monkeypatch):
    # Real nesting that deep trips libyaml's own limit first; the guard is for PyYAML's stack.
    build = yaml.constructor.BaseConstructor.construct_object

    def deep(self, node, deep=False):
        if getattr(node, "value", None) == "bottomless":
            raise RecursionError
        return build(self, node, deep)

    monkeypatch.setattr(yaml.constructor.BaseConstructor, "construct_object", deep)
    assert _fails("a: 1\nb:\n  c: bottomless\n") == (3, "YAML error: nested too deeply")


def test_timestamps_that_cannot_be_dates_stay_text():
    assert yaml_reader.load_mapping(PATH, "a: !!timestamp abc\nb: 2026-02-30\n")[0] == {
        "a": "abc", "b": "2026-02-30",
    }  # fmt: skip


def test_a_draft_may_list_a_draft_as_related_and_a_live_page_may_not(tmp_path):
    def article(slug, **fields):
        return Document(kind="article", slug=slug, path=tmp_path / "articles" / f"{slug}.md",
                        title=slug, summary="S", reviewed=TODAY, next_review=TODAY,
                        section="basics", key_lines={"related": 7}, **fields)  # fmt: skip

    found = site.build(
        [documents.Parsed(article("draft-b", draft=True)),
         documents.Parsed(article("draft-a", draft=True, related=("draft-b",))),
         documents.Parsed(article("live", related=("draft-b",)))],
        include_drafts=True,
    )  # fmt: skip
    assert [(p.path.name, p.line, p.message) for p in found.problems] == [
        ("live.md", 7, "related: 'draft-b' is a draft")
    ]


def test_a_list_items_text_over_its_limit_is_reported_on_the_items_line():
    found = check()
    fields.text(found, {"x": "a" * 5}, "x", 3, where="item 1", line=7)
    assert messages(found) == [(7, "error", "item 1: x: 5 characters; the limit is 3")]


@pytest.mark.parametrize(
    ("rule", "data", "message"),
    [
        (lambda c, d: fields.date(c, d, "k"), {"k": "y" * 50},
         "k: '" + "y" * 40 + "' is not a date in the form YYYY-MM-DD"),
        (lambda c, d: fields.whole_number(c, d, "k", 1), {"k": "y" * 50},
         "k: '" + "y" * 40 + "' must be a whole number"),
        (lambda c, d: fields.slugs(c, d, "k"), {"k": ["Y" * 50]},
         "k: '" + "Y" * 40 + "' is not a slug (lower-case letters, digits, -)"),
    ],
)  # fmt: skip
def test_a_long_bad_value_is_shown_cut_to_40_characters(rule, data, message):
    found = check()
    rule(found, data)
    assert [p.message for p in found.problems] == [message]
