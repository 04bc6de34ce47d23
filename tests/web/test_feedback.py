"""Reader feedback: what is stored (and nothing else), the guards, and cookie-free pages."""

import datetime
import json
import re

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection

from articles import feedback as feedback_module
from articles.models import Feedback

pytestmark = pytest.mark.db

URL = "/feedback/"
PAGE = "/articles/first-article/"
SAME_ORIGIN = {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "same-origin"}


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def post(client, data, **extra):
    return client.post(URL, data, **{**SAME_ORIGIN, **extra})


def token_in(response) -> str:
    match = re.search(rb'name="token" value="([^"]+)"', response.content)
    assert match, "the thank-you page offers the comment box"
    return match.group(1).decode()


def assert_no_cookie(response):
    assert not response.cookies, response.cookies
    assert "Set-Cookie" not in response.headers
    assert "cookie" not in response.headers.get("Vary", "").lower()


# --- What is stored ---------------------------------------------------------------------------


def test_model_has_exactly_the_documented_fields():
    names = {field.name for field in Feedback._meta.get_fields()}
    assert names == {"id", "page", "answer", "comment", "date"}
    assert isinstance(Feedback._meta.get_field("date"), type(Feedback._meta.get_field("date")))
    assert Feedback._meta.get_field("date").get_internal_type() == "DateField"


@pytest.mark.django_db
def test_an_answer_is_stored_with_page_answer_and_day_only(small_site, client):
    response = post(client, {"page": PAGE, "answer": "yes"}, HTTP_USER_AGENT="Secret/1.0")
    assert response.status_code == 200
    assert b"Thank you for your answer." in response.content
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM articles_feedback")
        columns = [column[0] for column in cursor.description]
        rows = cursor.fetchall()
    assert sorted(columns) == ["answer", "comment", "date", "id", "page"]
    assert len(rows) == 1
    stored = dict(zip(columns, rows[0], strict=True))
    assert stored["page"] == PAGE
    assert stored["answer"] == "yes"
    assert stored["comment"] == ""
    assert str(stored["date"]) == datetime.date.today().isoformat()  # the day, never a time
    assert "127.0.0.1" not in repr(rows) and "Secret" not in repr(rows)


@pytest.mark.django_db
def test_the_comment_is_added_to_the_same_answer(small_site, client):
    answered = post(client, {"page": PAGE, "answer": "no"})
    assert b"What was missing or wrong? (optional)" in answered.content
    assert b"anything about your health" in answered.content
    token = token_in(answered)
    commented = post(client, {"page": PAGE, "token": token, "comment": "The cost part was vague."})
    assert commented.status_code == 200
    assert b"We read every comment" in commented.content
    (stored,) = Feedback.objects.all()
    assert (stored.answer, stored.comment) == ("no", "The cost part was vague.")
    # A second comment with the same token cannot overwrite the first.
    post(client, {"page": PAGE, "token": token, "comment": "Overwritten"})
    assert Feedback.objects.get().comment == "The cost part was vague."


@pytest.mark.django_db
def test_contact_details_are_removed_before_storing(small_site, client):
    comment = "Mail me at jo.bloggs+meso@example.co.uk or call +44 (0)20 7946 0958 please"
    response = post(client, {"page": PAGE, "answer": "no", "comment": comment})
    assert response.status_code == 200
    stored = Feedback.objects.get().comment
    assert "example" not in stored and "7946" not in stored
    assert stored == "Mail me at [email removed] or call [number removed] please"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("write to ann@clinic.com", "write to [email removed]"),
        ("ann (at) clinic (dot) com", "[email removed]"),
        ("ann at clinic dot com!", "[email removed]!"),
        ("phone 07700 900123", "phone [number removed]"),
        ("ring 555-123-4567 today", "ring [number removed] today"),
        ("call 020.7946.0958", "call [number removed]"),
        ("treated on 2026-11-01, 3 sessions", "treated on 2026-11-01, 3 sessions"),
        ("it cost 1,500 for 4 visits", "it cost 1,500 for 4 visits"),
        ("look at the page. It was fine", "look at the page. It was fine"),
    ],
)
def test_remove_contact_details(text, expected):
    assert feedback_module.remove_contact_details(text) == expected


@pytest.mark.django_db
def test_a_long_comment_is_refused_and_kept_for_the_reader(small_site, client):
    long_comment = "word " * 201 + "END"
    response = post(client, {"page": PAGE, "answer": "no", "comment": long_comment})
    assert response.status_code == 400
    assert b"1,000 characters or fewer" in response.content
    assert long_comment.strip().encode() in response.content  # loses nothing
    assert not Feedback.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {"page": "/articles/no-such-page/", "answer": "yes"},
        {"page": "https://evil.example/", "answer": "yes"},
        {"page": PAGE, "answer": "maybe"},
        {"page": PAGE},
        {"page": PAGE, "token": "forged:token", "comment": "hi"},
        {"page": PAGE, "answer": ["yes", "no"], "comment": "x\x00y"},
    ],
)
def test_tampered_forms_get_a_form_error_not_a_500(small_site, client, data):
    response = post(client, data)
    assert response.status_code == 400
    assert b"We could not accept this answer." in response.content
    assert not Feedback.objects.exists()
    assert_no_cookie(response)


@pytest.mark.django_db
def test_javascript_gets_json_with_the_comment_token(small_site, client):
    response = post(client, {"page": PAGE, "answer": "yes"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    reply = json.loads(response.content)
    assert reply["ok"] is True and reply["message"] == "Thank you for your answer."
    commented = post(
        client,
        {"page": PAGE, "token": reply["token"], "comment": "Clear."},
        HTTP_ACCEPT="application/json",
    )
    assert json.loads(commented.content)["ok"] is True
    assert Feedback.objects.get().comment == "Clear."
    assert "Accept" in response.headers["Vary"]


def test_only_post_is_accepted(small_site, client):
    assert client.get(URL).status_code == 405


# --- Cookie-free, cacheable pages -------------------------------------------------------------


@pytest.mark.parametrize("path", ["/articles/first-article/", "/about/", "/warning-signs/"])
def test_every_content_page_ends_with_the_same_feedback_form(small_site, client, path):
    html = client.get(path).content.decode()
    assert "Was this page useful?" in html
    form = html[html.index("data-feedback-answer") :]
    assert f'name="page" value="{path}"' in form
    assert 'name="answer" value="yes"' in form and 'name="answer" value="no"' in form
    assert "csrfmiddlewaretoken" not in html
    # The form is last in the page's article, after its sources.
    article = html[html.index("<article") : html.index("</article>")]
    assert article.rindex("Was this page useful?") > article.rfind("Sources")


def test_real_content_pages_carry_the_form_and_set_no_cookie(real_content, client):
    from articles.content import get_registry

    for url in get_registry().documents:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"Was this page useful?" in response.content, url
        assert_no_cookie(response)
        assert "public" in response.headers["Cache-Control"]


def test_the_form_does_not_break_the_memo_or_etag(small_site, client):
    first = client.get(PAGE)
    assert client.get(PAGE).content == first.content  # the same bytes for every reader
    again = client.get(PAGE, HTTP_IF_NONE_MATCH=first.headers["ETag"])
    assert again.status_code == 304


@pytest.mark.django_db
def test_the_feedback_response_sets_no_cookie_and_is_never_stored(small_site, client):
    for data in ({"page": PAGE, "answer": "yes"}, {"page": PAGE, "answer": "bad"}):
        response = post(client, data)
        assert_no_cookie(response)
        assert "no-store" in response.headers["Cache-Control"]
        assert "private" in response.headers["Cache-Control"]
    assert not client.cookies


# --- Guards: cross-site posts, honeypot, rate limit -------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_ORIGIN": "http://testserver.evil.example"},
        {"HTTP_ORIGIN": "https://testserver"},  # another scheme is another origin
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_FETCH_SITE": "same-site"},
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "http://testserver"},
    ],
)
def test_cross_site_posts_are_refused_and_nothing_is_stored(small_site, client, headers):
    response = client.post(URL, {"page": PAGE, "answer": "no"}, **headers)
    assert response.status_code == 403
    assert b"sent from another website" in response.content
    assert not Feedback.objects.exists()
    assert_no_cookie(response)


@pytest.mark.django_db
def test_same_origin_and_headerless_posts_are_accepted(small_site, client, settings):
    assert post(client, {"page": PAGE, "answer": "yes"}).status_code == 200
    assert client.post(URL, {"page": PAGE, "answer": "yes"}).status_code == 200
    settings.MESOGUIDE_BASE_URL = "https://mesoguide.example.org"
    response = client.post(
        URL, {"page": PAGE, "answer": "no"}, HTTP_ORIGIN="https://mesoguide.example.org"
    )
    assert response.status_code == 200
    assert Feedback.objects.count() == 3


@pytest.mark.django_db
def test_a_filled_honeypot_looks_normal_but_stores_nothing(small_site, client):
    response = post(client, {"page": PAGE, "answer": "yes", "website": "http://spam.example"})
    assert response.status_code == 200
    assert b"Thank you" in response.content
    assert b'name="token"' not in response.content
    assert not Feedback.objects.exists()


def test_the_honeypot_is_hidden_from_people(small_site, client):
    html = client.get(PAGE).content.decode()
    trap = re.search(r'<div class="feedback__trap" aria-hidden="true">.*?</div>', html)
    assert trap and 'tabindex="-1"' in trap.group() and 'name="website"' in trap.group()


@pytest.mark.django_db
def test_over_the_rate_limit_gets_a_clear_429(small_site, client, settings):
    settings.MESOGUIDE_FEEDBACK_PER_HOUR = 3
    for _ in range(3):
        assert post(client, {"page": PAGE, "answer": "yes"}).status_code == 200
    refused = post(client, {"page": PAGE, "answer": "yes"})
    assert refused.status_code == 429
    assert b"Too many answers" in refused.content
    assert 0 < int(refused.headers["Retry-After"]) <= 3600
    assert_no_cookie(refused)
    assert Feedback.objects.count() == 3
    # Another client is not affected.
    other = post(client, {"page": PAGE, "answer": "no"}, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200
    assert Feedback.objects.count() == 4


def test_the_rate_limit_key_does_not_hold_the_address(rf):
    request = rf.post(URL, REMOTE_ADDR="203.0.113.9")
    key = feedback_module.client_key(request)
    assert "203" not in key and len(key) == 32
    assert key != feedback_module.client_key(rf.post(URL, REMOTE_ADDR="203.0.113.10"))


@pytest.mark.django_db
def test_a_cache_that_is_down_lets_answers_through(small_site, client, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    calls = []
    monkeypatch.setattr(feedback_module.cache, "add", lambda *a, **k: calls.append(a) or broken())
    monkeypatch.setattr(feedback_module, "_cache_down_until", 0.0)
    monkeypatch.setattr(feedback_module.logger, "propagate", True)
    for _ in range(3):
        assert post(client, {"page": PAGE, "answer": "yes"}).status_code == 200
    assert Feedback.objects.count() == 3
    assert "rate limit unavailable" in caplog.text
    assert len(calls) == 1  # the next requests do not wait for the cache again


# --- A database that is down ------------------------------------------------------------------


@pytest.mark.django_db
def test_database_down_tells_the_reader_and_logs_while_pages_keep_serving(
    small_site, client, monkeypatch, caplog
):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "ensure_connection", refuse)
    monkeypatch.setattr(feedback_module.logger, "propagate", True)
    comment = "The cost section did not say enough."
    response = post(client, {"page": PAGE, "answer": "no", "comment": comment})
    assert response.status_code == 503
    assert b"we could not save your answer" in response.content
    assert comment.encode() in response.content  # handed back so the reader can keep it
    assert "Could not save feedback for /articles/first-article/" in caplog.text
    assert comment not in caplog.text  # the log never holds what the reader wrote
    reply = post(client, {"page": PAGE, "answer": "no"}, HTTP_ACCEPT="application/json")
    assert json.loads(reply.content)["message"].startswith("Sorry, we could not save")
    for path in (PAGE, "/", "/warning-signs/", "/about/"):
        assert client.get(path).status_code == 200  # pages never need the database
