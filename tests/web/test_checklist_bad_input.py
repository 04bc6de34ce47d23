"""Tampered and malformed checklist answers, and random ones to every real checklist.

What every answer form shares (wrong bodies, methods, privacy) is in test_answer_forms.py."""

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests import answer_forms
from tests.answer_forms import CHECKLIST, FORM, PROBLEM

URL = "/checklists/practitioner/"
VALID = {"who-injects": "yes", "sealed-needles": "no"}
SECRET = "SECRET-ANSWER-123"


def assert_form_with_problem_or_bad_request(response):
    answer_forms.assert_form_with_problem_or_bad_request(CHECKLIST, response)


def assert_result(response):
    answer_forms.assert_result(CHECKLIST, response)


# --- Tampered and malformed form data -------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        pytest.param({"who-injects": "maybe", "sealed-needles": "yes"}, id="unknown-choice"),
        pytest.param({"who-injects": "YES", "sealed-needles": "yes"}, id="choice-wrong-case"),
        pytest.param({"who-injects": " yes ", "sealed-needles": "no "}, id="padded-choice"),
        pytest.param({"who-injects": "ok", "sealed-needles": "stop"}, id="level-not-value"),
        pytest.param({"who-injects": "", "sealed-needles": ""}, id="empty-answers"),
        pytest.param({"who-injects": "<script>alert(1)</script>"}, id="markup-choice"),
        pytest.param({}, id="nothing"),
        pytest.param({"sealed-needles": "yes"}, id="one-missing"),
        pytest.param({"unknown": "yes", "who_injects": "yes"}, id="only-unknown-fields"),
        pytest.param({"who-injects": "yes\x00", "sealed-needles": "yes"}, id="nul-in-choice"),
        pytest.param({"who-injects": "y" * 1_000_000, "sealed-needles": "yes"}, id="1-MB-value"),
    ],
)
def test_bad_answers_give_the_form_back(small_site, client, data):
    response = client.post(URL, data)
    assert_form_with_problem_or_bad_request(response)


def test_tampered_choice_names_the_question(small_site, client):
    html = client.post(URL, {"who-injects": "maybe", "sealed-needles": "yes"}).content.decode()
    assert "Choose one of the answers shown for: Do you know who will inject you?" in html
    assert 'href="#id_who-injects_0"' in html
    assert "maybe" not in html  # the tampered value is not echoed back


def test_missing_answers_are_all_listed(small_site, client):
    html = client.post(URL, {}).content.decode()
    assert "Choose an answer to: Do you know who will inject you?" in html
    assert "Choose an answer to: Will they open sealed, single-use needles" in html


def test_huge_value_is_not_echoed_back(small_site, client):
    response = client.post(URL, {"who-injects": "y" * 1_000_000, "sealed-needles": "yes"})
    assert_form_with_problem_or_bad_request(response)
    assert len(response.content) < 100_000


def test_unknown_fields_beside_valid_answers_are_ignored(small_site, client):
    response = client.post(URL, {**VALID, "is-admin": "true", "see-result": "x", "q": SECRET})
    assert_result(response)
    assert SECRET.encode() not in response.content


def test_repeated_field_counts_once(small_site, client):
    response = client.post(URL, {"who-injects": ["yes", "no"], "sealed-needles": "yes"})
    assert response.status_code < 500
    if response.status_code == 200 and PROBLEM not in response.content:
        html = response.content.decode()
        # One answer for the question, never both.
        assert html.count("Your answer: <strong>") == 2
        first = html.split("Do you know who will inject you?", 1)[1].split("</li>", 1)[0]
        assert ("<strong>Yes</strong>" in first) != ("<strong>No</strong>" in first)
    else:
        assert_form_with_problem_or_bad_request(response)


@pytest.mark.parametrize("slug", ["nope", "practitioner-x", "Practitioner", "-"])
def test_unknown_checklist_is_404(small_site, client, slug):
    assert client.get(f"/checklists/{slug}/").status_code == 404
    assert client.post(f"/checklists/{slug}/", VALID).status_code == 404


# --- Random submissions to every real checklist ----------------------------------------------


@pytest.fixture(scope="session")
def real_checklists(real_registry):
    return real_registry.checklists


def _strategies(checklists):
    field_names = sorted({q.id for c in checklists.values() for q in c.questions})
    choice_values = sorted(
        {ch.value for c in checklists.values() for q in c.questions for ch in q.choices}
    )
    keys = st.one_of(st.sampled_from(field_names), st.text(max_size=40))
    values = st.one_of(
        st.sampled_from(choice_values),
        st.text(max_size=200),
        st.lists(st.one_of(st.sampled_from(choice_values), st.text(max_size=20)), max_size=4),
    )
    return field_names, choice_values, keys, values


def test_real_checklists_were_found(real_checklists):
    field_names = _strategies(real_checklists)[0]
    assert len(real_checklists) >= 3 and len(field_names) >= 20


@hypothesis_settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_random_form_data_never_causes_a_server_error(real_content, real_checklists, client, data):
    _, _, keys, values = _strategies(real_checklists)
    slug = data.draw(st.sampled_from(sorted(real_checklists)))
    form = data.draw(st.dictionaries(keys, values, max_size=40))
    response = client.post(f"/checklists/{slug}/", form)
    assert response.status_code < 500
    assert not response.cookies
    if response.status_code == 200:
        assert "no-store" in response.headers["Cache-Control"]


@hypothesis_settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_random_bodies_never_cause_a_server_error(real_content, real_checklists, client, data):
    field_names, choice_values, _, _ = _strategies(real_checklists)
    slug = data.draw(st.sampled_from(sorted(real_checklists)))
    body = data.draw(
        st.one_of(
            st.binary(max_size=2000),
            st.lists(
                st.tuples(st.sampled_from(field_names), st.sampled_from(choice_values)),
                max_size=20,
            ).map(lambda pairs: urlencode(pairs).encode()),
        )
    )
    content_type = data.draw(
        st.sampled_from(
            [FORM, FORM + "; charset=utf-8", "multipart/form-data; boundary=b", "text/plain", ""]
        )
    )
    response = client.generic("POST", f"/checklists/{slug}/", data=body, content_type=content_type)
    assert response.status_code < 500


def test_every_real_checklist_accepts_a_complete_answer(real_content, real_checklists, client):
    for slug, checklist in real_checklists.items():
        answers = {q.id: q.choices[-1].value for q in checklist.questions}
        assert_result(client.post(f"/checklists/{slug}/", answers))
