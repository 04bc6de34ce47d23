"""After-treatment tools: definitions validated with file and line, forms, letter and record."""

import pytest

from checklists import tools
from checklists.tool_forms import ToolForm, answers
from tests.factories import REAL_CONTENT_DIR
from tests.tool_fixtures import LETTER_YAML, RECORD_YAML, tool_site_of, write_tool

LETTER = "/after-treatment/doctor-note/"
RECORD = "/after-treatment/record/"


@pytest.fixture
def tool_site(small_site):
    yield from tool_site_of(small_site)


def test_real_tools_load_without_problems():
    found = tools.load(REAL_CONTENT_DIR, log=False)
    assert found.problems == ()
    assert set(found.definitions) == {"doctor-note", "record", "diary"}
    note = found.definitions["doctor-note"]
    assert note.kind == "letter" and note.url == LETTER
    assert all(f.max_length for f in note.fields if f.type in ("text", "textarea"))
    # "I don't know" is an answer wherever the reader might not know.
    for field_id in ("setting", "product-known", "others"):
        field = next(f for f in note.fields if f.id == field_id)
        assert "dont-know" in dict(field.choices)


def test_real_letter_names_the_tests_a_clinician_should_consider():
    note = tools.load(REAL_CONTENT_DIR, log=False).definitions["doctor-note"]
    evidence = note.wording["evidence"]
    for phrase in ("mycobacteri", "AFB", "tell the laboratory", "PCR", "histology",
                   "antibiotics", "specialist"):  # fmt: skip
        assert phrase.lower() in evidence.lower(), phrase
    urls = {s.url for s in note.sources}
    assert "https://www.cdc.gov/mmwr/preview/mmwrhtml/mm5444a4.htm" in urls
    assert any(s.type == "systematic-review" for s in note.sources)


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
    ],
)
def test_definition_errors_name_file_and_line(content_dir, old, new, line, fragment):
    assert old in LETTER_YAML
    path = write_tool(content_dir, "doctor-note", LETTER_YAML.replace(old, new, 1))
    tool, problems = tools.parse_tool(path)
    assert tool is None
    matching = [p for p in problems if fragment in p.message]
    assert matching, [str(p) for p in problems]
    assert matching[0].path == path
    assert matching[0].line == line, str(matching[0])


def test_table_column_without_max_length_is_an_error(content_dir):
    path = write_tool(content_dir, "record", RECORD_YAML.replace("        max_length: 30\n", ""))
    tool, problems = tools.parse_tool(path)
    assert tool is None
    assert any("every column needs a max_length" in p.message for p in problems)


def test_yaml_error_in_a_tool_is_reported_with_its_line(content_dir):
    path = write_tool(content_dir, "doctor-note", LETTER_YAML.replace("title: A", "title: [A"))
    tool, problems = tools.parse_tool(path)
    assert tool is None and problems[0].line == 4 and "YAML" in problems[0].message


def test_broken_tool_is_left_out_and_the_others_still_load(tool_site, client):
    write_tool(tool_site, "record", "kind: record\n")
    assert client.get(RECORD).status_code == 404
    assert client.get(LETTER).status_code == 200


def test_form_has_one_field_per_question_and_a_fieldset_per_table_row(tool_site):
    record = tools.get_tools().definitions["record"]
    form = ToolForm(record)
    assert list(form.fields) == [
        "clinic", "treatment-date", "products-1-name", "products-1-batch",
        "products-2-name", "products-2-batch",
    ]  # fmt: skip
    assert all(form.fields[n].max_length for n in form.fields if n != "treatment-date")


def test_get_shows_the_blank_form_with_maxlength_on_inputs(tool_site, client):
    response = client.get(LETTER)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="tool-form"' in html and 'method="post"' in html
    assert 'maxlength="40"' in html
    assert "There is a problem" not in html


def test_missing_required_answer_shows_an_error_summary_and_keeps_answers(tool_site, client):
    response = client.post(LETTER, {"treated-when": "May 2026", "started": "weeks"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert 'href="#id_symptoms_0"' in html and "Answer this question: What do you have now?" in html
    assert 'value="May 2026"' in html
    assert (
        'value="weeks" checked' in html
        or 'checked value="weeks"' in html
        or ('value="weeks"' in html and "checked" in html)
    )


def test_letter_prints_the_readers_facts_escaped_with_sources_and_addresses(tool_site, client):
    response = client.post(
        LETTER,
        {"treated-when": "<b>May</b> 2026", "symptoms": ["lumps", "fever"], "started": "dont-know"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "To the doctor or nurse seeing me" in html
    assert "&lt;b&gt;May&lt;/b&gt; 2026" in html and "<b>May</b>" not in html
    assert "Lumps; Fever" in html
    assert "I don&#x27;t know" in html or "I don't know" in html
    assert "Consider mycobacterial culture." in html
    # The source's address is printed as text, not only hidden in a link.
    assert ">https://www.cdc.gov/mmwr/preview/mmwrhtml/mm5444a4.htm</a>" in html


def test_blank_answers_print_as_not_given(tool_site):
    note = tools.get_tools().definitions["doctor-note"]
    filled = answers(note, {"symptoms": ["lumps"]})
    assert [a.values for a in filled] == [(), ("Lumps",), ()]
    assert filled[0].heading == "When were you treated?"


def test_record_prints_filled_rows_and_empty_lines_to_write_on(tool_site, client):
    response = client.post(
        RECORD,
        {"clinic": "Example Clinic", "treatment-date": "2026-11-20",
         "products-1-name": "Booster", "products-1-batch": "LOT 24A"},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert "Example Clinic" in html and "20 November 2026" in html
    assert "<td>Booster</td><td>LOT 24A</td>" in html
    assert html.count('class="record__empty"') == 1


def test_blank_record_is_a_public_page_with_every_line_empty(tool_site, client):
    response = client.get(RECORD + "blank/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert html.count('class="record__empty"') == 2
    assert "Blank copy" in html


def test_diary_is_a_printable_public_page_with_photo_tips(tool_site, client):
    response = client.get("/after-treatment/diary/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert html.count("<tr>") == 1 + 5
    assert "coin or a ruler" in html
    assert client.post("/after-treatment/diary/").status_code == 405


def test_index_lists_each_tool(tool_site, client):
    html = client.get("/after-treatment/").content.decode()
    for path in (LETTER, RECORD, "/after-treatment/diary/"):
        assert f'href="{path}"' in html


def test_unknown_tool_and_blank_of_a_letter_are_404(tool_site, client):
    assert client.get("/after-treatment/nothing/").status_code == 404
    assert client.get(LETTER + "blank/").status_code == 404


def test_checkcontent_accepts_links_to_tools_and_reports_a_bad_tool_link(tool_site, capsys):
    from django.core.management import call_command

    tool_site.article("linking", body="Print [a note](/after-treatment/doctor-note/).[^1]\n")
    write_tool(tool_site, "diary", LETTER_YAML.replace("(/warning-signs/)", "(/nowhere/)"))
    with pytest.raises(SystemExit):
        call_command("checkcontent", content_dir=str(tool_site.root))
    out = capsys.readouterr().out
    assert "link to /after-treatment/doctor-note/" not in out
    assert "tools/diary.yaml:1: link to /nowhere/: no such page" in out
