"""Every way one content file can fail is a problem with file and line; the rest still loads.

Includes the values that once stopped every worker from booting (issue 11), and a
hypothesis property: loading never raises, whatever the front matter or checklist YAML.
"""

import os
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.content import load
from tests.factories import CHECKLIST_YAML, DEFAULT_BODY, front_matter

INTERNAL = "internal error"

VALUES = [
    ("order", "1" * 5000, "is not a valid int"),
    ("order", "!!int abc", "'abc' is not a valid int"),
    ("order", "!!float abc", "'abc' is not a valid float"),
    ("draft", "!!bool maybe", "'maybe' is not a valid bool"),
    ("reviewed", "!!timestamp abc", "reviewed: 'abc' is not a date"),
]


def _site(content_dir):
    content_dir.article("good")
    content_dir.warning_signs()
    return content_dir


def _problems_of(registry, path):
    return [p for p in registry.problems if p.path == path]


@pytest.mark.parametrize(("field", "value", "message"), VALUES)
def test_a_value_yaml_cannot_build_is_a_problem_in_an_article(content_dir, field, value, message):
    _site(content_dir)
    path = content_dir.article("bad", **{field: value})
    registry = load(content_dir.root, log=False)
    (problem,) = [p for p in _problems_of(registry, path) if p.is_error]
    assert message in problem.message
    assert path.read_text().splitlines()[problem.line - 1].startswith(f"{field}:")
    assert "good" in registry.articles and "bad" not in registry.articles


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("questions:\n", "order: " + "7" * 5000 + "\nquestions:\n", "is not a valid int"),
        ("reviewed: 2026-11-01", "reviewed: !!timestamp abc", "reviewed: 'abc' is not a date"),
        ('        label: "Yes"', "        label: !!int abc", "'abc' is not a valid int"),
        ('        label: "No"', "        label: !!float abc", "'abc' is not a valid float"),
        ("        level: ok", "        level: !!bool maybe", "'maybe' is not a valid bool"),
    ],
)
def test_a_value_yaml_cannot_build_is_a_problem_in_a_checklist(content_dir, old, new, message):
    _site(content_dir)
    content_dir.checklist("good-list")
    path = content_dir.checklist("bad", CHECKLIST_YAML.replace(old, new, 1))
    registry = load(content_dir.root, log=False)
    (problem,) = [p for p in _problems_of(registry, path) if p.is_error]
    assert message in problem.message
    assert path.read_text().splitlines()[problem.line - 1].strip() == new.strip().splitlines()[0]
    assert "good-list" in registry.checklists and "bad" not in registry.checklists


def test_a_key_given_twice_is_an_error_on_the_second(content_dir):
    _site(content_dir)
    path = content_dir.write(
        "articles/twice.md", front_matter(order="1").replace("order: 1", "order: 1\norder: 2")
    )
    (problem,) = _problems_of(load(content_dir.root, log=False), path)
    assert problem.message == "duplicate key 'order' (first given on line 5)"
    assert problem.line == 6


def test_a_key_given_twice_deep_in_a_checklist_is_an_error(content_dir):
    text = CHECKLIST_YAML.replace('        label: "Yes"', '        label: "Yes"\n        label: Y')
    path = content_dir.checklist("twice", text)
    (problem,) = [p for p in _problems_of(load(content_dir.root, log=False), path) if p.is_error]
    assert problem.message.startswith("duplicate key 'label'")
    assert path.read_text().splitlines()[problem.line - 1] == "        label: Y"


def test_a_byte_order_mark_is_a_warning_and_the_page_still_loads(content_dir):
    _site(content_dir)
    path = content_dir.root / "articles" / "bom.md"
    path.write_bytes(b"\xef\xbb\xbf" + (front_matter() + "\n" + DEFAULT_BODY).encode())
    registry = load(content_dir.root, log=False)
    (problem,) = _problems_of(registry, path)
    assert (problem.line, problem.severity) == (1, "warning")
    assert "byte-order mark (BOM)" in problem.message
    assert "bom" in registry.articles


def test_a_byte_order_mark_in_a_checklist_is_a_warning_too(content_dir):
    _site(content_dir)
    path = content_dir.root / "checklists" / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + CHECKLIST_YAML.replace("first-article", "good").encode())
    registry = load(content_dir.root, log=False)
    assert any("byte-order mark" in p.message for p in _problems_of(registry, path))
    assert "bom" in registry.checklists


@pytest.mark.parametrize("relative", ["articles/pipe.md", "checklists/pipe.yaml", "pages/p.md"])
def test_a_fifo_is_skipped_with_an_error_and_never_hangs(content_dir, relative):
    _site(content_dir)
    path = content_dir.root / relative
    os.mkfifo(path)
    started = time.monotonic()
    registry = load(content_dir.root, log=False)
    assert time.monotonic() - started < 10  # reading a FIFO would wait for a writer forever
    (problem,) = _problems_of(registry, path)
    assert (problem.line, problem.message) == (1, "not a regular file (a pipe or device?): skipped")
    assert "good" in registry.articles


# --- The class, not the five values: fuzzed front matter and checklist YAML ------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(["2026-11-01", "2026-02-30", "9999-99-99", "1" * 5000, "~", "-", "|", ">"]),
)
TAGS = ["", "!!int ", "!!float ", "!!bool ", "!!timestamp ", "!!str ", "!!null ", "!!binary ",
        "!!python/none ", "!!set ", "!!omap ", "&a ", "*a ", "!local "]  # fmt: skip
KEYS = ["title", "summary", "section", "order", "reviewed", "next_review", "sources", "aliases",
        "draft", "key_points", "related", "intro", "questions", "verdicts", "level_labels",
        "choices", "id", "value", "level", "label", "advice", "hint", "x"]  # fmt: skip


def _yaml_scalar(value) -> str:
    return repr(value) if isinstance(value, float) else str(value)


values = st.recursive(
    st.tuples(st.sampled_from(TAGS), scalars).map(lambda t: t[0] + _yaml_scalar(t[1])),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.dictionaries(st.sampled_from(KEYS), inner, max_size=4).map(
            lambda d: "{" + ", ".join(f"{k}: {v}" for k, v in d.items()) + "}"
        ),
    ),
    max_leaves=12,
)
mappings = st.lists(st.tuples(st.sampled_from(KEYS), values), max_size=12).map(
    lambda pairs: "".join(f"{k}: {v}\n" for k, v in pairs)
)
encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"])
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _write_bytes(path, text: str, encoding: str):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8", "surrogatepass")
    path.write_bytes(data)


def _assert_loads_with_each_problem_placed(content_dir, path):
    registry = load(content_dir.root, log=False)  # the property: this never raises
    for problem in registry.problems:
        assert INTERNAL not in problem.message, str(problem)
        assert problem.line >= 1
    assert "good" in registry.articles


@FUZZ
@given(fm=mappings, body=st.text(max_size=200), encoding=encodings)
def test_fuzzed_front_matter_never_stops_loading(content_dir, fm, body, encoding):
    _site(content_dir)
    path = content_dir.root / "articles" / "fuzz.md"
    _write_bytes(path, "---\n" + fm + "---\n" + body, encoding)
    _assert_loads_with_each_problem_placed(content_dir, path)


@FUZZ
@given(
    top=mappings,
    questions=st.lists(mappings, max_size=3),
    extra=st.binary(max_size=40),
    encoding=encodings,
)
def test_fuzzed_checklist_yaml_never_stops_loading(content_dir, top, questions, extra, encoding):
    _site(content_dir)
    path = content_dir.root / "checklists" / "fuzz.yaml"
    items = "".join("  - " + q.replace("\n", "\n    ").rstrip() + "\n" for q in questions if q)
    _write_bytes(path, top + ("questions:\n" + items if items else ""), encoding)
    with path.open("ab") as handle:
        handle.write(extra)
    _assert_loads_with_each_problem_placed(content_dir, path)


@FUZZ
@given(depth=st.integers(1, 3000), opener=st.sampled_from(["[", "{", "- ", "a:\n "]))
def test_deeply_nested_yaml_never_stops_loading(content_dir, depth, opener):
    _site(content_dir)
    path = content_dir.root / "checklists" / "deep.yaml"
    path.write_text("title: " + opener * depth + "\n")
    _assert_loads_with_each_problem_placed(content_dir, path)
