"""The front-matter template in content/README.md is copy-paste correct."""

import re

import yaml

from articles.content import get_registry
from tests.factories import REAL_CONTENT_DIR

README = REAL_CONTENT_DIR / "README.md"
BODY = """
Mesotherapy is many small injections into the skin.[^1] A regulator found no proof it works.[^2]
One trial found little change in body shape.[^3]
"""


def template() -> str:
    text = README.read_text()
    section = text[text.index("## Front matter") :]
    match = re.search(r"```yaml\n(---\n.*?\n---\n)```", section, re.DOTALL)
    assert match, "content/README.md has a ```yaml front-matter block"
    return match.group(1)


def test_the_template_is_valid_yaml_with_three_sources_and_no_live_alias():
    data = yaml.safe_load(template().strip().strip("-"))
    assert data["title"] == "How mesotherapy is done"
    assert len(data["sources"]) == 3
    assert ":" in data["sources"][0]["title"]  # the quoted colon survives
    assert {"regulator", "outbreak-report", "systematic-review"} & {
        source["type"] for source in data["sources"]
    }
    assert "aliases" not in data


def test_a_page_made_from_the_template_loads_without_problems(content_dir):
    for slug in ("ingredients", "regulation"):  # the template's `related:` pages
        content_dir.article(slug, title=slug.title())
    path = content_dir.write("articles/new-page.md", template() + BODY)
    registry = get_registry()
    problems = [str(p) for p in registry.problems if p.path == path]
    assert problems == []
    document = registry.articles["new-page"]
    assert document.title == "How mesotherapy is done"
    assert len(document.sources) == 3
    assert registry.redirects == {}  # no placeholder alias became a live redirect
