"""After-treatment tool definitions are content: validated with file and line, discovered and
placed with every other file, their links checked by the site, and listed in `registry.tools`."""

import pytest
from django.core.management import call_command

from articles.content import load, parse_tool
from articles.content.loading import discover
from tests.tool_fixtures import DIARY_YAML, LETTER_YAML, RECORD_YAML, tool_site_of, write_tool

LETTER = "/after-treatment/doctor-note/"


@pytest.fixture
def tool_site(small_site):
    yield from tool_site_of(small_site)


def messages(registry, path) -> list[str]:
    return [f"{p.line}: {p.message}" for p in registry.problems if p.path == path]


@pytest.mark.parametrize(
    ("old", "new", "line", "fragment"),
    [
        ("kind: letter", "kind: leter", 2, "kind: 'leter' must be one of"),
        ("submit: Show my letter", "submitt: Show my letter", 9, "unknown key 'submitt'"),
        ("    max_length: 40\n", "", 11, "max_length must be a whole number"),
        ("    type: choices\n", "    type: checkboxes\n", 17, "type 'checkboxes' must be one of"),
        ('      - value: "lumps"', '      - value: "Lumps!"', 20, "value 'Lumps!'"),
        ("    label: What do you have now?\n", "", 15, "label: required"),
        ("  closing: Thank you.\n", "", 32, "closing is required"),
        ("  - id: started\n", "  - id: started\n    colour: red\n", 25, "unknown key 'colour'"),
        ("culture.[^1]", "culture.[^2]", 38, "[^2] cites a source that is not listed"),
        ("next_review: 2027-11-01", "next_review: 2026-10-01", 8, "must be after reviewed"),
    ],
)
def test_definition_errors_name_file_and_line(content_dir, old, new, line, fragment):
    assert old in LETTER_YAML
    path = write_tool(content_dir, "doctor-note", LETTER_YAML.replace(old, new, 1))
    parsed = parse_tool(path)
    assert parsed.item is None
    matching = [p for p in parsed.problems if fragment in p.message]
    assert matching, [str(p) for p in parsed.problems]
    assert matching[0].path == path
    assert matching[0].line == line, str(matching[0])


def test_table_column_without_max_length_is_an_error(content_dir):
    path = write_tool(content_dir, "record", RECORD_YAML.replace("        max_length: 30\n", ""))
    parsed = parse_tool(path)
    assert parsed.item is None
    assert any("every column needs a max_length" in p.message for p in parsed.problems)


def test_yaml_error_in_a_tool_is_reported_with_its_line(content_dir):
    path = write_tool(content_dir, "doctor-note", LETTER_YAML.replace("title: A", "title: [A"))
    parsed = parse_tool(path)
    assert parsed.item is None
    assert parsed.problems[0].line == 4 and "YAML" in parsed.problems[0].message


def test_tools_are_discovered_as_their_own_kind(tool_site):
    found = {path.name: kind for path, kind, _ in discover(tool_site.root)}
    assert found["doctor-note.yaml"] == found["record.yaml"] == found["diary.yaml"] == "tool"
    assert found["practitioner.yaml"] == "checklist"


def test_the_registry_lists_valid_tools_by_slug_and_reports_broken_ones(tool_site):
    path = write_tool(tool_site, "record", "kind: record\n")
    registry = load(tool_site.root, include_drafts=False, log=False)
    assert list(registry.tools) == ["diary", "doctor-note"]
    assert registry.tools["doctor-note"].url == LETTER
    assert "1: title: required" in messages(registry, path)
    # A tool is not a checklist: its problems stay out of the checklists' own list.
    assert set(registry.checklists) == {"practitioner"}


def test_a_tool_file_in_another_content_folder_parses_the_same(tmp_path):
    # The loader is handed paths: a second language's folder needs no change to it.
    path = tmp_path / "elsewhere" / "tools" / "diary.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(DIARY_YAML, encoding="utf-8")
    parsed = parse_tool(path)
    assert parsed.problems == () and parsed.item.rows == 5 and parsed.item.path == path


@pytest.mark.parametrize(
    ("where", "text", "line"),
    [
        ("intro", LETTER_YAML.replace("(/warning-signs/)", "(/nowhere/)"), 6),
        ("wording", LETTER_YAML.replace("Print this letter.", "See [this](/nowhere/)."), 33),
    ],
)
def test_a_link_in_a_tool_to_no_page_is_reported_on_its_line(tool_site, where, text, line):
    path = write_tool(tool_site, "doctor-note", text)
    registry = load(tool_site.root, include_drafts=False, log=False)
    assert f"{line}: link to /nowhere/: no such page" in messages(registry, path), where


def test_links_to_tools_are_checked_like_links_to_any_page(tool_site):
    body = (
        "Print [a note](/after-treatment/doctor-note/) or [a blank record]"
        "(/after-treatment/record/blank/).[^1]\n\n"
        "Not [a tool](/after-treatment/nothing/) nor [a blank letter]"
        "(/after-treatment/doctor-note/blank/).\n"
    )
    path = tool_site.article("linking", body=body)
    problems = messages(load(tool_site.root, include_drafts=False, log=False), path)
    links = [p for p in problems if "link to" in p]
    assert [p.split(": ", 1)[1] for p in links] == [
        "link to /after-treatment/nothing/: no such page",
        "link to /after-treatment/doctor-note/blank/: no such page",
    ]


def test_checkcontent_reports_a_bad_tool_link_and_grades_tools(tool_site, capsys):
    tool_site.article("linking", body="Print [a note](/after-treatment/doctor-note/).[^1]\n")
    write_tool(tool_site, "diary", LETTER_YAML.replace("(/warning-signs/)", "(/nowhere/)"))
    with pytest.raises(SystemExit):
        call_command("checkcontent", content_dir=str(tool_site.root), grades=True)
    out = capsys.readouterr().out
    assert "link to /after-treatment/doctor-note/" not in out
    assert "tools/diary.yaml:6: link to /nowhere/: no such page" in out
    assert "tools/record.yaml: grade " in out and ", 3 fields, 0 sources" in out
