"""Change notes, clinical reviews, overdue notices and the published record."""

import datetime
import json
import re

import pytest
from django.core.management import call_command

from articles.content import published
from tests.factories import DEFAULT_BODY, clear_caches

CHANGES = """changes:
  - date: 2026-11-20
    summary: The emergency card now says pale skin is an emergency, with or without pain.
    type: major
  - date: 2026-11-10
    summary: Fixed a typo.
    type: minor"""


def run_check(content_dir, *args) -> tuple[int, str]:
    import io

    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("checkcontent", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue() + err.getvalue()


def record(content_dir):
    call_command("recordpublished", stdout=__import__("io").StringIO())


@pytest.fixture
def site(content_dir):
    content_dir.warning_signs()
    return content_dir


def with_changes(site, body=DEFAULT_BODY, changes=CHANGES, **fields):
    text = site.article("first", body=body, **fields).read_text()
    text = text.replace("sources:", changes + "\nsources:", 1)
    return site.write("articles/first.md", text)


# --- shown to readers -----------------------------------------------------------------------


def test_page_shows_latest_change_and_the_rest_behind_a_disclosure(site, client):
    with_changes(site)
    html = client.get("/articles/first/").content.decode()
    latest = html.index("The emergency card now says pale skin")
    assert "What changed" in html[latest - 300 : latest]
    assert "major change" in html[latest - 200 : latest]
    details = re.search(r"<details class=\"page-changes__earlier\">.*?</details>", html, re.DOTALL)
    assert details and "Fixed a typo." in details.group(0)
    assert "Fixed a typo." not in html[: details.start()]


def test_page_without_change_notes_shows_no_change_box(site, client):
    site.article("first")
    assert 'class="page-changes"' not in client.get("/articles/first/").content.decode()


def test_feed_has_one_entry_per_change_note(site, client, settings):
    settings.MESOGUIDE_BASE_URL = "https://guide.example.org"
    with_changes(site)
    site.article("second", title="Second article")
    feed = client.get("/feed/").content.decode()
    entries = re.findall(r"<entry>(.*?)</entry>", feed, re.DOTALL)
    first = [e for e in entries if "/articles/first/" in e]
    assert len(first) == 2
    assert any("major change" in e and "pale skin" in e for e in first)
    assert any("minor change" in e and "Fixed a typo." in e for e in first)
    ids = re.findall(r"<id>(tag:[^<]+)</id>", feed)
    assert len(ids) == len(set(ids)) == len(entries)


def test_api_carries_change_notes(site, client):
    with_changes(site)
    data = client.get("/api/v1/pages/articles/first/").json()
    assert data["changeNotes"][0] == {
        "date": "2026-11-20",
        "summary": "The emergency card now says pale skin is an emergency, with or without pain.",
        "type": "major",
    }
    assert data["clinicalReview"] is None


def test_page_without_clinical_review_says_so(site, client):
    site.article("first")
    html = client.get("/articles/first/").content.decode()
    assert "No clinician has reviewed this page yet." in html


def test_recorded_clinical_review_is_shown(site, client):
    review = (
        "clinical_review:\n  name: Dr A Example\n  role: Consultant dermatologist\n"
        "  registration: GMC 1234567\n  date: 2026-11-15"
    )
    with_changes(site, changes=review)
    html = client.get("/articles/first/").content.decode()
    assert (
        "Clinical review: Dr A Example, Consultant dermatologist (registration GMC 1234567)" in html
    )
    assert "No clinician has reviewed" not in html


def test_overdue_page_shows_a_visible_notice(site, client):
    site.article("first", reviewed="2024-01-01", next_review="2024-12-01")
    html = client.get("/articles/first/").content.decode()
    assert "This page is overdue for review." in html
    site.article("second", title="Second")
    assert "overdue for review" not in client.get("/articles/second/").content.decode()


# --- validation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ("changes: yes", "changes: must be a list"),
        ("changes:\n  - date: soon\n    summary: x\n    type: major", "is not a date"),
        ("changes:\n  - date: 2026-11-20\n    summary: x\n    type: big", "must be major or minor"),
        ("changes:\n  - date: 2026-11-20\n    type: minor", "summary must be one line"),
        ("changes:\n  - date: 2099-01-01\n    summary: x\n    type: minor", "in the future"),
        ("changes:\n  - date: 2026-11-20\n    summary: x\n    type: minor\n    by: me",
         "unknown key 'by'"),
        ("clinical_review:\n  name: Dr A\n  date: 2026-11-20", "role, registration required"),
        ("clinical_review: Dr A", "clinical_review: must have"),
    ],
)  # fmt: skip
def test_bad_editorial_fields_name_file_and_line(site, changes, message):
    path = with_changes(site, changes=changes)
    code, output = run_check(site)
    assert code == 1
    key = changes.split(":")[0]
    line = path.read_text().splitlines().index(next(
        row for row in path.read_text().splitlines() if row.startswith(key)
    )) + 1  # fmt: skip
    assert re.search(rf"articles/first\.md:{line}: .*{re.escape(message)}", output), output


# --- the published record -------------------------------------------------------------------


def test_a_folder_never_published_is_not_checked_but_a_broken_record_is_an_error(site):
    site.article("first")
    code, output = run_check(site)
    assert code == 0
    assert "published.json" not in output
    (site.root / "published.json").write_text("{not json")
    code, output = run_check(site)
    assert code == 1
    assert "published.json:1: published.json is not readable" in output


def test_recordpublished_writes_hash_changes_and_anchors(site):
    with_changes(site)
    record(site)
    data = json.loads((site.root / "published.json").read_text())
    entry = data["pages"]["/articles/first/"]
    assert entry["changes"] == 2
    assert entry["anchors"] == ["what-happens", "what-to-ask"]
    assert re.fullmatch(r"[0-9a-f]{16}", entry["hash"])


def test_text_change_without_a_change_note_fails_checkcontent(site):
    site.article("first")
    record(site)
    assert run_check(site)[0] == 0
    clear_caches()
    path = site.article("first", body=DEFAULT_BODY.replace("The evidence is weak.", "It works."))
    code, output = run_check(site)
    assert code == 1
    assert f"{path.name}:1: the text changed since it was published" in output.replace(
        "content/articles/", ""
    )


def test_a_new_change_note_explains_the_change(site):
    site.article("first")
    record(site)
    with_changes(site, body=DEFAULT_BODY.replace("The evidence is weak.", "It is unproven."))
    code, output = run_check(site)
    assert code == 0, output


def test_date_only_review_needs_no_change_note(site):
    site.article("first")
    record(site)
    site.article("first", reviewed="2026-11-25", next_review="2027-11-25")
    assert run_check(site)[0] == 0


def test_disappearing_anchor_fails_and_an_explicit_id_keeps_it(site, client):
    site.article("first")
    record(site)
    renamed = DEFAULT_BODY.replace("## What to ask", "## Questions to ask")
    with_changes(site, body=renamed)
    code, output = run_check(site)
    assert code == 1
    assert "published section link #what-to-ask disappeared" in output
    with_changes(
        site, body=DEFAULT_BODY.replace("## What to ask", "## Questions to ask {#what-to-ask}")
    )
    code, output = run_check(site)
    assert code == 0, output
    html = client.get("/articles/first/").content.decode()
    assert '<h2 id="what-to-ask">Questions to ask</h2>' in html


def test_new_page_not_yet_recorded_is_a_warning(site):
    site.article("first")
    record(site)
    site.article("second", title="Second")
    code, output = run_check(site)
    assert code == 0
    assert "second.md:1: warning: not in the published record yet" in output


def test_due_lists_overdue_soon_and_unreviewed(site):
    soon = datetime.date.today() + datetime.timedelta(days=10)
    site.article("old", reviewed="2024-01-01", next_review="2024-12-01")
    site.article("soon", title="Soon", reviewed="2026-01-01", next_review=soon.isoformat())
    site.article("later", title="Later")
    _, output = run_check(site, "--due")
    overdue = output.split("Overdue for review: ")[1].split("\n")
    assert overdue[0] == "1" and "old.md" in overdue[1]
    due = output.split("Due within 30 days: ")[1].split("\n")
    assert due[0] == "1" and "soon.md" in due[1]
    assert "No clinical review recorded: 4" in output  # three articles and warning signs


def test_the_real_content_has_a_current_published_record(real_content):
    pages, problem = published.read_record(real_content)
    assert problem is None
    assert pages, "content/published.json is missing: run `python manage.py recordpublished`"
    _, output = run_check(real_content)
    assert "changed since it was published" not in output
    assert "disappeared" not in output
