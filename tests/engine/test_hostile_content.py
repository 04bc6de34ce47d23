"""Hostile content files: each gets a clear error naming file and line; the site keeps serving."""

import contextlib
import io
import re
import signal
import time
import tracemalloc

import pytest
from django.core.management import call_command

from articles import content
from articles.content import yaml_reader
from tests.factories import CHECKLIST_YAML, DEFAULT_BODY, checklists_in, clear_caches, front_matter

FM = front_matter()
LOAD_SECONDS = 20  # far above a normal load (well under a second once warm)


class TooSlow(BaseException):
    """Raised by time_limit; a BaseException so no `except Exception` in the app swallows it."""


@contextlib.contextmanager
def time_limit(seconds: float):
    """Fail, rather than hang the suite, if the block takes longer than `seconds`."""

    def expire(signum, frame):
        raise TooSlow(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def write(folder, relative: str, data: str | bytes):
    path = folder.root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    clear_caches()
    return path


def line_of(data: str | bytes, needle: str | bytes) -> int:
    index = data.find(needle)
    assert index >= 0, needle
    return data[:index].count("\n" if isinstance(data, str) else b"\n") + 1


@pytest.fixture
def site(content_dir):
    """A small valid site: the hostile file is added beside the article `good`."""
    content_dir.article("good", title="A good article")
    content_dir.warning_signs()
    content_dir.checklist()
    return content_dir


def assert_site_still_serves(client, hostile_url=None):
    assert client.get("/articles/good/").status_code == 200
    assert client.get("/").status_code == 200
    assert client.get("/checklists/practitioner/").status_code == 200
    if hostile_url:
        assert client.get(hostile_url).status_code == 404


def problems_for(result, path):
    return [p for p in result.problems if p.path == path and p.severity == "error"]


# --- Articles --------------------------------------------------------------------------------

LAUGHS = "".join(
    [
        "---\n",
        'lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n',
        *(f"lol{i}: &lol{i} [{', '.join([f'*lol{i - 1}'] * 9)}]\n" for i in range(1, 10)),
        "title: *lol9\n---\nBody\n",
    ]
)
HUGE = FM + DEFAULT_BODY + ("Padding text for a very long page.\n" * 16000)
BAD_UTF8 = (FM + DEFAULT_BODY).encode() + b"\nA bad byte \xff\xfe here.\n"

# (id, file name, contents, expected line (int) or the text on that line, message fragment)
ARTICLE_CASES = [
    ("alias-traversal", "bad.md", front_matter(aliases='["../../etc/passwd"]') + DEFAULT_BODY,
     "aliases:", "aliases: '../../etc/passwd' is not a slug"),
    ("alias-slash", "bad.md", front_matter(aliases='["a/b"]') + DEFAULT_BODY,
     "aliases:", "aliases: 'a/b' is not a slug"),
    ("alias-absolute-url", "bad.md",
     front_matter(aliases='["https://evil.example/"]') + DEFAULT_BODY,
     "aliases:", "is not a slug"),
    ("related-traversal", "bad.md", front_matter(related='["../secret"]') + DEFAULT_BODY,
     "related:", "related: '../secret' is not a slug"),
    ("slug-spaces-and-bang", "Bad Name!.md", FM + DEFAULT_BODY, 1,
     "file name 'Bad Name!.md': use lower-case letters"),
    ("slug-upper-case", "Shouting.md", FM + DEFAULT_BODY, 1, "file name 'Shouting.md'"),
    ("slug-non-ascii", "café.md", FM + DEFAULT_BODY, 1, "use lower-case letters"),
    ("slug-dots", "a..b.md", FM + DEFAULT_BODY, 1, "use lower-case letters"),
    ("huge-file", "bad.md", HUGE, 1, "the limit is 262,144"),
    ("invalid-utf8", "bad.md", BAD_UTF8, b"A bad byte", "not valid UTF-8"),
    ("invalid-utf8-in-front-matter", "bad.md",
     b"---\ntitle: Caf\xe9 \xc3\n" + FM.encode()[4:] + DEFAULT_BODY.encode(),
     b"title: Caf", "not valid UTF-8"),
    ("yaml-python-apply", "bad.md",
     '---\ntitle: !!python/object/apply:os.system ["echo hi"]\n---\nBody\n',
     "!!python", "YAML tags (tag:yaml.org,2002:python/object/apply:os.system) are not allowed"),
    ("yaml-python-name", "bad.md", "---\ntitle: ok\nsummary: !!python/name:os.system\n---\nB\n",
     "!!python", "YAML tags"),
    ("yaml-binary", "bad.md", "---\ntitle: !!binary aGVsbG8=\n---\nBody\n", "!!binary",
     "YAML tags (tag:yaml.org,2002:binary) are not allowed"),
    ("yaml-local-tag", "bad.md", "---\ntitle: !shout hello\n---\nBody\n", "!shout", "YAML tags"),
    ("yaml-set", "bad.md", "---\ntitle: !!set {a, b}\n---\nBody\n", "!!set", "YAML tags"),
    ("billion-laughs", "bad.md", LAUGHS, None, "YAML anchors and aliases (&, *) are not allowed"),
    ("yaml-merge-key", "bad.md", "---\nbase: &b {title: x}\n<<: *b\n---\nBody\n", None,
     "are not allowed"),
    ("yaml-deep-nesting", "bad.md", "---\ntitle: " + "[" * 10000 + "]" * 10000 + "\n---\nB\n",
     2, "YAML error"),
    ("yaml-control-character", "bad.md", "---\ntitle: a\x07b\n---\nBody\n", 2,
     "YAML error: character #x0007"),
    ("yaml-syntax", "bad.md", "---\ntitle: [unclosed\n---\nBody\n", None, "YAML error"),
    ("empty-file", "bad.md", "", 1, "missing front matter"),
    ("no-front-matter", "bad.md", DEFAULT_BODY, 1, "missing front matter"),
    ("front-matter-is-a-list", "bad.md", "---\n- title\n- summary\n---\nBody\n", 1,
     "expected keys and values"),
    ("front-matter-is-a-string", "bad.md", "---\njust words\n---\nBody\n", 1,
     "expected keys and values"),
    ("front-matter-never-closed", "bad.md", "---\ntitle: x\nsummary: y\n\nBody text.\n", 1,
     "front matter is never closed"),
    ("only-an-opening-line", "bad.md", "---\n", 1, "front matter is never closed"),
    ("empty-front-matter", "bad.md", "---\n---\nBody\n", 1, "title: required"),
]  # fmt: skip


def clear_error(errors, data, where, fragment):
    """The problem whose message has `fragment`, checked to be on the expected line."""
    matching = [p for p in errors if fragment in p.message]
    assert matching, errors
    problem = matching[0]
    if isinstance(where, int):
        assert problem.line == where, problem
    elif where is not None:
        assert problem.line == line_of(data, where), problem
    assert problem.line >= 1
    return problem


@pytest.mark.parametrize(
    ("name", "data", "where", "fragment"),
    [pytest.param(*case[1:], id=case[0]) for case in ARTICLE_CASES],
)
def test_hostile_article_gives_a_clear_error(site, client, name, data, where, fragment):
    path = write(site, f"articles/{name}", data)
    with time_limit(LOAD_SECONDS):
        registry = content.load(site.root, log=False)
    problem = clear_error(problems_for(registry, path), data, where, fragment)
    assert str(problem).startswith(f"{path}:{problem.line}: ")
    assert path.stem not in registry.articles
    assert "good" in registry.articles
    with time_limit(LOAD_SECONDS):
        assert_site_still_serves(client, f"/articles/{path.stem}/")


def test_billion_laughs_is_refused_without_expanding(site):
    path = write(site, "articles/bad.md", LAUGHS)
    tracemalloc.start()
    started = time.monotonic()
    try:
        with time_limit(LOAD_SECONDS):
            registry = content.load(site.root, log=False)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 5
    assert peak < 50 * 1024 * 1024  # 9**9 "lol"s would need gigabytes
    assert any("anchors and aliases" in p.message for p in problems_for(registry, path))


def test_symlink_out_of_the_content_folder_is_refused(site, client, tmp_path):
    outside = tmp_path / "outside" / "secret.md"
    outside.parent.mkdir()
    outside.write_text(front_matter(title="Secret file outside content") + DEFAULT_BODY)
    link = site.root / "articles" / "evil.md"
    link.symlink_to(outside)
    clear_caches()
    registry = content.load(site.root, log=False)
    (problem,) = problems_for(registry, link)
    assert problem.line == 1
    assert "points outside the content folder" in problem.message
    assert "evil" not in registry.articles
    assert_site_still_serves(client, "/articles/evil/")
    assert b"Secret file outside content" not in client.get("/articles/").content


def test_symlinked_warning_signs_outside_is_refused(site, tmp_path):
    outside = tmp_path / "elsewhere.md"
    outside.write_text((site.root / "warning-signs.md").read_text())
    (site.root / "warning-signs.md").unlink()
    (site.root / "warning-signs.md").symlink_to(outside)
    registry = content.load(site.root, log=False)
    assert registry.warning_signs is None
    assert any("outside the content folder" in p.message for p in registry.problems)


def test_dangling_symlink_is_an_error_not_a_crash(site, client, tmp_path):
    link = site.root / "articles" / "gone.md"
    link.symlink_to(tmp_path / "does-not-exist.md")
    clear_caches()
    registry = content.load(site.root, log=False)
    assert problems_for(registry, link)
    assert_site_still_serves(client, "/articles/gone/")


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(">" * 5000 + " deep quote\n", id="5000-nested-blockquotes"),
        pytest.param("> " * 5000 + "deep quote\n", id="5000-spaced-blockquotes"),
        pytest.param("- " * 3000 + "deep item\n", id="3000-nested-lists"),
        pytest.param("1. " * 3000 + "deep item\n", id="3000-nested-ordered-lists"),
        pytest.param(
            "".join("    " * min(i, 60) + "- item\n" for i in range(3000)), id="indented-lists"
        ),
        pytest.param("[" * 100_000 + "\n", id="100000-open-brackets"),
        pytest.param("[x](" * 20_000 + "\n", id="20000-unclosed-links"),
        pytest.param("![" * 20_000 + "\n", id="20000-unclosed-images"),
        pytest.param("<div>" * 5000 + "x" + "</div>" * 5000 + "\n", id="5000-nested-divs"),
        pytest.param("*" * 100_000 + "\n", id="100000-stars"),
        pytest.param("/// note\n" * 2000 + "x\n", id="2000-nested-callouts"),
    ],
)
def test_deeply_nested_markdown_never_stops_the_site(site, client, body):
    """A no-crash property: each body either renders or is refused with a placed error."""
    path = write(site, "articles/deep.md", FM + body)
    with time_limit(LOAD_SECONDS):
        registry = content.load(site.root, log=False)  # never raises
    errors = problems_for(registry, path)
    if "deep" in registry.articles:
        assert not errors
        with time_limit(LOAD_SECONDS):
            assert client.get("/articles/deep/").status_code == 200
    else:
        assert errors, "left out without saying why"
        assert all(1 <= p.line <= body.count("\n") + FM.count("\n") + 1 for p in errors)
    with time_limit(LOAD_SECONDS):
        assert_site_still_serves(client)


def test_nested_lists_name_the_problem(site):
    path = write(site, "articles/deep.md", FM + "- " * 3000 + "x\n")
    registry = content.load(site.root, log=False)
    (problem,) = [p for p in problems_for(registry, path) if "nested too deeply" in p.message]
    # Where the body starts: the closing --- or the line after it.
    assert problem.line in {FM.count("\n"), FM.count("\n") + 1}


def test_open_brackets_name_the_problem(site):
    path = write(site, "articles/deep.md", FM + "[" * 100_000 + "\n")
    with time_limit(LOAD_SECONDS):
        registry = content.load(site.root, log=False)
    messages = [p.message for p in problems_for(registry, path)]
    assert any("too many '[' characters" in m and "100,000" in m for m in messages), messages


def test_file_with_only_front_matter_is_an_empty_page(site, client):
    path = write(site, "articles/bare.md", FM)
    registry = content.load(site.root, log=False)
    assert "bare" in registry.articles
    # Nothing cites the sources: a warning for each (no error), and the page still shows.
    mine = [p for p in registry.problems if p.path == path]
    assert [p.severity for p in mine] == ["warning"] * 3
    assert client.get("/articles/bare/").status_code == 200
    assert_site_still_serves(client)


def test_unreadable_file_is_an_error_not_a_crash(site, client, monkeypatch):
    path = write(site, "articles/locked.md", FM + DEFAULT_BODY)
    real_read_bytes = yaml_reader._read_bytes

    def read_bytes(file_path):
        # chmod 000 is no test when the suite runs as root, so refuse the read directly.
        if file_path == path:
            raise PermissionError(13, "Permission denied", str(file_path))
        return real_read_bytes(file_path)

    monkeypatch.setattr(yaml_reader, "_read_bytes", read_bytes)
    registry = content.load(site.root, log=False)
    (problem,) = problems_for(registry, path)
    assert (problem.line, problem.message) == (1, "could not read the file: Permission denied")
    assert_site_still_serves(client, "/articles/locked/")


def test_a_directory_named_like_an_article_is_an_error_not_a_crash(site, client):
    (site.root / "articles" / "folder.md").mkdir()
    clear_caches()
    registry = content.load(site.root, log=False)
    assert any(p.path.name == "folder.md" for p in registry.problems)
    assert_site_still_serves(client)


# --- Checklists ------------------------------------------------------------------------------

INTRO = "intro: |\n  Use this before you book. See the [warning signs](/warning-signs/).\n"
assert INTRO in CHECKLIST_YAML


def _with_intro(text: str) -> str:
    return CHECKLIST_YAML.replace(INTRO, f"intro: {text}\n")


CHECKLIST_CASES = [
    ("python-apply", "bad.yaml", 'title: !!python/object/apply:os.system ["echo hi"]\n',
     1, "YAML tags"),
    ("binary", "bad.yaml",
     CHECKLIST_YAML.replace("title: Check the practitioner", "title: !!binary aGVsbG8="),
     "!!binary", "YAML tags (tag:yaml.org,2002:binary) are not allowed"),
    ("tag-deep-inside", "bad.yaml",
     CHECKLIST_YAML.replace("advice: Good.", "advice: !!python/name:os.system Good."),
     "!!python", "YAML tags"),
    ("billion-laughs", "bad.yaml", LAUGHS.replace("---\n", "").replace("Body\n", ""), None,
     "YAML anchors and aliases"),
    ("anchor-reused-in-questions", "bad.yaml",
     CHECKLIST_YAML.replace("    choices:\n", "    choices: &c\n", 1) + "extra: *c\n", None,
     "YAML anchors and aliases"),
    ("list-not-mapping", "bad.yaml", "- title\n- intro\n", 1, "expected keys and values"),
    ("scalar-not-mapping", "bad.yaml", "just a sentence\n", 1, "expected keys and values"),
    ("empty-file", "bad.yaml", "", 1, "title: required"),
    ("invalid-utf8", "bad.yaml",
     CHECKLIST_YAML.encode().replace(b"Reused needles", b"Reused \xff needles"),
     b"Reused \xff", "not valid UTF-8"),
    ("huge-file", "bad.yaml", CHECKLIST_YAML + "# padding\n" * 60_000, 1, "the limit is 262,144"),
    ("deep-yaml", "bad.yaml", "title: " + "[" * 10000 + "]" * 10000 + "\n", 1, "YAML error"),
    ("bad-slug", "Bad Name!.yaml", CHECKLIST_YAML, 1, "file name 'Bad Name!.yaml'"),
    ("nested-intro", "bad.yaml", _with_intro('"' + "- " * 3000 + 'x"'), "intro:",
     "intro: the Markdown is nested too deeply to render"),
    ("brackets-intro", "bad.yaml", _with_intro('"' + "[" * 100_000 + '"'), "intro:",
     "intro: too many '[' characters"),
    ("question-id-traversal", "bad.yaml",
     CHECKLIST_YAML.replace("id: who-injects", "id: ../../etc"), "id: ../../etc",
     "must be lower-case letters and hyphens"),
    ("choice-value-markup", "bad.yaml",
     CHECKLIST_YAML.replace('value: "not-sure"', 'value: "<script>"'), 'value: "<script>"',
     "must be a quoted code"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "data", "where", "fragment"),
    [pytest.param(*case[1:], id=case[0]) for case in CHECKLIST_CASES],
)
def test_hostile_checklist_gives_a_clear_error(site, client, name, data, where, fragment):
    path = write(site, f"checklists/{name}", data)
    with time_limit(LOAD_SECONDS):
        result = checklists_in(site.root)
    problem = clear_error(problems_for(result, path), data, where, fragment)
    assert str(problem).startswith(f"{path}:{problem.line}: ")
    assert path.stem not in result.definitions
    assert "practitioner" in result.definitions
    with time_limit(LOAD_SECONDS):
        assert_site_still_serves(client, f"/checklists/{path.stem}/")


def test_deep_blockquote_intro_renders(site, client):
    write(site, "checklists/deep.yaml", _with_intro('"' + ">" * 5000 + ' x"'))
    with time_limit(LOAD_SECONDS):
        result = checklists_in(site.root)
    assert "deep" in result.definitions
    assert client.get("/checklists/deep/").status_code == 200


def test_checklist_symlink_outside_is_refused(site, client, tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text(CHECKLIST_YAML)
    link = site.root / "checklists" / "evil.yaml"
    link.symlink_to(outside)
    clear_caches()
    result = checklists_in(site.root)
    (problem,) = problems_for(result, link)
    assert (problem.line, problem.message) == (1, "points outside the content folder")
    assert "evil" not in result.definitions
    assert_site_still_serves(client, "/checklists/evil/")


# --- checkcontent ----------------------------------------------------------------------------


def test_checkcontent_reports_hostile_files_as_path_line_message(site):
    write(site, "articles/traversal.md", front_matter(aliases='["../../etc/passwd"]') + "B\n")
    write(site, "articles/tagged.md", '---\ntitle: !!python/object/apply:os.system ["x"]\n---\n')
    write(site, "articles/laughs.md", LAUGHS)
    write(site, "articles/broken.md", BAD_UTF8)
    write(site, "articles/open.md", "---\ntitle: x\n")
    write(site, "articles/brackets.md", FM + "[" * 100_000 + "\n")
    write(site, "articles/lists.md", FM + "- " * 3000 + "x\n")
    write(site, "checklists/list.yaml", "- a\n- b\n")
    write(site, "checklists/deep.yaml", _with_intro('"' + "- " * 3000 + 'x"'))
    out, err = io.StringIO(), io.StringIO()
    with time_limit(60):
        try:
            call_command("checkcontent", "--content-dir", str(site.root), stdout=out, stderr=err)
            status = 0
        except SystemExit as exc:
            status = exc.code
    assert status == 1
    lines = out.getvalue().splitlines()
    assert lines
    for line in lines:
        assert re.match(r"^content/(articles|checklists)/[^:]+:\d+: (warning: )?\S.*$", line), line
    for name in ("traversal.md", "tagged.md", "laughs.md", "broken.md", "open.md",
                 "brackets.md", "lists.md", "list.yaml", "deep.yaml"):  # fmt: skip
        assert any(f"/{name}:" in line and "warning:" not in line for line in lines), name
    assert "errors" in err.getvalue()
