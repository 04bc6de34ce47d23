"""Markup injection: raw HTML, URLs and front-matter text never reach a page as live markup."""

import json
import re
from html.parser import HTMLParser

import pytest

from articles.content.rendering import (
    ALLOWED_ATTRIBUTE_VALUES,
    ALLOWED_ATTRIBUTES,
    ALLOWED_CLASSES,
    ALLOWED_TAGS,
    render,
)
from tests.factories import checklists_in, front_matter

FORBIDDEN_TAGS = ("script", "iframe", "object", "embed", "style", "svg", "math", "base", "meta",
                  "form", "input", "link", "img", "button", "template", "frame", "frameset",
                  "applet", "noscript", "textarea", "select", "video", "audio", "source",
                  "details", "marquee", "animate", "set", "body", "html")  # fmt: skip
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "background",
     "poster", "cite", "srcset", "ping"}
)  # fmt: skip
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
C0_AND_SPACE = "".join(chr(c) for c in range(0x21))
ENTITY_JS = "".join(f"&#x{ord(c):X};" for c in "javascript:")
PADDED_DECIMAL_JS = "".join(f"&#{ord(c):07d}" for c in "javascript:")

# (id, Markdown, whether it holds markup the sanitiser must remove and checkcontent report)
VECTORS = [
    # Scripts, plain and broken
    ("script", "<script>alert(1)</script>", True),
    ("script-upper", "<SCRIPT>alert(1)</SCRIPT>", True),
    ("script-src", '<script src="https://evil.example/x.js"></script>', True),
    ("script-in-paragraph", "Hello <script>alert(1)</script> world", True),
    ("script-unclosed", "Text\n\n<script>alert(1)", True),
    ("script-split", "<scr<script>ipt>alert(1)</script>", True),
    ("double-lt", "<<script>alert(1)//<</script>", True),
    ("comment-breakout", "<!--><script>alert(1)</script>", True),
    ("comment-dash-breakout", "<!-- --!><script>alert(1)</script> -->", True),
    ("cdata", "<![CDATA[<script>alert(1)</script>]]>", True),
    ("noscript-title", '<noscript><p title="</noscript><img src=x onerror=alert(1)>">', True),
    ("template", "<template><script>alert(1)</script></template>", True),
    ("markdown-placeholder", "\x02wzxhzdk:0\x03 <script>alert(1)</script>", True),
    # Not a tag to Python's parser, a bogus one to the sanitiser: dropped either way.
    ("null-byte", "<scr\x00ipt>alert(1)</scr\x00ipt>", False),
    # Event handlers, in every case
    ("img-onerror", "<img src=x onerror=alert(1)>", True),
    ("img-onerror-upper", "<IMG SRC=x ONERROR=alert(1)>", True),
    ("img-onerror-mixed", "<iMg sRc=x OnErRoR=alert(1)>", True),
    ("img-slashes", "<img/src=x/onerror=alert(1)>", True),
    ("img-newlines", "<img\nsrc=x\nonerror=alert(1)>", True),
    ("img-unclosed", '<img src="x" onerror="alert(1)"', False),  # shown as text
    ("p-onclick", '<p onclick="alert(1)">x</p>', True),
    ("p-ONCLICK", '<p ONCLICK="alert(1)">x</p>', True),
    ("a-onclick", '<a href="/x" onclick="alert(1)">x</a>', True),
    ("a-OnMouseOver", '<a href="/x" OnMouseOver="alert(1)">x</a>', True),
    ("a-unquoted-breakout", "<a href=/x onmouseover=alert(1)>x</a>", True),
    ("span-onpointerenter", "<span onpointerenter=alert(1)>x</span>", True),
    ("div-onmouseover", '<div onmouseover="alert(1)">hover</div>', True),
    ("body-onload", "<body onload=alert(1)>", True),
    ("input-autofocus", "<input onfocus=alert(1) autofocus>", True),
    ("details-ontoggle", "<details open ontoggle=alert(1)>x</details>", True),
    ("marquee-onstart", "<marquee onstart=alert(1)>x</marquee>", True),
    ("video-source-onerror", "<video><source onerror=alert(1)></video>", True),
    ("audio-onerror", "<audio src=x onerror=alert(1)>", True),
    # SVG and MathML
    ("svg-onload", "<svg onload=alert(1)>", True),
    ("svg-script", "<svg><script>alert(1)</script></svg>", True),
    ("svg-xlink", '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', True),
    ("svg-animate", "<svg><animate onbegin=alert(1) attributeName=x dur=1s>", True),
    (
        "svg-set-href",
        '<svg><a><set attributeName="href" to="javascript:alert(1)"/>x</a></svg>',
        True,
    ),
    ("math-mglyph", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", True),
    ("math-href", '<math href="javascript:alert(1)">x</math>', True),
    # Embedding, navigation and forms
    ("iframe", '<iframe src="https://evil.example"></iframe>', True),
    ("iframe-srcdoc", '<iframe srcdoc="<script>alert(1)</script>"></iframe>', True),
    ("iframe-javascript", '<iframe src="javascript:alert(1)"></iframe>', True),
    ("object", '<object data="javascript:alert(1)"></object>', True),
    ("embed", '<embed src="data:text/html,<script>alert(1)</script>">', True),
    ("base-href", '<base href="https://evil.example/">', True),
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', True),
    ("link-stylesheet", "<link rel=stylesheet href=https://evil.example/x.css>", True),
    ("form-action", '<form action="https://evil.example"><button>Go</button></form>', True),
    ("button-formaction", '<button formaction="javascript:alert(1)">x</button>', True),
    ("input-formaction", "<form><input type=submit formaction=javascript:alert(1)></form>", True),
    # Styles
    ("style-block", "<style>body{background:url(javascript:alert(1))}</style>", True),
    ("style-import", "<style>@import 'https://evil.example/x.css';</style>", True),
    ("style-expression", '<div style="width:expression(alert(1))">x</div>', True),
    ("style-url", '<span style="background:url(javascript:alert(1))">x</span>', True),
    # javascript:, vbscript: and data: URLs in Markdown links and images
    ("md-link-javascript", "[x](javascript:alert(1))", True),
    ("md-link-mixed-case", "[x](JaVaScRiPt:alert(1))", True),
    ("md-link-tab-entity", "[x](java&#x09;script:alert(1))", True),
    ("md-link-decimal-entity", "[x](&#106;avascript:alert(1))", True),
    ("md-link-hex-entities", f"[x]({ENTITY_JS}alert(1))", True),
    ("md-link-raw-tab", "[x](java\tscript:alert(1))", True),
    ("md-link-angle-space", "[x](<java script:alert(1)>)", True),
    ("md-link-leading-space", "[x](   javascript:alert(1))", True),
    ("md-link-vbscript", "[x](vbscript:msgbox(1))", True),
    ("md-link-data", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", True),
    ("md-image-javascript", "![x](javascript:alert(1))", True),
    ("md-image-data-svg", "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)", True),
    ("md-reference-link", "[x][evil]\n\n[evil]: javascript:alert(1)", True),
    ("md-reference-image", "![x][evil]\n\n[evil]: javascript:alert(1)", True),
    ("autolink-javascript", "<javascript:alert(1)>", True),
    ("autolink-vbscript", "<vbscript:msgbox(1)>", True),
    # Raw <a href> with hidden schemes
    ("a-javascript", '<a href="javascript:alert(1)">x</a>', True),
    ("a-hex-entity", '<a href="&#x6A;avascript:alert(1)">x</a>', True),
    ("a-padded-decimal", f'<a href="{PADDED_DECIMAL_JS}alert(1)">x</a>', True),
    ("a-named-colon", '<a href="javascript&colon;alert(1)">x</a>', True),
    ("a-newline", '<a href="java\nscript:alert(1)">x</a>', True),
    ("a-leading-space", '<a href=" javascript:alert(1)">x</a>', True),
    ("a-vbscript", '<a href="VBScript:msgbox(1)">x</a>', True),
    ("a-data", '<a href="data:text/html,<script>alert(1)</script>">x</a>', True),
    # Quote-breaking titles and URLs: stay inside the attribute, so nothing to remove
    ("md-title-breakout", '[x](/a "\\" onmouseover=alert(1) x=\\"")', False),
    ("md-reference-title-breakout", '[x][r]\n\n[r]: /ok "\\" onclick=alert(1) x=\\""', False),
    ("md-url-quote-breakout", '[x](/a"onmouseover="alert(1))', False),
    ("autolink-quote-breakout", '<https://example.org/"onmouseover="alert(1)>', False),
    # Headings, care cards and callouts
    ("heading-img", "## <img src=x onerror=alert(1)>", True),
    ("heading-script", "### Title <script>alert(1)</script>", True),
    ("heading-quote-breakout", '## Hello" onmouseover="alert(1)', False),
    ("care-card-title-img", "/// emergency | <img src=x onerror=alert(1)>\n- x\n///", True),
    ("care-card-title-script", '/// urgent | "><script>alert(1)</script>\n- x\n///', True),
    ("care-card-title-quote", '/// soon | x" onmouseover="alert(1)\n- x\n///', False),
    ("callout-title-svg", "/// warning | <svg onload=alert(1)>\nText.\n///", True),
    # Source references
    ("source-ref-oddities", '[^1]" onclick="alert(1) [^999999] [^0] [^<script>]', False),
    ("source-ref-as-link", "[^1](javascript:alert(1))", False),  # the URL stays text
    # HTML inside block structures
    (
        "table-html",
        "| a | b |\n|---|---|\n| <script>alert(1)</script> | <img src=x onerror=alert(1)> |",
        True,
    ),
    ("table-alignment-style", "| a |\n|:-:|\n| b |", False),
    ("blockquote-html", "> <img src=x onerror=alert(1)>", True),
    ("list-html", "- <iframe src=//evil.example>\n- <object data=x>", True),
    ("code-span", "`<script>alert(1)</script>`", False),
    ("fenced-code", "```\n<script>alert(1)</script>\n```", False),
]


class _Collector(HTMLParser):
    """Every start tag with its (entity-decoded) attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))


def parse_tags(html: str):
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.tags


def assert_inert(html: str):
    """Nothing in `html` can run script, load from elsewhere, restyle or post anywhere."""
    lowered = html.lower()
    assert "<script" not in lowered
    for tag in FORBIDDEN_TAGS:
        assert not re.search(rf"<{tag}[\s/>]", lowered), f"<{tag} in {html!r}"
    # Attribute values are always double-quoted in the output; blank them, then look for
    # anything that still looks like a handler inside a tag.
    unquoted = re.sub(r'"[^"]*"', '""', html)
    assert not re.search(r"<[^>]*\son\w+\s*=", unquoted, re.IGNORECASE), html
    assert "style=" not in unquoted.lower()
    for tag, attrs in parse_tags(html):
        assert tag in ALLOWED_TAGS, f"<{tag}> in {html!r}"
        assert tag not in FORBIDDEN_TAGS
        for name, value in attrs:
            assert not name.startswith("on"), f"{name}= in {html!r}"
            assert name != "style"
            allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | {"class"}
            allowed |= set(ALLOWED_ATTRIBUTE_VALUES.get(tag, {}))
            if tag == "a":
                allowed |= {"rel"}
            assert name in allowed, f"{name}= on <{tag}> in {html!r}"
            if name == "class":
                assert set((value or "").split()) <= ALLOWED_CLASSES.get(tag, set())
            if name in URL_ATTRIBUTES:
                # As a browser reads a URL: outer spaces and controls go, tabs and newlines
                # inside are ignored (https://url.spec.whatwg.org/#concept-basic-url-parser).
                compact = re.sub(r"[\t\n\r]", "", (value or "").strip(C0_AND_SPACE)).lower()
                assert not compact.startswith(BAD_SCHEMES), f"{name}={value!r} in {html!r}"


@pytest.mark.parametrize(
    ("markdown", "holds_markup"),
    [pytest.param(text, holds, id=name) for name, text, holds in VECTORS],
)
def test_vector_is_neutralised(markdown, holds_markup):
    rendered = render(markdown)
    assert_inert(rendered.html)
    if holds_markup:
        # checkcontent reports what the sanitiser removed, so the editor hears about it.
        assert rendered.unsafe, f"nothing reported for {markdown!r}"


def test_corpus_is_large_and_ids_are_unique():
    names = [name for name, _, _ in VECTORS]
    assert len(names) >= 60
    assert len(set(names)) == len(names)


def test_the_checker_itself_catches_live_markup():
    """assert_inert must fail on the things it looks for, or the tests above prove nothing."""
    for html in (
        "<script>x</script>",
        '<p onclick="x">a</p>',
        '<a href=" JavaScript:x">a</a>',
        '<a href="&#x6A;avascript:x">a</a>',
        '<p style="color:red">a</p>',
        "<iframe></iframe>",
        '<svg onload="x">',
        '<a href="data:text/html,x">a</a>',
        '<section class="evil">a</section>',
    ):
        with pytest.raises(AssertionError):
            assert_inert(html)
    assert_inert('<p><a href="/x" title="&quot; onclick=x" rel="noopener noreferrer">a</a></p>')


def test_quote_breaking_title_stays_one_attribute():
    html = render('[x](/a "\\" onmouseover=alert(1) x=\\"")').html
    ((_, attrs),) = [(t, a) for t, a in parse_tags(html) if t == "a"]
    assert {name for name, _ in attrs} == {"href", "title", "rel"}
    assert dict(attrs)["href"] == "/a"


def test_allowed_links_survive():
    html = render("[a](https://example.org/x) [b](/articles/x/) [c](mailto:a@example.org)").html
    hrefs = [dict(attrs)["href"] for tag, attrs in parse_tags(html) if tag == "a"]
    assert hrefs == ["https://example.org/x", "/articles/x/", "mailto:a@example.org"]


# --- Front matter and checklist text are escaped wherever they are shown -------------------

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
RAW_PAYLOADS = ("<script>alert(1)", "<img src=x onerror", "<img src=x")


def _yaml(text: str) -> str:
    """A YAML single-quoted scalar."""
    return "'" + text.replace("'", "''") + "'"


HOSTILE_SOURCES = f"""\
sources:
  - title: {_yaml(SCRIPT + " outbreak report")}
    authors: {_yaml(IMG + " Smith J")}
    publisher: {_yaml(IMG + " Publisher")}
    year: 2005
    url: https://www.cdc.gov/mmwr/preview/mmwrhtml/mm5444a4.htm
    type: outbreak-report
  - title: {_yaml(IMG + " review")}
    publisher: Dermatologic Surgery
    year: 2006
    url: https://pubmed.ncbi.nlm.nih.gov/16681654/
    type: review
  - title: Effectiveness of mesotherapy on body contouring
    publisher: Plastic and Reconstructive Surgery
    year: 2008
    url: https://pubmed.ncbi.nlm.nih.gov/18626372/
    type: trial
"""


@pytest.fixture
def hostile_site(small_site):
    small_site.write(
        "articles/hostile.md",
        front_matter(
            sources_block=HOSTILE_SOURCES,
            title=_yaml(SCRIPT + " mesotherapy"),
            summary=_yaml(IMG + " mesotherapy summary"),
            key_points=f"[{_yaml(SCRIPT + ' point one')}, {_yaml(IMG + ' point two')}]",
        )
        + "\nMesotherapy is a set of small injections.[^1] It is not proven.[^2] Ask first.[^3]\n",
    )
    return small_site


def assert_escaped(text: str):
    for payload in RAW_PAYLOADS:
        assert payload not in text, payload


def test_hostile_article_loads(hostile_site):
    from articles.content import load

    registry = load(hostile_site.root, log=False)
    assert not registry.errors, registry.errors
    assert registry.articles["hostile"].title == SCRIPT + " mesotherapy"


@pytest.mark.parametrize(
    "url",
    [
        "/articles/hostile/",
        "/articles/",
        "/",
        "/search/?q=mesotherapy",
        "/search/?q=alert",
        "/search/?q=%3Cscript%3Ealert(1)%3C/script%3E",
        "/sitemap.xml",
        "/feed/",
    ],
)
def test_front_matter_is_escaped(hostile_site, client, url):
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert_escaped(text)
    if url in {"/articles/hostile/", "/articles/", "/", "/search/?q=mesotherapy", "/feed/"}:
        # The hostile page is really shown (escaped), not merely left out.
        assert "&lt;script&gt;alert(1)&lt;/script&gt; mesotherapy" in text


def test_article_page_escapes_every_field(hostile_site, client):
    html = client.get("/articles/hostile/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; point one" in html
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt; point two" in html
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt; Publisher" in html
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt; Smith J" in html
    assert 'content="&quot;&gt;&lt;img src=x onerror=alert(1)&gt; mesotherapy summary"' in html
    for tag, attrs in parse_tags(html):
        assert tag != "img"
        assert not any(name.startswith("on") for name, _ in attrs)
    scripts = [attrs for tag, attrs in parse_tags(html) if tag == "script"]
    assert all(dict(a).get("type") == "application/ld+json" or "src" in dict(a) for a in scripts)


def test_json_ld_escapes_markup(hostile_site, client):
    html = client.get("/articles/hostile/").content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert len(blocks) == 1
    block = blocks[0]
    assert "<" not in block and ">" not in block
    assert "\\u003Cscript\\u003Ealert(1)\\u003C/script\\u003E" in block
    data = json.loads(block)
    assert data["name"] == SCRIPT + " mesotherapy"
    assert data["description"] == IMG + " mesotherapy summary"
    assert data["citation"][0]["name"] == SCRIPT + " outbreak report"


def test_search_query_is_escaped(hostile_site, client):
    response = client.get("/search/", {"q": '"><img src=x onerror=alert(1)> mesotherapy'})
    assert response.status_code == 200
    assert_escaped(response.content.decode())


def test_hostile_site_page_is_escaped(small_site, client):
    small_site.page("hostile-page", title=_yaml(SCRIPT), summary=_yaml(IMG))
    response = client.get("/hostile-page/")
    assert response.status_code == 200
    html = response.content.decode()
    assert_escaped(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


HOSTILE_CHECKLIST = f"""\
title: {_yaml("<script>alert(1)</script> Check")}
summary: {_yaml(IMG + " summary")}
intro: |
  Use this before you book. `<script>alert(1)</script>` is shown as code, not run.
reviewed: 2026-11-01
next_review: 2027-11-01
verdicts:
  stop: {_yaml("Stop " + SCRIPT)}
  check: {_yaml("Check " + IMG)}
  ok: Nothing here stops you
questions:
  - id: who-injects
    question: {_yaml("Do you know who will inject you? " + SCRIPT)}
    hint: {_yaml("You should meet them. " + IMG)}
    ask: {_yaml("Who will inject me? " + SCRIPT)}
    choices:
      - value: "yes"
        label: {_yaml("Yes " + IMG)}
        level: ok
        advice: {_yaml("Good. " + SCRIPT)}
      - value: "no"
        label: {_yaml("No " + SCRIPT)}
        level: stop
        advice: {_yaml("Do not book. " + IMG)}
  - id: sealed-needles
    question: Will they open sealed needles in front of you?
    hint: {_yaml("Reused needles spread infection. " + SCRIPT)}
    choices:
      - value: "yes"
        label: "Yes"
        level: ok
        advice: That is what should happen.
      - value: "no"
        label: "No"
        level: stop
        advice: {_yaml("Do not go ahead. " + SCRIPT)}
"""


@pytest.fixture
def hostile_checklist(content_dir):
    content_dir.warning_signs()
    content_dir.checklist("hostile", HOSTILE_CHECKLIST)
    return content_dir


def test_hostile_checklist_loads_with_its_markup_as_text(hostile_checklist):

    result = checklists_in(hostile_checklist.root)
    # Markup in plain-text fields is kept as text (escaped when shown); code spans are inert.
    assert "hostile" in result.definitions, result.problems
    assert "<script" not in result.definitions["hostile"].intro_html
    assert "&lt;script&gt;" in result.definitions["hostile"].intro_html


def test_raw_script_in_a_checklist_intro_is_an_error(content_dir):

    text = HOSTILE_CHECKLIST.replace(
        "`<script>alert(1)</script>` is shown as code, not run.", "<script>alert(1)</script>"
    )
    content_dir.checklist("hostile", text)
    result = checklists_in(content_dir.root)
    assert "hostile" not in result.definitions
    assert any("intro: unsafe or unsupported HTML removed: <script>" in p.message
               for p in result.problems)  # fmt: skip


@pytest.mark.parametrize("url", ["/checklists/hostile/", "/checklists/", "/"])
def test_checklist_text_is_escaped_on_get(hostile_checklist, client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert_escaped(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Check" in html


def test_checklist_form_escapes_question_hint_and_labels(hostile_checklist, client):
    html = client.get("/checklists/hostile/").content.decode()
    assert "Do you know who will inject you? &lt;script&gt;" in html
    assert "You should meet them. &quot;&gt;&lt;img" in html
    assert "Reused needles spread infection. &lt;script&gt;" in html
    assert "Yes &quot;&gt;&lt;img" in html


@pytest.mark.parametrize(
    ("answers", "shown"),
    [
        ({"who-injects": "yes", "sealed-needles": "yes"}, ["Good. &lt;script&gt;"]),
        (
            {"who-injects": "no", "sealed-needles": "no"},
            [
                "Do not book. &quot;&gt;&lt;img",
                "Do not go ahead. &lt;script&gt;",
                "Stop &lt;script&gt;",
                "Who will inject me? &lt;script&gt;",
            ],
        ),
        ({"who-injects": "no"}, ["There is a problem"]),
    ],
)
def test_checklist_result_escapes_advice(hostile_checklist, client, answers, shown):
    response = client.post("/checklists/hostile/", answers)
    assert response.status_code == 200
    html = response.content.decode()
    assert_escaped(html)
    for fragment in shown:
        assert fragment in html
