"""Checklists: loading and validation, the form, evaluation and the result page."""

import re

import pytest

from checklists.evaluation import evaluate
from checklists.forms import ChecklistForm
from tests.factories import CHECKLIST_YAML, checklists_in


def load(folder):
    return checklists_in(folder.root)


def test_valid_checklist_loads(small_site):
    checklist = load(small_site).definitions["practitioner"]
    assert checklist.title == "Check the practitioner"
    assert [q.id for q in checklist.questions] == ["who-injects", "sealed-needles"]
    question = checklist.question("who-injects")
    assert [(c.value, c.level) for c in question.choices] == [
        ("yes", "ok"),
        ("no", "stop"),
        ("not-sure", "check"),
    ]
    assert checklist.level_labels["check"] == "Check first"
    assert '<a href="/warning-signs/"' in checklist.intro_html


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("  - id: sealed-needles", "  - id: who-injects", "id is used twice"),
        ("        level: stop\n", "", "level is required (stop, check or ok)"),
        ("        level: check", "        level: maybe", "level 'maybe' must be one of"),
        (
            "    question: Do you know who will inject you?",
            '    question: ""',
            "question: must be text",
        ),
        ("    hint: You should meet", "    colour: red\n    hint: You should meet", "unknown key"),
        ('      - value: "not-sure"', "      - value: no", "must be a quoted code"),
        ("title: Check the practitioner", "titel: Check", "unknown key 'titel'"),
    ],
)
def test_definition_errors_name_file_and_line(content_dir, old, new, fragment):
    assert old in CHECKLIST_YAML
    text = CHECKLIST_YAML.replace(old, new, 1)
    path = content_dir.checklist(text=text)
    result = load(content_dir)
    assert "practitioner" not in result.definitions
    problem = next(p for p in result.problems if fragment in p.message)
    assert problem.path == path
    lines = text.splitlines()
    assert 1 <= problem.line <= len(lines)
    if new.strip():
        assert new.strip().splitlines()[0].strip() in lines[problem.line - 1]


def test_choice_without_level_points_at_the_choice(content_dir):
    text = CHECKLIST_YAML.replace("        level: stop\n", "", 1)
    path = content_dir.checklist(text=text)
    problem = next(p for p in load(content_dir).problems if "level is required" in p.message)
    assert path.read_text().splitlines()[problem.line - 1].strip().startswith('- value: "no"')


def test_yaml_error_in_checklist_is_reported(content_dir):
    content_dir.checklist(text="title: [unclosed\n")
    (problem,) = load(content_dir).problems
    assert "YAML error" in problem.message and problem.line >= 1


def test_form_builds_one_fieldset_per_question_with_hint(small_site, client):
    html = client.get("/checklists/practitioner/").content.decode()
    assert html.count("<fieldset") == 2
    assert re.search(r"<legend[^>]*>\s*Do you know who will inject you\?", html)
    described = re.search(r'<fieldset aria-describedby="([^"]+)"', html).group(1)
    assert re.search(rf'id="{described}"[^>]*>\s*You should meet', html)
    assert html.count('type="radio"') == 5
    assert 'method="post"' in html and 'action="/checklists/practitioner/"' in html
    assert "csrfmiddlewaretoken" not in html
    assert "novalidate" in html


def test_form_is_a_crispy_bootstrap_form(small_site):
    checklist = load(small_site).definitions["practitioner"]
    form = ChecklistForm(checklist)
    assert form.helper.form_method == "post"
    assert list(form.fields) == ["who-injects", "sealed-needles"]
    assert form.fields["who-injects"].choices == [
        ("yes", "Yes"),
        ("no", "No"),
        ("not-sure", "Not sure"),
    ]


def test_unanswered_questions_show_an_error_summary_and_keep_answers(small_site, client):
    response = client.post("/checklists/practitioner/", {"who-injects": "no"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert html.index("There is a problem") < html.index("<fieldset")
    assert 'href="#id_sealed-needles_0"' in html
    assert "Choose an answer to: Will they open sealed" in html
    assert re.search(r'value="no"[^>]*checked|checked[^>]*value="no"', html)
    assert "<title>Error: " in html


def test_tampered_choice_is_a_form_error(small_site, client):
    response = client.post(
        "/checklists/practitioner/", {"who-injects": "maybe<script>", "sealed-needles": "yes"}
    )
    assert response.status_code == 200
    assert b"Choose one of the answers shown for: Do you know who" in response.content
    assert b"maybe<script>" not in response.content


def test_evaluate_groups_answers_by_level(small_site):
    checklist = load(small_site).definitions["practitioner"]
    result = evaluate(checklist, {"who-injects": "not-sure", "sealed-needles": "yes"})
    assert result.level == "check"
    assert result.verdict == "Check first: find out more before you book"
    assert [i.question.id for i in result.items["check"]] == ["who-injects"]
    assert [i.question.id for i in result.items["ok"]] == ["sealed-needles"]
    assert result.counts == {"stop": 0, "check": 1, "ok": 1}
    assert result.questions_to_ask == ("Who exactly will inject me?",)


def test_evaluate_stop_wins_and_asks_are_ordered_stop_first(small_site):
    checklist = load(small_site).definitions["practitioner"]
    result = evaluate(checklist, {"who-injects": "not-sure", "sealed-needles": "no"})
    assert result.level == "stop"
    assert result.questions_to_ask == (
        "Will you open new needles and syringes in front of me?",
        "Who exactly will inject me?",
    )


def test_evaluate_all_fine(small_site):
    checklist = load(small_site).definitions["practitioner"]
    result = evaluate(checklist, {"who-injects": "yes", "sealed-needles": "yes"})
    assert result.level == "ok" and result.questions_to_ask == ()


def test_evaluate_ignores_unknown_values(small_site):
    checklist = load(small_site).definitions["practitioner"]
    result = evaluate(checklist, {"who-injects": "bogus", "other": "no"})
    assert result.counts == {"stop": 0, "check": 0, "ok": 0}


def test_result_page_orders_verdict_stop_check_ok(small_site, client):
    response = client.post(
        "/checklists/practitioner/", {"who-injects": "not-sure", "sealed-needles": "no"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert next(t.name for t in response.templates) == "checklists/checklist_result.html"
    verdict = html.index("Stop: do not go ahead with this practitioner")
    stop, check = html.index('id="result-stop"'), html.index('id="result-check"')
    assert html.index("<h1") <= verdict < stop < check
    assert "Questions to take to your consultation" in html
    assert html.index("Will you open new needles") < html.index("Who exactly will inject me?")
    assert 'href="/warning-signs/"' in html
    assert 'href="/articles/first-article/"' in html  # related article
    assert 'href="/checklists/practitioner/">Start again' in html
    assert "Printed on" in html


def test_result_sets_no_cookie_and_is_not_stored(small_site, client):
    response = client.post(
        "/checklists/practitioner/", {"who-injects": "yes", "sealed-needles": "yes"}
    )
    assert response.cookies == {}
    assert "Set-Cookie" not in response.headers
    assert "no-store" in response.headers["Cache-Control"]


def test_unknown_checklist_is_404(small_site, client):
    assert client.get("/checklists/nothing/").status_code == 404


def test_checklist_index_lists_each_checklist(small_site, client):
    response = client.get("/checklists/")
    assert [c.slug for c in response.context["checklists"]] == ["practitioner"]
    assert b'href="/checklists/practitioner/"' in response.content
    assert b"2 questions" in response.content


def test_other_methods_are_refused(small_site, client):
    assert client.put("/checklists/practitioner/").status_code == 405
