"""What a reader types into an after-treatment tool leaves no trace, beyond what every answer
form is tested for in test_answer_forms.py: the record too, what the letter prints, and the
public pages of the tools."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.answer_forms import assert_private_and_never_stored, cache_control
from tests.tool_fixtures import tool_site_of

LETTER = "/after-treatment/doctor-note/"
RECORD = "/after-treatment/record/"
SECRET = "SECRET-SYMPTOM-4711"
VALID = {"treated-when": SECRET, "symptoms": "lumps", "started": "weeks"}


@pytest.fixture
def tool_site(small_site):
    yield from tool_site_of(small_site)


def test_the_record_sets_no_cookie_and_is_never_stored(tool_site, client):
    for response in (client.get(RECORD), client.post(RECORD, {"clinic": SECRET})):
        assert_private_and_never_stored(response)
    assert not client.cookies


def test_the_letter_shows_what_was_typed_only_in_that_response(tool_site, client):
    assert SECRET.encode() in client.post(LETTER, VALID).content
    # A later blank form (memoized for everyone) must not carry the last reader's answers.
    assert SECRET.encode() not in client.get(LETTER).content
    assert SECRET.encode() not in client.get(LETTER).content


def test_typed_answers_never_travel_in_a_url(tool_site, client):
    html = client.post(LETTER, VALID).content.decode()
    assert f"treated-when={SECRET}" not in html and "?treated" not in html


@pytest.mark.parametrize(
    ("url", "data"),
    [
        pytest.param(LETTER, VALID, id="letter"),
        pytest.param(LETTER, {"treated-when": SECRET * 10}, id="letter-refused"),
        pytest.param(RECORD, {"clinic": SECRET, "products-1-batch": SECRET}, id="record"),
        pytest.param(RECORD, {"treatment-date": SECRET}, id="record-refused"),
    ],
)
def test_typed_answers_never_reach_the_logs(tool_site, client, all_logs, url, data):
    client.get(url)
    all_logs.clear()
    response = client.post(url, data)
    assert response.status_code == 200
    assert SECRET not in all_logs.text


@pytest.mark.django_db  # only so CaptureQueriesContext may open the connection it watches
def test_tools_make_no_database_queries(tool_site, client):
    client.get(LETTER)
    with CaptureQueriesContext(connection) as queries:
        for response in (client.post(LETTER, VALID), client.post(LETTER, {}),
                         client.post(RECORD, {"clinic": "x"}), client.get(RECORD + "blank/"),
                         client.get("/after-treatment/diary/"), client.get(LETTER)):  # fmt: skip
            assert response.status_code == 200
    assert len(queries) == 0, [q["sql"] for q in queries]


def test_the_record_works_with_the_database_blocked(tool_site, client):
    """Without django_db, pytest-django makes any database use an error."""
    assert client.post(RECORD, {}).status_code == 200


def test_public_pages_of_the_tools_hold_no_reader_input_and_set_no_cookie(tool_site, client):
    for url in ("/after-treatment/", RECORD + "blank/", "/after-treatment/diary/"):
        response = client.get(url)
        assert response.status_code == 200 and not response.cookies
        assert "public" in cache_control(response)
