"""`manage.py checkcontent`: one `path:line: message` per problem, exit 1 on any error."""

import io
import re

import pytest
from django.core.management import call_command

from tests.factories import front_matter


def run(content_dir, *args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("checkcontent", "--content-dir", str(content_dir.root), *args,
                     stdout=out, stderr=err)  # fmt: skip
        status = 0
    except SystemExit as exc:
        status = exc.code
    return status, out.getvalue(), err.getvalue()


def test_clean_content_exits_zero(small_site):
    status, out, _ = run(small_site)
    assert status == 0
    assert "5 files valid, 0 errors, 1 warnings" in out  # 2 questions: "aim for 8 to 15"


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("---\ntitle: [broken\n---\nBody\n", 3, "YAML error"),
        (front_matter(title=None) + "Body\n", 1, "title: required"),
        (front_matter(reviewed="2026-02-30") + "Body\n", 6, "reviewed: '2026-02-30' is not a date"),
        (front_matter() + "\nText.[^1][^2][^3]\n\n<script>x()</script>\n", 29, "<script>"),
    ],
)
def test_each_error_exits_one_with_path_line_message(content_dir, text, line, fragment):
    content_dir.article("good")
    path = content_dir.write("articles/bad.md", text)
    if fragment == "<script>":
        assert path.read_text().splitlines()[line - 1].startswith("<script>")
    status, out, err = run(content_dir)
    assert status == 1
    problem_lines = [ln for ln in out.splitlines() if "bad.md" in ln]
    assert problem_lines, out
    assert all(re.match(r"^content/articles/bad\.md:\d+: ", ln) for ln in problem_lines)
    assert any(f"bad.md:{line}: " in ln and fragment in ln for ln in problem_lines), problem_lines
    assert ", 1 errors, " in err


def test_warnings_alone_exit_zero(content_dir):
    content_dir.article("stale", reviewed="2024-01-01", next_review="2024-12-01")
    status, out, _ = run(content_dir)
    assert status == 0
    assert "content/articles/stale.md:7: warning: next_review: review was due" in out


def test_grades_are_printed_on_request(small_site):
    _, out, _ = run(small_site, "--grades")
    assert re.search(r"content/articles/first-article\.md: grade \d+\.\d, 3 sources", out)


def test_broken_checklist_fails_the_check(small_site):
    small_site.checklist(text="title: Only a title\n")
    status, out, _ = run(small_site)
    assert status == 1
    assert "content/checklists/practitioner.yaml:" in out


def test_checklist_related_must_exist(small_site):
    small_site.root.joinpath("articles", "first-article.md").unlink()
    _status, out, _ = run(small_site)
    assert "related: no article 'first-article'" in out


def test_the_real_content_passes(real_content):
    status, out, err = run(type("Folder", (), {"root": real_content})())
    assert status == 0, out + err


def test_reading_grade_above_eight_fails_the_check(content_dir):
    sentence = (
        "Intradermal pharmacological administration of heterogeneous extemporaneous "
        "preparations necessitates comprehensive multidisciplinary pharmacovigilance. "
    )
    content_dir.article("hard", body=sentence * 6 + "[^1][^2][^3]\n")
    status, out, _ = run(content_dir)
    assert status == 1
    assert re.search(r"content/articles/hard\.md:\d+: reading grade \d+\.\d is above 8", out)
