"""Shared helpers for the browser tests: pages to visit, checklist data, axe, filling forms."""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit
from xml.etree import ElementTree

import yaml
from axe_playwright_python.sync_playwright import Axe

from tests.factories import REAL_CONTENT_DIR

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
DEFAULT_LEVEL_LABELS = {"stop": "Stop", "check": "Check first", "ok": "Looks fine"}
LEVELS = ("stop", "check", "ok")
CHECKLIST_SLUGS = sorted(path.stem for path in (REAL_CONTENT_DIR / "checklists").glob("*.yaml"))

_axe = Axe()


# --- Pages -------------------------------------------------------------------------------


def sitemap_paths(page, base_url: str) -> list[str]:
    """The path of every <loc> in /sitemap.xml (its locs are absolute https URLs)."""
    response = page.request.get(f"{base_url}/sitemap.xml")
    assert response.ok, f"/sitemap.xml answered {response.status}"
    # Our own server's output, fetched from the test server: not untrusted XML.
    root = ElementTree.fromstring(response.body())  # noqa: S314
    paths = []
    for loc in root.findall("sm:url/sm:loc", SITEMAP_NS):
        parts = urlsplit(loc.text.strip())
        paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    assert paths, "the sitemap lists no pages"
    return paths


def article_paths(paths: list[str]) -> list[str]:
    return [p for p in paths if p.startswith("/articles/") and p != "/articles/"]


def goto(page, url: str, status: int = 200):
    response = page.goto(url)
    assert response is not None, f"no response for {url}"
    assert response.status == status, f"{url} answered {response.status}, expected {status}"
    return response


# --- Checklists ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    ask: str
    choices: list[dict]  # each: value, label, level, advice

    def index_of_level(self, level: str) -> int | None:
        return next((i for i, c in enumerate(self.choices) if c["level"] == level), None)


@dataclass(frozen=True)
class ChecklistData:
    slug: str
    title: str
    questions: list[Question]
    level_labels: dict[str, str]
    verdicts: dict[str, str]

    @property
    def path(self) -> str:
        return f"/checklists/{self.slug}/"


def _plain(text) -> str:
    return " ".join(str(text or "").split())


def load_checklist(slug: str) -> ChecklistData:
    data = yaml.safe_load((REAL_CONTENT_DIR / "checklists" / f"{slug}.yaml").read_text())
    questions = [
        Question(
            id=q["id"],
            text=_plain(q["question"]),
            ask=_plain(q.get("ask")),
            choices=[{k: _plain(v) for k, v in choice.items()} for choice in q["choices"]],
        )
        for q in data["questions"]
    ]
    labels = {**DEFAULT_LEVEL_LABELS, **(data.get("level_labels") or {})}
    verdicts = {k: _plain(v) for k, v in data["verdicts"].items()}
    return ChecklistData(slug, _plain(data["title"]), questions, labels, verdicts)


def radio(page, question_id: str, index: int):
    return page.locator(f"#id_{question_id}_{index}")


def choose_by_label(page, question_id: str, index: int):
    """Choose an answer with the mouse, by clicking its label (as a reader would)."""
    page.locator(f"label[for='id_{question_id}_{index}']").click()


def submit(page):
    with page.expect_navigation():
        page.get_by_role("button", name="See my result").click()


def fill_first_choices(page, checklist: ChecklistData):
    for question in checklist.questions:
        choose_by_label(page, question.id, 0)


def result_of_first_choices(page, base_url: str, checklist: ChecklistData):
    """Open the checklist, choose the first answer of every question, submit."""
    goto(page, base_url + checklist.path)
    fill_first_choices(page, checklist)
    with page.expect_navigation():
        page.get_by_role("button", name="See my result").click()
    page.locator("h1.verdict").wait_for()


def submit_empty(page, base_url: str, checklist: ChecklistData):
    goto(page, base_url + checklist.path)
    with page.expect_navigation():
        page.get_by_role("button", name="See my result").click()
    page.locator(".error-summary").wait_for()


# --- axe-core ------------------------------------------------------------------------------


def axe_violations(page) -> list[dict]:
    return _axe.run(page, options=AXE_OPTIONS).response["violations"]


def describe_violations(where: str, violations: list[dict]) -> str:
    lines = [f"{where}: {len(violations)} accessibility violation(s)"]
    for violation in violations:
        lines.append(f"  - {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"    {violation['helpUrl']}")
        for node in violation["nodes"]:
            target = ", ".join(str(t) for t in node["target"])
            summary = re.sub(r"\s+", " ", node.get("failureSummary") or "").strip()
            lines.append(f"      at {target}: {summary[:300]}")
    return "\n".join(lines)


def scan(page, where: str) -> str | None:
    """A printable report of the axe violations on the page as it is now, or None."""
    violations = axe_violations(page)
    return describe_violations(where, violations) if violations else None


# --- PDF -----------------------------------------------------------------------------------

PDF_PAGE_RE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def pdf_page_count(pdf: bytes) -> int:
    return len(PDF_PAGE_RE.findall(pdf))


# --- Keyboard and geometry -----------------------------------------------------------------


def active(page, expression: str):
    """Evaluate `expression` with `el` bound to the focused element."""
    return page.evaluate(f"() => {{ const el = document.activeElement; return {expression}; }}")


def tab_until(page, condition: str, limit: int = 80, key: str = "Tab") -> int:
    """Press Tab until `condition` (JS, `el` is the focused element) holds; return presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press(key)
        if active(page, condition):
            return presses
    where = active(page, "el ? el.outerHTML.slice(0, 120) : null")
    raise AssertionError(f"{limit} presses of {key} never reached {condition!r}; at {where}")


def focus_indicator(page) -> dict:
    """The focused element's outline and box-shadow, and whether :focus-visible matches."""
    return active(
        page,
        "{tag: el.tagName, focusVisible: el.matches(':focus-visible'),"
        " outlineStyle: getComputedStyle(el).outlineStyle,"
        " outlineWidth: parseFloat(getComputedStyle(el).outlineWidth),"
        " boxShadow: getComputedStyle(el).boxShadow}",
    )


def has_visible_focus(indicator: dict) -> bool:
    outline = indicator["outlineStyle"] != "none" and indicator["outlineWidth"] > 0
    shadow = indicator["boxShadow"] not in ("none", "")
    return indicator["focusVisible"] and (outline or shadow)


def inside_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return bool(
        box
        and box["width"] > 0
        and box["height"] > 0
        and box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= size["width"]
        and box["y"] + box["height"] <= size["height"]
    )


def wait_until_inside_viewport(page, locator, timeout: float = 3000):
    """Wait for scrolling to bring the element wholly into view (to within a pixel)."""
    page.wait_for_function(
        """el => { const r = el.getBoundingClientRect();
                   return r.width > 0 && r.top >= -1 && r.left >= -1
                          && r.bottom <= innerHeight + 1 && r.right <= innerWidth + 1; }""",
        arg=locator.element_handle(),
        timeout=timeout,
    )
