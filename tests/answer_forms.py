"""The forms that take a reader's answers, and what a test may expect of each response."""

from dataclasses import dataclass

FORM = "application/x-www-form-urlencoded"
PROBLEM = b"There is a problem"


@dataclass(frozen=True)
class AnswerForm:
    name: str
    url: str
    valid: dict
    choice: str  # a question answered by choosing: a tampered value there is refused
    form_marker: bytes  # on the form page
    result_marker: bytes  # on the result page only


CHECKLIST = AnswerForm(
    "checklist", "/checklists/practitioner/", {"who-injects": "yes", "sealed-needles": "no"},
    "who-injects", b'id="checklist-form"', b"Your result",
)  # fmt: skip
LETTER = AnswerForm(
    "letter", "/after-treatment/doctor-note/",
    {"treated-when": "May 2026", "symptoms": "lumps", "started": "weeks"},
    "started", b'id="tool-form"', b"To the doctor or nurse seeing me",
)  # fmt: skip


def assert_form_with_problem_or_bad_request(form: AnswerForm, response):
    """The reader sees the form again with the error summary, or a plain 400 page."""
    assert response.status_code in {200, 400}, response.status_code
    if response.status_code == 200:
        assert PROBLEM in response.content
        assert form.form_marker in response.content
        assert form.result_marker not in response.content
    else:
        assert b"We could not read that" in response.content
    assert not response.cookies


def assert_result(form: AnswerForm, response):
    assert response.status_code == 200
    assert form.result_marker in response.content
    assert PROBLEM not in response.content


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.headers["Cache-Control"].split(",")}


def assert_private_and_never_stored(response):
    """A page holding (or asking for) answers: no cookie, no shared or stored copy, no ETag."""
    assert response.status_code == 200
    assert not response.cookies and "Set-Cookie" not in response.headers
    assert {"no-store", "private"} <= cache_control(response)
    assert "public" not in cache_control(response)
    assert "ETag" not in response.headers
