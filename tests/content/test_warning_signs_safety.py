"""Issue 10: the warning signs are clinically safe, the same everywhere, and never missing."""

import html as html_lib
import logging
import re

import pytest
from django.core.management import call_command

from articles import content
from articles.content.regions import REGIONS
from tests.factories import REAL_CONTENT_DIR, STRONG_SOURCES, WARNING_SIGNS, clear_caches

ALL_NUMBERS = {"911", "999", "112", "000"}


def cards(page):
    return re.findall(
        r'<section class="care-card care-card--(\w+)">(.*?)</section>', page, flags=re.S
    )


def tel(number):
    digits = number.replace(" ", "")
    return f'<a class="tel" href="tel:{digits}">{number}</a>'


def text_of(fragment):
    """Visible text, with source numbers removed (they differ from page to page)."""
    fragment = re.sub(r'<sup class="source-ref">.*?</sup>', "", fragment, flags=re.S)
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


# -- The emergency card says the right things ------------------------------------------------


@pytest.fixture
def emergency(real_content, client):
    page = client.get("/warning-signs/").content.decode()
    return text_of(dict(cards(page))["emergency"])


def test_white_skin_without_pain_is_an_emergency(emergency):
    assert "white" in emergency and "with or without pain" in emergency
    assert "severe pain" not in emergency  # the old rule needed pain as well as white skin
    for colour in ("pale", "grey", "blue", "purple", "blotchy", "dusky"):
        assert colour in emergency, colour


def test_numbing_drugs_hiding_pain_and_if_in_doubt_call(emergency):
    assert "numbing drug" in emergency and "If in doubt, call" in emergency


def test_stroke_and_sight_signs_after_face_scalp_or_forehead(emergency):
    for words in ("face, scalp or forehead", "sight changes suddenly", "stroke", "severe headache",
                  "weak or numb", "trouble walking", "confusion", "Minutes matter"):  # fmt: skip
        assert words in emergency, words


def test_sepsis_and_anaphylaxis_and_toxicity_signs(emergency):
    for words in ("sepsis", "breathing very fast", "clammy", "does not fade when you press a glass",
                  "no pee all day", "lips, tongue or throat swell", "wheeze", "ringing ears",
                  "metallic taste", "a fit", "chest pain", "very slow heartbeat",
                  "do not drive yourself"):  # fmt: skip
        assert words in emergency, words


def test_anaphylaxis_says_what_to_do(real_content, client):
    page = client.get("/warning-signs/?region=UK").content.decode()
    section = text_of(page.split('id="if-it-could-be-anaphylaxis"', 1)[1].split("<h2", 1)[0])
    for words in ("auto-injector", 'say "anaphylaxis"', "raise your legs", "sit up",
                  "Do not stand up", "after 5 minutes"):  # fmt: skip
        assert words in section, words
    assert "Call 999" in section


def test_every_card_says_how_soon(real_content, client):
    page = client.get("/warning-signs/").content.decode()
    headings = {level: text_of(body.split("</h2>")[0]) for level, body in cards(page)}
    assert "now" in headings["emergency"]
    assert "today" in headings["urgent"]
    assert "within 2 or 3 days" in headings["soon"] and "doctor" in headings["soon"]


def test_late_lumps_go_to_a_doctor_with_a_test(real_content, client):
    soon = text_of(dict(cards(client.get("/warning-signs/").content.decode()))["soon"])
    assert "mycobacteria" in soon and "PCR" in soon and "biopsy" in soon
    assert "Do not accept course after course without a test" in soon
    assert "flat brown marks" in soon  # late marks are apart from dusky skin (an emergency)


def test_higher_risk_readers_and_face_infections_lower_the_threshold(real_content, client):
    urgent = text_of(dict(cards(client.get("/warning-signs/").content.decode()))["urgent"])
    assert "face or near your eye" in urgent
    for words in ("diabetes", "weak immune system", "chemotherapy", "pregnant"):
        assert words in urgent, words


def test_uk_wording_says_a_and_e(real_content, client):
    page = client.get("/warning-signs/?region=UK").content.decode()
    heading = dict(cards(page))["emergency"].split("</h2>")[0]
    assert f"Call {tel('999')} or go to A&amp;E now if:" in heading


# -- At most 6 bullets on any card, on any page ----------------------------------------------


def test_no_card_on_any_page_has_more_than_six_bullets(real_content, client):
    registry = content.load(REAL_CONTENT_DIR, include_drafts=True, log=False)
    checked = 0
    for document in registry.documents.values():
        for level, body in cards(document.html_for("US")):
            bullets = len(re.findall(r"<li>", body))
            assert bullets <= 6, (document.url, level, bullets)
            checked += 1
    assert checked >= 6  # the warning signs page alone has four cards


# -- Every region's numbers, as tel: links, on the emergency card ----------------------------


@pytest.mark.parametrize("code", sorted(REGIONS))
def test_emergency_card_shows_own_number_first_then_every_other(real_content, client, code):
    response = client.get(f"/warning-signs/?region={code}")
    emergency = dict(cards(response.content.decode()))["emergency"]
    own = REGIONS[code]
    heading, rest = emergency.split("</h2>", 1)
    assert tel(own.emergency) in heading
    for other in REGIONS.values():
        if other.code != code:
            assert f"{other.name} {tel(other.emergency)}" in rest, other.code
    assert not response.cookies


def test_default_region_first_without_a_query(real_content, client, settings):
    settings.MESOGUIDE_REGION = "AU"
    emergency = dict(cards(client.get("/warning-signs/").content.decode()))["emergency"]
    assert tel("000") in emergency.split("</h2>")[0]
    assert f"United Kingdom {tel('999')}" in emergency


@pytest.mark.parametrize(("code", "number"), [("UK", "111"), ("AU", "1800 022 222"), ("CA", "811")])
def test_non_emergency_lines_are_links_with_their_source(real_content, client, code, number):
    page = client.get(f"/warning-signs/?region={code}").content.decode()
    assert tel(number) in dict(cards(page))["urgent"].split("</h2>")[0]
    numbers = page.split('id="emergency-numbers"', 1)[1]
    assert tel(number) in numbers
    assert REGIONS[code].helpline.source_url in numbers


def test_every_number_on_the_page_is_a_tel_link(real_content, client):
    page = client.get("/warning-signs/").content.decode()
    main = page.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    for number in ALL_NUMBERS:
        assert tel(number) in main
    assert not re.search(r"<strong>(911|999|112|000)</strong>", main)


# -- The shared normal-recovery text ---------------------------------------------------------


def test_normal_recovery_text_is_identical_on_every_page_that_uses_it(real_content, client):
    registry = content.load(REAL_CONTENT_DIR, include_drafts=True, log=False)
    users = [
        d
        for d in registry.documents.values()
        if '--8<-- "normal-recovery.md"' in d.path.read_text(encoding="utf-8")
    ]
    assert {d.url for d in users} >= {"/warning-signs/", "/articles/aftercare-and-recovery/"}
    texts = set()
    for document in users:
        page = client.get(document.url).content.decode()
        texts.add(text_of(dict(cards(page))["expected"]))
    assert len(texts) == 1
    (text,) = texts
    assert "within about 2 weeks" in text and "gets worse instead of better" in text
    assert "within a few weeks" in text and "a few days" in text


def test_no_page_describes_the_normal_course_by_hand(real_content):
    """An `expected` card written out on a page would drift from the shared one."""
    pages = [REAL_CONTENT_DIR / "warning-signs.md", *REAL_CONTENT_DIR.glob("[ap]*s/*.md")]
    assert len(pages) > 10
    for path in pages:
        assert "/// expected" not in path.read_text(encoding="utf-8"), path


# -- Snippet mistakes are per-file errors with file and line ---------------------------------

SNIPPET_PAGE = (
    "---\ntitle: A test article\nsummary: A short summary.\nsection: basics\n"
    "reviewed: 2026-11-01\nnext_review: 2027-11-01\n" + STRONG_SOURCES + "---\n"
    "Intro text.[^1]\n\n{include}\n\nMore text.[^2][^3]\n"
)


def _problems(content_dir, include, snippet=None, sources_extra=""):
    if snippet is not None:
        content_dir.write("snippets/shared.md", snippet)
    text = SNIPPET_PAGE.format(include=include)
    if sources_extra:
        text = text.replace("---\nIntro", sources_extra + "---\nIntro", 1)
    path = content_dir.write("articles/first-article.md", text)
    registry = content.load(content_dir.root, include_drafts=True, log=False)
    return path, registry, [p for p in registry.problems if p.severity == "error"]


def line_of(path, text):
    return path.read_text(encoding="utf-8").split("\n").index(text) + 1


def test_a_missing_snippet_is_an_error_naming_file_and_line(content_dir):
    path, registry, errors = _problems(content_dir, '--8<-- "nowhere.md"')
    assert [(e.path, e.line) for e in errors] == [(path, line_of(path, '--8<-- "nowhere.md"'))]
    assert "'nowhere.md' not found" in errors[0].message
    assert "/articles/first-article/" not in registry.documents


def test_checkcontent_reports_a_missing_snippet_and_fails(content_dir, capsys):
    path, _registry, _errors = _problems(content_dir, '--8<-- "nowhere.md"')
    with pytest.raises(SystemExit):
        call_command("checkcontent", content_dir=str(content_dir.root))
    line = line_of(path, '--8<-- "nowhere.md"')
    expected = f"articles/first-article.md:{line}: snippet 'nowhere.md' not found"
    assert expected in capsys.readouterr().out


def test_a_snippet_citing_by_number_is_an_error_in_the_snippet(content_dir):
    _path, _registry, errors = _problems(
        content_dir, '--8<-- "shared.md"', snippet="Line one.\n\nA fact.[^2]\n"
    )
    assert [(e.path.name, e.line) for e in errors] == [("shared.md", 3)]
    assert "by key" in errors[0].message


def test_a_snippet_key_the_page_does_not_list_is_an_error(content_dir):
    path, _registry, errors = _problems(
        content_dir, '--8<-- "shared.md"', snippet="A fact.[^fda-fillers]\n"
    )
    assert [(e.path, e.line) for e in errors] == [(path, line_of(path, '--8<-- "shared.md"'))]
    assert "key: fda-fillers" in errors[0].message


def test_a_snippet_cites_the_page_own_number_for_its_key(content_dir, client):
    extra = (
        "  - title: Dermal fillers\n    publisher: FDA\n    year: 2023\n"
        "    url: https://www.fda.gov/medical-devices/cosmetic-devices/dermal-fillers-soft-tissue-fillers\n"
        "    type: regulator\n    key: fda-fillers\n"
    )
    _path, registry, errors = _problems(
        content_dir,
        '--8<-- "shared.md"',
        snippet="A shared fact.[^fda-fillers]\n",
        sources_extra=extra,
    )
    assert errors == []
    html = registry.documents["/articles/first-article/"].html_for("US")
    assert 'A shared fact.<sup class="source-ref"><a href="#source-4"' in html


def test_a_snippet_outside_the_snippets_folder_is_refused(content_dir, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("secret words\n")
    (content_dir.root / "snippets").mkdir(exist_ok=True)
    (content_dir.root / "snippets" / "link.md").symlink_to(secret)
    _path, registry, errors = _problems(content_dir, '--8<-- "link.md"')
    assert errors and "outside content/snippets" in errors[0].message
    assert not any("secret words" in d.html_for("US") for d in registry.documents.values())


def test_snippet_files_are_not_pages(real_content, client):
    assert client.get("/snippets/normal-recovery/").status_code == 404
    assert client.get("/articles/normal-recovery/").status_code == 404


# -- /warning-signs/ is never missing --------------------------------------------------------


@pytest.mark.parametrize(
    "broken",
    [
        WARNING_SIGNS.replace("title: Warning signs after mesotherapy\n", "title: [unclosed\n"),
        WARNING_SIGNS + '\n--8<-- "missing.md"\n',
        "no front matter at all\n",
    ],
)
def test_a_broken_warning_signs_file_shows_the_built_in_card(small_site, client, caplog, broken):
    path = small_site.warning_signs(broken)
    with caplog.at_level(logging.ERROR, logger="mesoguide.content"):
        response = client.get("/warning-signs/")
    assert response.status_code == 200
    page = response.content.decode()
    emergency = dict(cards(page))["emergency"]
    for region in REGIONS.values():
        assert tel(region.emergency) in emergency
    assert "If in doubt, call." in emergency and "with or without pain" in emergency
    for region in REGIONS.values():
        if region.helpline:
            assert tel(region.helpline.number) in page
    logged = [r.getMessage() for r in caplog.records if "built-in warning signs" in r.getMessage()]
    assert logged and all(str(path) in m for m in logged)
    assert re.search(rf"{re.escape(str(path))}:\d+: ", logged[0])


def test_a_deleted_warning_signs_file_shows_the_built_in_card(small_site, client, caplog):
    (small_site.root / "warning-signs.md").unlink()
    clear_caches()
    with caplog.at_level(logging.ERROR, logger="mesoguide.content"):
        response = client.get("/warning-signs/?region=UK")
    assert response.status_code == 200
    emergency = dict(cards(response.content.decode()))["emergency"]
    assert f"Call {tel('999')} or go to A&amp;E now if:" in emergency
    assert any("warning-signs.md" in r.getMessage() for r in caplog.records)


def test_the_emergency_card_is_the_same_on_every_page_that_shows_it(real_content, client, settings):
    """Warning signs and if-something-goes-wrong share one emergency card (a snippet)."""
    settings.MESOGUIDE_REGION = "UK"
    texts = set()
    for url in ("/warning-signs/", "/articles/if-something-goes-wrong/"):
        page = client.get(url).content.decode()
        texts.add(text_of(dict(cards(page))["emergency"]))
    assert len(texts) == 1
    (text,) = texts
    assert "with or without pain" in text and "Call 999" in text


def test_anaphylaxis_steps_are_the_same_on_both_pages(real_content, client, settings):
    settings.MESOGUIDE_REGION = "UK"
    sections = set()
    for url in ("/warning-signs/", "/articles/if-something-goes-wrong/"):
        page = client.get(url).content.decode()
        part = page.split('id="if-it-could-be-anaphylaxis"', 1)[1].split("<h2", 1)[0]
        sections.add(text_of(part))
    assert len(sections) == 1
    (text,) = sections
    assert "still at the clinic" in text and "left side" in text
