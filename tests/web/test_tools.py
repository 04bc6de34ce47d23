"""After-treatment tools on the web: forms, the letter, the record, the diary and the index.

The definitions (validation with file and line) are tested in tests/engine/test_tools.py."""

import pytest

from articles.content import get_registry
from checklists.tool_forms import ToolForm, answers
from tests.tool_fixtures import tool_site_of, write_tool

LETTER = "/after-treatment/doctor-note/"
RECORD = "/after-treatment/record/"


@pytest.fixture
def tool_site(small_site):
    yield from tool_site_of(small_site)


def test_broken_tool_is_left_out_and_the_others_still_load(tool_site, client):
    write_tool(tool_site, "record", "kind: record\n")
    assert client.get(RECORD).status_code == 404
    assert client.get(LETTER).status_code == 200


def test_form_has_one_field_per_question_and_a_fieldset_per_table_row(tool_site):
    record = get_registry().tools["record"]
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
    note = get_registry().tools["doctor-note"]
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
