"""Tampered, malformed and oversized checklist submissions; and what the answers leave behind."""

import logging
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

URL = "/checklists/practitioner/"
VALID = {"who-injects": "yes", "sealed-needles": "no"}
SECRET = "SECRET-ANSWER-123"
FORM = "application/x-www-form-urlencoded"
PROBLEM = b"There is a problem"


def assert_form_with_problem_or_bad_request(response):
    """The reader sees the form again with the error summary, or a plain 400 page."""
    assert response.status_code in {200, 400}, response.status_code
    if response.status_code == 200:
        assert PROBLEM in response.content
        assert b'id="checklist-form"' in response.content
        assert b"Your result" not in response.content
    else:
        assert b"We could not read that" in response.content
    assert not response.cookies


def assert_result(response):
    assert response.status_code == 200
    assert b"Your result" in response.content
    assert PROBLEM not in response.content


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


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        pytest.param(b'{"who-injects": "yes", "sealed-needles": "no"}', "application/json",
                     id="json"),
        pytest.param(b"who-injects=yes&sealed-needles=no", "text/plain", id="text-plain"),
        pytest.param(b"<answers><who-injects>yes</who-injects></answers>", "application/xml",
                     id="xml"),
        pytest.param(b"who-injects=yes", "", id="no-content-type"),
        pytest.param(b"\xff\xfe\x00\x01who-injects=\xff&sealed-needles=\xc3\x28", FORM,
                     id="non-utf8-bytes"),
        pytest.param(b"who-injects=%FF%FE&sealed-needles=%C3%28", FORM, id="non-utf8-escapes"),
        pytest.param(b"who-injects=yes&sealed-needles=no", FORM + "; charset=utf-16",
                     id="utf16-charset"),
        pytest.param(b"\xff\xfe" * 100, FORM + "; charset=latin-1", id="latin1-charset"),
        pytest.param(b"who-injects=yes&sealed-needles", FORM + "; charset=no-such-charset",
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
def test_wrong_bodies_never_cause_a_server_error(small_site, client, body, content_type):
    response = client.generic("POST", URL, data=body, content_type=content_type)
    assert_form_with_problem_or_bad_request(response)


def test_urlencoded_and_multipart_valid_answers_both_work(small_site, client):
    assert_result(client.post(URL, VALID))  # the test client sends multipart
    assert_result(client.generic("POST", URL, data=urlencode(VALID), content_type=FORM))


def test_oversized_bodies_are_refused_with_400(small_site, client):
    too_big = client.generic("POST", URL, data=b"who-injects=" + b"y" * 3_000_000,
                             content_type=FORM)  # fmt: skip
    too_many = client.generic(
        "POST", URL, data="&".join(f"f{i}=x" for i in range(5000)).encode(), content_type=FORM
    )
    assert (too_big.status_code, too_many.status_code) == (400, 400)


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_other_methods_are_refused(small_site, client, method):
    assert getattr(client, method)(URL, VALID).status_code == 405


@pytest.mark.parametrize("slug", ["nope", "practitioner-x", "Practitioner", "-"])
def test_unknown_checklist_is_404(small_site, client, slug):
    assert client.get(f"/checklists/{slug}/").status_code == 404
    assert client.post(f"/checklists/{slug}/", VALID).status_code == 404


def test_answers_in_the_query_string_are_not_evaluated(small_site, client):
    response = client.get(URL, VALID)
    assert response.status_code == 200
    assert b"Your result" not in response.content
    assert b"checked" not in response.content


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


# --- Privacy: answers leave no trace ---------------------------------------------------------

LOGGERS = ("", "django", "django.request", "django.server", "django.security",
           "django.db.backends", "mesoguide.content", "checklists", "articles")  # fmt: skip


@pytest.fixture
def all_logs(caplog):
    """Capture every log record at DEBUG, including loggers that do not propagate."""
    caplog.set_level(logging.DEBUG)
    saved = []
    for name in LOGGERS:
        logger = logging.getLogger(name)
        saved.append((logger, logger.level))
        logger.setLevel(logging.DEBUG)
        if name and not logger.propagate:
            logger.addHandler(caplog.handler)
    yield caplog
    for logger, level in saved:
        logger.setLevel(level)
        if caplog.handler in logger.handlers and logger.name != "root":
            logger.removeHandler(caplog.handler)


def test_log_capture_works(all_logs):
    """The capture sees django.server, which does not propagate: so the checks below can fail."""
    logging.getLogger("django.server").info("probe %s", SECRET)
    logging.getLogger("django.request").debug("probe two")
    assert SECRET in all_logs.text
    assert "probe two" in all_logs.text


@pytest.mark.parametrize(
    "data",
    [
        pytest.param({"who-injects": SECRET, "sealed-needles": "yes"}, id="invalid-submission"),
        pytest.param({**VALID, "notes": SECRET}, id="valid-submission"),
        pytest.param({SECRET: SECRET}, id="secret-as-field-name"),
    ],
)
def test_answers_never_reach_the_logs(small_site, client, all_logs, data):
    client.get(URL)  # load content first, so its own log lines are not mixed in
    all_logs.clear()
    response = client.post(URL, data)
    assert response.status_code == 200
    assert SECRET not in all_logs.text
    assert SECRET.encode() not in response.content


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
def test_refused_bodies_never_reach_the_logs(
    small_site, client, all_logs, body, content_type, status
):
    client.get(URL)
    all_logs.clear()
    response = client.generic("POST", URL, data=body.encode(), content_type=content_type)
    assert response.status_code == status
    # A refusal is logged (a body parsed as an empty form is not refused)...
    assert bool(all_logs.records) == (status == 400)
    assert SECRET not in all_logs.text  # ...without what was sent


@pytest.mark.django_db  # only so CaptureQueriesContext may open the connection it watches
def test_a_result_makes_no_database_queries(small_site, client):
    client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        assert_result(client.post(URL, VALID))
        assert_form_with_problem_or_bad_request(client.post(URL, {"who-injects": SECRET}))
    assert len(queries) == 0, [q["sql"] for q in queries]


def test_a_result_works_with_the_database_blocked(small_site, client):
    """Without django_db, pytest-django makes any database use an error."""
    assert_result(client.post(URL, VALID))


def test_result_sets_no_cookie_and_is_never_stored(small_site, client):
    for response in (client.get(URL), client.post(URL, VALID), client.post(URL, {})):
        assert response.status_code == 200
        assert not response.cookies
        assert "Set-Cookie" not in response.headers
        cache_control = {part.strip() for part in response.headers["Cache-Control"].split(",")}
        assert {"no-store", "private"} <= cache_control
        assert "public" not in cache_control
        assert "ETag" not in response.headers
    assert not client.cookies


def test_answers_never_travel_in_a_url(small_site, client):
    response = client.post(URL, VALID)
    assert_result(response)
    assert response.request["PATH_INFO"] == URL
    assert response.request.get("QUERY_STRING", "") == ""
    html = response.content.decode()
    for name, value in VALID.items():
        assert f"{name}={value}" not in html
    form = client.get(URL).content.decode()
    assert f'action="{URL}"' in form
    assert 'method="post"' in form
