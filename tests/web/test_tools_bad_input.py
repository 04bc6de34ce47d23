"""Tampered, over-long and random submissions to the after-treatment forms.

What every answer form shares (wrong bodies, methods, privacy) is in test_answer_forms.py."""

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests import answer_forms
from tests.answer_forms import FORM, PROBLEM
from tests.answer_forms import LETTER as LETTER_FORM
from tests.tool_fixtures import real_tools, tool_site_of

LETTER = "/after-treatment/doctor-note/"
RECORD = "/after-treatment/record/"
VALID = {"treated-when": "May 2026", "symptoms": "lumps", "started": "weeks"}


@pytest.fixture
def tool_site(small_site):
    yield from tool_site_of(small_site)


def assert_form_with_problem_or_bad_request(response):
    answer_forms.assert_form_with_problem_or_bad_request(LETTER_FORM, response)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param({**VALID, "symptoms": "rash"}, id="unknown-choice"),
        pytest.param({**VALID, "symptoms": "LUMPS"}, id="choice-wrong-case"),
        pytest.param({**VALID, "started": " weeks "}, id="padded-choice"),
        pytest.param({**VALID, "started": ["weeks", "dont-know"], "symptoms": "x"}, id="two-bad"),
        pytest.param({**VALID, "symptoms": ""}, id="required-empty"),
        pytest.param({}, id="nothing"),
        pytest.param({**VALID, "treated-when": "x" * 41}, id="one-too-long"),
        pytest.param({**VALID, "treated-when": "y" * 1_000_000}, id="1-MB-value"),
        pytest.param({**VALID, "treated-when": "May\x002026"}, id="nul-in-text"),
        pytest.param({**VALID, "symptoms": "<script>alert(1)</script>"}, id="markup-choice"),
    ],
)
def test_bad_answers_give_the_form_back(tool_site, client, data):
    assert_form_with_problem_or_bad_request(client.post(LETTER, data))


def test_over_long_answer_is_refused_with_its_length_not_cut_short(tool_site, client):
    response = client.post(LETTER, {**VALID, "treated-when": "x" * 55})
    html = response.content.decode()
    assert "When were you treated?: use 40 characters or fewer (you used 55)" in html
    assert 'href="#id_treated-when"' in html
    assert "To the doctor or nurse seeing me" not in html


def test_exactly_the_limit_is_accepted(tool_site, client):
    response = client.post(LETTER, {**VALID, "treated-when": "x" * 40})
    assert PROBLEM not in response.content
    assert b"x" * 40 in response.content


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"treatment-date": "2026-02-30"}, "Date of treatment: enter a real date"),
        ({"treatment-date": "1066-10-14"}, "enter a date from 1990 onwards"),
        ({"treatment-date": "9999-01-01"}, "enter a date from 1990 onwards"),
        ({"products-1-batch": "L" * 31}, "use 30 characters or fewer (you used 31)"),
    ],
)
def test_record_refuses_bad_dates_and_long_cells(tool_site, client, data, message):
    response = client.post(RECORD, data)
    assert_form_with_problem_or_bad_request(response)
    assert message in response.content.decode()


def test_tampered_choice_is_not_echoed_back(tool_site, client):
    html = client.post(LETTER, {**VALID, "started": "hacked-value"}).content.decode()
    assert "Choose one of the answers shown for: When did it start?" in html
    assert "hacked-value" not in html


def test_the_blank_record_refuses_other_methods(tool_site, client):
    for method in ("put", "patch", "delete"):
        assert getattr(client, method)(RECORD + "blank/").status_code == 405


# --- Random submissions to the real tools ------------------------------------------------

_REAL = real_tools()
FORMS = sorted(slug for slug, tool in _REAL.items() if tool.kind != "diary")
FIELD_NAMES = sorted(
    {f.id for t in _REAL.values() for f in t.fields}
    | {f"{f.id}-{r}-{c.id}" for t in _REAL.values() for f in t.fields if f.type == "table"
       for r in range(1, f.rows + 1) for c in f.columns}
)  # fmt: skip
CHOICE_VALUES = sorted({v for t in _REAL.values() for f in t.fields for v, _ in f.choices})

keys = st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=40))
values = st.one_of(
    st.sampled_from(CHOICE_VALUES),
    st.text(max_size=700),
    st.dates().map(str),
    st.lists(st.one_of(st.sampled_from(CHOICE_VALUES), st.text(max_size=20)), max_size=4),
)


def test_real_tools_were_found():
    assert FORMS == ["doctor-note", "record"] and len(FIELD_NAMES) >= 30


@hypothesis_settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(slug=st.sampled_from(FORMS), data=st.dictionaries(keys, values, max_size=40))
def test_random_form_data_never_causes_a_server_error(real_content, client, slug, data):
    response = client.post(f"/after-treatment/{slug}/", data)
    assert response.status_code in {200, 400}
    assert not response.cookies
    assert "no-store" in response.headers["Cache-Control"]


@hypothesis_settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    slug=st.sampled_from(FORMS),
    body=st.one_of(
        st.binary(max_size=2000),
        st.lists(
            st.tuples(st.sampled_from(FIELD_NAMES), st.one_of(st.sampled_from(CHOICE_VALUES),
                                                              st.text(max_size=50))),
            max_size=30,
        ).map(lambda pairs: urlencode(pairs).encode()),
    ),
    content_type=st.sampled_from([FORM, "multipart/form-data; boundary=b", "text/plain", ""]),
)  # fmt: skip
def test_random_bodies_never_cause_a_server_error(real_content, client, slug, body, content_type):
    response = client.generic("POST", f"/after-treatment/{slug}/", data=body,
                              content_type=content_type)  # fmt: skip
    assert response.status_code in {200, 400}


def test_every_real_form_accepts_a_full_length_answer(real_content, client):
    for slug in FORMS:
        tool = _REAL[slug]
        data = {}
        for field in tool.fields:
            if field.type in ("text", "textarea"):
                data[field.id] = "w" * field.max_length
            elif field.type in ("choice", "choices"):
                data[field.id] = field.choices[-1][0]
            elif field.type == "date":
                data[field.id] = "2026-11-20"
            else:
                for row in range(1, field.rows + 1):
                    for column in field.columns:
                        data[f"{field.id}-{row}-{column.id}"] = "c" * column.max_length
        response = client.post(f"/after-treatment/{slug}/", data)
        assert response.status_code == 200 and PROBLEM not in response.content, slug
