"""One row per editorial rule: the field, a bad value, the message and the line it is reported on.

Each row starts from a valid site (tests.factories), breaks one thing, loads, and expects
exactly that problem on exactly that line. Removing any rule from the engine fails its row.
"""

import datetime
from dataclasses import dataclass

import pytest

from articles.content import load
from tests.factories import CHECKLIST_YAML, DEFAULT_BODY, STRONG_SOURCES, front_matter

NEXT_YEAR = datetime.date.today().year + 1
TOMORROW = datetime.date.today() + datetime.timedelta(days=1)


@dataclass(frozen=True)
class Rule:
    field: str
    file: str  # relative path of the file the row writes (or breaks)
    text: str  # its whole text
    message: str  # expected in the message
    line: str  # the expected line holds this text
    severity: str = "error"


def article(field: str, value, message: str, line="", body=DEFAULT_BODY, severity="error", **extra):
    fields = {field: value, **extra} if field else extra
    text = front_matter(**fields) + "\n" + body
    return Rule(field, "articles/broken.md", text, message, line or f"{field}:", severity)


def sources(block: str, message: str, line: str):
    text = front_matter(sources_block=block) + "\n" + DEFAULT_BODY
    return Rule("sources", "articles/broken.md", text, message, line)


def page(slug: str, field: str, message: str, line: str, **fields):
    fields.setdefault("section", None)
    fields.setdefault("sources_block", "")
    text = front_matter(**fields) + "\nWho we are.\n"
    return Rule(field, f"pages/{slug}.md", text, message, line)


def checklist(old: str, new: str, message: str, line: str, severity="error"):
    assert old in CHECKLIST_YAML, old
    text = CHECKLIST_YAML.replace(old, new, 1)
    field = (new.strip().split(":", 1)[0] or old.split(":", 1)[0]).strip("- ")
    return Rule(field, "checklists/broken.yaml", text, message, line, severity)


WS = "---\ntitle: Warning signs after mesotherapy\nsummary: When to get help after treatment.\n"

DOCUMENT_RULES = [
    article("title", None, "title: required", "---"),
    article("title", "x" * 71, "title: 71 characters; the limit is 70"),
    article("summary", "[1, 2]", "summary: must be text"),
    article("summary", "y" * 161, "summary: 161 characters; the limit is 160"),
    article("section", "gossip", "section: 'gossip' must be one of"),
    article("order", "first", "order: 'first' must be a whole number"),
    article("order", "true", "order: 'True' must be a whole number"),
    article("reviewed", "2026-02-30", "reviewed: '2026-02-30' is not a date"),
    article("reviewed", None, "reviewed: required", "---"),
    article("reviewed", TOMORROW, "reviewed: date is in the future", next_review=TOMORROW
            + datetime.timedelta(days=30)),
    article("next_review", "2026-10-01", "next_review: must be after reviewed"),
    article("next_review", "2030-11-02", "next_review: must be within 3 years of reviewed"),
    article("next_review", "2027-12-01", "next_review: must be within 12 months of reviewed",
            "next_review:", section="safety"),
    article("next_review", "2027-12-01", "next_review: must be within 12 months of reviewed",
            "next_review:", section="evidence"),
    article("next_review", "2020-01-01", "next_review: review was due on 2020-01-01",
            severity="warning", reviewed="2019-06-01"),
    article("draft", "maybe", "draft: must be true or false"),
    article("key_points", "[a, b, c, d, e, f]", "key_points: at most 5, found 6"),
    article("key_points", "plain text", "key_points: must be a list of sentences"),
    article("aliases", "[Not A Slug]", "aliases: 'Not A Slug' is not a slug"),
    article("aliases", "{a: 1}", "aliases: must be a list of slugs"),
    article("related", "[no-such-article]", "related: no article 'no-such-article'"),
    article("related", "[draft-article]", "related: 'draft-article' is a draft"),
    article("colour", "red", "unknown key 'colour'"),
    article("", None, "a top-level '# ' heading", "# A second title",
            body="Text.[^1][^2][^3]\n\n# A second title\n"),
    article("", None, "unsafe or unsupported HTML removed: <script>", "<script>",
            body="Text.[^1][^2][^3]\n\n<script>alert(1)</script>\n"),
    article("", None, "[^4] cites source 4, but the page lists 3", "Fourth",
            body="Text.[^1][^2][^3]\n\nFourth.[^4]\n"),
    article("", None, "link to /articles/nowhere/: no such page", "[second]",
            body="Text.[^1][^2][^3] See [first](/articles/good/).\n\nThen [second](/nowhere/x)"
            " and [second](/articles/nowhere/).\n"),
    article("", None, "link to /articles/good/#no-such: no such section", "[gone]",
            body="Text.[^1][^2][^3]\n\nAnd [gone](/articles/good/#no-such).\n"),
    article("", None, "link to /articles/draft-article/: that page is a draft", "[draft]",
            body="Text.[^1][^2][^3]\n\nSee [draft](/articles/draft-article/).\n"),
    sources("sources: oops\n", "sources: must be a list", "sources:"),
    sources(STRONG_SOURCES.replace("year: 2005", "year: 1850"),
            "sources[1]: year 1850 is not plausible", "- title: Outbreak"),
    sources(STRONG_SOURCES.replace("year: 2008", f"year: {NEXT_YEAR + 1}"),
            f"sources[3]: year {NEXT_YEAR + 1} is not plausible", "- title: Effectiveness"),
    sources(STRONG_SOURCES.replace("year: 2005", "year: soon"),
            "sources[1]: year must be a number", "- title: Outbreak"),
    sources(STRONG_SOURCES.replace("    type: trial\n", ""), "sources[3]: missing type",
            "- title: Effectiveness"),
    sources(STRONG_SOURCES.replace("type: trial", "type: rumour"),
            "sources[3]: type 'rumour' is not one of", "- title: Effectiveness"),
    sources(STRONG_SOURCES.replace("type: trial", "type: trial\n    isbn: 1"),
            "sources[3]: unknown key 'isbn'", "- title: Effectiveness"),
    sources(STRONG_SOURCES.replace("https://pubmed.ncbi.nlm.nih.gov/18626372/", "ftp://x"),
            "sources[3]: url must be a full https:// address", "- title: Effectiveness"),
    sources(STRONG_SOURCES.replace("https://pubmed.ncbi.nlm.nih.gov/18626372/",
                                   "https://www.researchgate.net/x"),
            "sources[3]: www.researchgate.net is a mirror", "- title: Effectiveness"),
    sources(STRONG_SOURCES.replace("publisher: Dermatologic Surgery", "publisher: [1]"),
            "sources[2]: title, publisher and url must be text", "- title: Mesotherapy and"),
    sources(STRONG_SOURCES.replace("authors: Rotunda AM, Kolodney MS", "authors: [1]"),
            "sources[2]: authors must be text", "- title: Mesotherapy and"),
    sources("sources:\n  - just a title\n", "sources[1]: must have title", "- just a title"),
    sources(STRONG_SOURCES.split("  - title: Mesotherapy")[0],
            "sources: at least 3 needed, found 1", "sources:"),
    sources(STRONG_SOURCES.replace("outbreak-report", "news"),
            "sources: at least one must be a regulator", "sources:"),
    sources("", "sources: required on every article", "---"),
    Rule("sources", "articles/broken.md", front_matter() + "\nOnly [^1] and [^2].\n",
         "sources[3]: never cited with [^3]", "- title: Effectiveness", "warning"),
    Rule("", "articles/Bad_Name.md", front_matter() + "\n" + DEFAULT_BODY,
         "file name 'Bad_Name.md'", "---"),
    page("qr", "", "/qr/ is already in use by the site", "---"),
    page("search", "", "/search/ is already in use by the site", "---"),
    page("about", "section", "section: only articles have a section", "section:",
         section="basics"),
    page("renamed", "aliases", "aliases: 'search' is reserved", "aliases:", aliases="[search]"),
    page("renamed", "aliases", "aliases: 'good-page' is the slug of a live page", "aliases:",
         aliases="[good-page]"),
    page("renamed", "aliases", "aliases: 'old-page' is already an alias of /good-page/",
         "aliases:", aliases="[old-page]"),
    Rule("aliases", "warning-signs.md",
         WS + "reviewed: 2026-11-01\nnext_review: 2027-11-01\naliases: [signs]\n"
         + STRONG_SOURCES + "---\n\nText.[^1][^2][^3]\n",
         "aliases: the warning-signs page cannot be renamed", "aliases:"),
    Rule("next_review", "warning-signs.md",
         WS + "reviewed: 2026-01-01\nnext_review: 2027-06-01\n"
         + STRONG_SOURCES + "---\n\nText.[^1][^2][^3]\n",
         "next_review: must be within 12 months of reviewed", "next_review:"),
]  # fmt: skip

CHECKLIST_RULES = [
    checklist("next_review: 2027-11-01", "next_review: 2026-11-01",
              "next_review: must be after reviewed", "next_review:"),
    checklist("next_review: 2027-11-01", "next_review: 2028-01-01",
              "next_review: must be within 12 months of reviewed", "next_review:"),
    checklist("reviewed: 2026-11-01\nnext_review: 2027-11-01",
              f"reviewed: {TOMORROW}\nnext_review: {TOMORROW + datetime.timedelta(days=90)}",
              "reviewed: date is in the future", "reviewed:"),
    checklist("reviewed: 2026-11-01\nnext_review: 2027-11-01",
              "reviewed: 2019-11-01\nnext_review: 2020-11-01",
              "next_review: review was due on 2020-11-01", "next_review:", "warning"),
    checklist("related: [first-article]", "related: [no-such-article]",
              "related: no article 'no-such-article'", "related:"),
    checklist("related: [first-article]", "related: [draft-article]",
              "related: 'draft-article' is a draft", "related:"),
    checklist("related: [first-article]", "related: Not A Slug",
              "related: 'Not A Slug' is not a slug", "related:"),
    checklist("See the [warning signs](/warning-signs/).",
              "See the [warning signs](/warning-signs/).\n  Then [this](/articles/nowhere/).",
              "link to /articles/nowhere/: no such page", "[this]"),
    checklist("See the [warning signs](/warning-signs/).",
              "See [a draft](/articles/draft-article/).",
              "link to /articles/draft-article/: that page is a draft", "[a draft]"),
    checklist('  ok: "Nothing here stops you"\n', "",
              "verdicts: give a text for each of stop, check, ok", "verdicts:"),
    checklist('  ok: "Nothing here stops you"\n', '  ok: "Nothing"\n  maybe: "Perhaps"\n',
              "verdicts: give a text for each of stop, check, ok", "verdicts:"),
    checklist("verdicts:\n", "level_labels:\n  maybe: Perhaps\nverdicts:\n",
              "level_labels: only stop, check, ok may be given", "level_labels:"),
    checklist("verdicts:\n", "level_labels:\n  stop: [1]\nverdicts:\n",
              "level_labels: stop must be text", "level_labels:"),
    checklist("intro: |\n  Use this before you book. See the [warning signs](/warning-signs/).\n",
              "", "intro: required text", "# A small checklist"),
    checklist("intro: |\n  Use this before you book.", "intro: |\n  <script>x</script> Use it.",
              "intro: unsafe or unsupported HTML removed: <script>", "<script>x"),
    # The same body checks as a page: a citation of no source, a figure that does not exist.
    checklist("intro: |\n  Use this before you book.", "intro: |\n  Use this.[^4]",
              "intro: [^4] cites a source that is not listed", "Use this.[^4]"),
    checklist("intro: |\n  Use this before you book.",
              "intro: |\n  Use this.\n\n  /// figure | no-such-drawing\n  ///",
              "figure 'no-such-drawing': no such figure", "/// figure"),
    checklist("title: Check the practitioner", "titel: Check", "unknown key 'titel'", "titel:"),
    checklist("title: Check the practitioner", "title: " + "x" * 71,
              "title: 71 characters; the limit is 70", "title:"),
    checklist("summary: Questions about who will inject you.", "summary: [1]",
              "summary: must be text", "summary:"),
    checklist("  - id: sealed-needles", "  - id: who-injects",
              "question 2 (who-injects): id is used twice",
              "  - id: who-injects\n    question: Will"),
    checklist("  - id: sealed-needles", "  - id: Sealed_Needles",
              "question 2: id 'Sealed_Needles' must be lower-case", "Sealed_Needles"),
    checklist("    hint: You should meet", "    colour: red\n    hint: You should meet",
              "question 1: unknown key 'colour'", "colour: red"),
    checklist("    hint: You should meet the person who injects you.\n", "",
              "question 1 (who-injects): hint: required", "  - id: who-injects"),
    checklist('      - value: "not-sure"', "      - value: no",
              "value 'False' must be a quoted code", "      - value: no"),
    checklist('      - value: "no"\n        label: "No"\n        level: stop',
              '      - value: "yes"\n        label: "No"\n        level: stop',
              "choice 2: value 'yes' is used twice", '- value: "yes"\n        label: "No"'),
    checklist("        level: check", "        level: maybe",
              "level 'maybe' must be one of stop, check, ok", "level: maybe"),
    checklist("        level: stop\n", "", "level is required (stop, check or ok)",
              '      - value: "no"'),
    checklist("        advice: Ask who will inject you before you pay.", '        advice: ""',
              "choice 3: advice: must be text", 'advice: ""'),
    checklist("        label: \"Not sure\"", "        label: \"Not sure\"\n        colour: red",
              "choice 3: unknown key 'colour'", "colour: red"),
    checklist("  - id: sealed-needles", "  - just text\n  - id: sealed-needles",
              "question 2: must have id, question, hint and choices", "  - just text"),
    checklist("questions:\n", "questions: none\nold_questions:\n",
              "questions: required, a list of questions", "questions: none"),
    checklist("title: Check the practitioner", "title: Check the practitioner\ntitle: again",
              "duplicate key 'title' (first given on line 2)", "title: again"),
    checklist("questions:\n", "questions:\n" + "".join(
                  f"  - id: q{'abcdefghijklmnopqrstuvwxyzabcdefgh'[i]}\n    question: Q?\n"
                  "    hint: H.\n    choices: [1, 2]\n" for i in range(31)),
              "questions: 33 given; allowed 1 to 30", "questions:"),
    checklist("questions:\n", "questions:\n", "questions: 2 given; aim for 8 to 15",
              "questions:", "warning"),
]  # fmt: skip


@pytest.fixture
def valid_site(content_dir):
    """Everything the rows link to: a live article, a draft, a page, the warning signs."""
    content_dir.article("good", aliases="[old-good]", body=DEFAULT_BODY + "\n## Last part\n")
    content_dir.article("first-article")
    content_dir.article("draft-article", draft="true")
    content_dir.page("good-page", aliases="[old-page]")
    content_dir.warning_signs()
    return content_dir


def _expected_line(text: str, marker: str) -> int:
    index = text.find(marker)
    assert index >= 0, f"marker {marker!r} not in the file"
    return text[:index].count("\n") + 1 + (len(marker) - len(marker.lstrip("\n")))


@pytest.mark.parametrize(
    "rule", DOCUMENT_RULES + CHECKLIST_RULES, ids=lambda r: f"{r.file}:{r.message[:50]}"
)
def test_each_rule_names_its_problem_and_line(valid_site, rule):
    path = valid_site.write(rule.file, rule.text)
    registry = load(valid_site.root, include_drafts=True, log=False)
    found = [p for p in registry.problems if p.path == path]
    matching = [p for p in found if rule.message in p.message]
    assert matching, f"no problem like {rule.message!r}; found {[str(p) for p in found]}"
    problem = matching[0]
    assert problem.severity == rule.severity
    assert problem.line == _expected_line(rule.text, rule.line), str(problem)


def test_the_valid_site_has_no_problems_of_its_own(valid_site):
    registry = load(valid_site.root, include_drafts=True, log=False)
    assert registry.problems == ()


def test_the_valid_checklist_has_only_the_question_count_warning(valid_site):
    valid_site.checklist()
    registry = load(valid_site.root, include_drafts=True, log=False)
    assert [p.message for p in registry.problems] == ["questions: 2 given; aim for 8 to 15"]
    assert "practitioner" in registry.checklists
