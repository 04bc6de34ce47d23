"""Every form that takes a reader's answers (a checklist and an after-treatment letter): wrong
bodies never cause a server error, and the answers leave no trace: no cookie, cache, log, URL
or database row. One test a rule, run for each form."""

import logging
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.answer_forms import (
    CHECKLIST,
    FORM,
    LETTER,
    assert_form_with_problem_or_bad_request,
    assert_private_and_never_stored,
    assert_result,
)
from tests.tool_fixtures import tool_site_of

SECRET = "SECRET-ANSWER-123"


@pytest.fixture(params=[CHECKLIST, LETTER], ids=lambda form: form.name)
def form(request, small_site):
    """The small site with its checklist and tools, and one form to post to."""
    site = tool_site_of(small_site)
    next(site)
    yield request.param
    next(site, None)


# --- Wrong bodies ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        pytest.param(b'{"who-injects": "yes", "symptoms": "lumps"}', "application/json",
                     id="json"),
        pytest.param(b"who-injects=yes&symptoms=lumps", "text/plain", id="text-plain"),
        pytest.param(b"<answers><who-injects>yes</who-injects></answers>", "application/xml",
                     id="xml"),
        pytest.param(b"who-injects=yes", "", id="no-content-type"),
        pytest.param(b"\xff\xfe\x00\x01who-injects=\xff&symptoms=\xc3\x28", FORM,
                     id="non-utf8-bytes"),
        pytest.param(b"who-injects=%FF%FE&symptoms=%C3%28", FORM, id="non-utf8-escapes"),
        pytest.param(b"who-injects=yes&symptoms=lumps", FORM + "; charset=utf-16",
                     id="utf16-charset"),
        pytest.param(b"\xff\xfe" * 100, FORM + "; charset=latin-1", id="latin1-charset"),
        pytest.param(b"who-injects=yes&symptoms", FORM + "; charset=no-such-charset",
                     id="unknown-charset"),
        pytest.param(b"abc", "multipart/form-data", id="multipart-without-boundary"),
        pytest.param(b"--xx\r\nContent-Disposition: form-data; name=\"who-injects\"\r\n\r\nyes",
                     "multipart/form-data; boundary=xx", id="multipart-unterminated"),
        pytest.param(b"--xx\r\nContent-Disposition: form-data; name=\"who-injects\"; "
                     b"filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nyes\r\n--xx--\r\n",
                     "multipart/form-data; boundary=xx", id="answer-as-file-upload"),
        pytest.param(b"who-injects=" + b"y" * 3_000_000, FORM, id="3-MB-body"),
        pytest.param("&".join(f"field{i}=x" for i in range(5000)).encode(), FORM,
                     id="5000-fields"),
        pytest.param(b"&" * 100_000 + b"who-injects=yes", FORM, id="100000-ampersands"),
        pytest.param(b"=" * 10_000, FORM, id="only-equals-signs"),
    ],
)  # fmt: skip
def test_wrong_bodies_never_cause_a_server_error(form, client, body, content_type):
    response = client.generic("POST", form.url, data=body, content_type=content_type)
    assert_form_with_problem_or_bad_request(form, response)


def test_urlencoded_and_multipart_valid_answers_both_work(form, client):
    assert_result(form, client.post(form.url, form.valid))  # the test client sends multipart
    assert_result(form, client.generic("POST", form.url, data=urlencode(form.valid),
                                       content_type=FORM))  # fmt: skip


def test_oversized_bodies_are_refused_with_400(form, client):
    too_big = client.generic("POST", form.url, data=b"a=" + b"y" * 3_000_000,
                             content_type=FORM)  # fmt: skip
    too_many = client.generic(
        "POST", form.url, data="&".join(f"f{i}=x" for i in range(5000)).encode(),
        content_type=FORM,
    )  # fmt: skip
    assert (too_big.status_code, too_many.status_code) == (400, 400)


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_other_methods_are_refused(form, client, method):
    assert getattr(client, method)(form.url, form.valid).status_code == 405


def test_answers_in_the_query_string_are_not_used(form, client):
    response = client.get(form.url, form.valid)
    assert response.status_code == 200
    assert form.result_marker not in response.content
    assert b"checked" not in response.content
    assert b"May 2026" not in response.content


# --- Privacy: answers leave no trace --------------------------------------------------------


def test_log_capture_works(all_logs):
    """The capture sees django.server, which does not propagate: so the checks below can fail."""
    logging.getLogger("django.server").info("probe %s", SECRET)
    logging.getLogger("django.request").debug("probe two")
    assert SECRET in all_logs.text
    assert "probe two" in all_logs.text


@pytest.mark.parametrize("case", ["tampered-choice", "unknown-field", "secret-as-field-name"])
def test_answers_never_reach_the_logs(form, client, all_logs, case):
    data = {
        "tampered-choice": {**form.valid, form.choice: SECRET},
        "unknown-field": {**form.valid, "notes": SECRET},
        "secret-as-field-name": {SECRET: SECRET},
    }[case]
    client.get(form.url)  # load content first, so its own log lines are not mixed in
    all_logs.clear()
    response = client.post(form.url, data)
    assert response.status_code == 200
    assert SECRET not in all_logs.text
    assert SECRET.encode() not in response.content  # neither echoed back nor shown


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        pytest.param(f"who-injects={SECRET}&" * 2000, FORM, 400, id="too-many-fields"),
        pytest.param(f"who-injects={SECRET}" + "y" * 3_000_000, FORM, 400, id="too-big"),
        pytest.param(f"who-injects={SECRET}", FORM + "; charset=utf-16", 400, id="bad-charset"),
        # A multipart body with no closing boundary parses as an empty form: the form page.
        pytest.param(f'--b\r\nContent-Disposition: form-data; name="{SECRET}"\r\n\r\n{SECRET}',
                     "multipart/form-data; boundary=b", 200, id="broken-multipart"),
        pytest.param(f"who-injects={SECRET}", "multipart/form-data", 400, id="no-boundary"),
    ],
)  # fmt: skip
def test_refused_bodies_never_reach_the_logs(form, client, all_logs, body, content_type, status):
    client.get(form.url)
    all_logs.clear()
    response = client.generic("POST", form.url, data=body.encode(), content_type=content_type)
    assert response.status_code == status
    # A refusal is logged (a body parsed as an empty form is not refused)...
    assert bool(all_logs.records) == (status == 400)
    assert SECRET not in all_logs.text  # ...without what was sent


@pytest.mark.django_db  # only so CaptureQueriesContext may open the connection it watches
def test_answers_make_no_database_queries(form, client):
    client.get(form.url)
    with CaptureQueriesContext(connection) as queries:
        assert_result(form, client.post(form.url, form.valid))
        invalid = {**form.valid, form.choice: SECRET}
        assert_form_with_problem_or_bad_request(form, client.post(form.url, invalid))
        assert client.get(form.url).status_code == 200
    assert len(queries) == 0, [q["sql"] for q in queries]


def test_answers_work_with_the_database_blocked(form, client):
    """Without django_db, pytest-django makes any database use an error."""
    assert_result(form, client.post(form.url, form.valid))


def test_the_form_sets_no_cookie_and_is_never_stored(form, client):
    for response in (client.get(form.url), client.post(form.url, form.valid),
                     client.post(form.url, {})):  # fmt: skip
        assert_private_and_never_stored(response)
    assert not client.cookies


def test_answers_never_travel_in_a_url(form, client):
    response = client.post(form.url, form.valid)
    assert_result(form, response)
    assert response.request["PATH_INFO"] == form.url
    assert response.request.get("QUERY_STRING", "") == ""
    html = response.content.decode()
    for name, value in form.valid.items():
        assert f"{name}={value}" not in html
    page = client.get(form.url).content.decode()
    assert f'action="{form.url}"' in page and 'method="post"' in page
