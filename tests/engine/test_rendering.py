"""The Markdown pipeline: headings, care cards, callouts, source references and tokens."""

from articles.content import load, readability
from articles.content.regions import REGIONS, region_for, region_tokens
from articles.content.rendering import fill_tokens, render


def test_headings_get_stable_ids_and_only_h2_and_h3_are_listed():
    rendered = render("## How long it lasts\n\n### Details\n\n## Cost & value\n")
    assert [(h.level, h.id, h.text) for h in rendered.headings] == [
        (2, "how-long-it-lasts", "How long it lasts"),
        (3, "details", "Details"),
        (2, "cost-value", "Cost & value"),
    ]
    assert '<h2 id="how-long-it-lasts">' in rendered.html


def test_care_card_has_label_hidden_prefix_and_heading():
    html = render("/// urgent | Get medical help today if:\n- pus\n///\n").html
    assert '<section class="care-card care-card--urgent">' in html
    assert '<p aria-hidden="true" class="care-card__label">Urgent</p>' in html or (
        'class="care-card__label"' in html and 'aria-hidden="true"' in html
    )
    assert '<span class="visually-hidden">Urgent: </span>Get medical help today if:' in html
    assert "<li>pus</li>" in html


def test_card_before_any_section_is_h2_and_inside_a_section_is_h3():
    html = render(
        "/// emergency | Call now\n- a\n///\n\n## Later\n\n/// expected | Normal\n- b\n///\n"
    ).html
    assert '<h2 class="care-card__heading" id="care-emergency">' in html
    assert '<h3 class="care-card__heading" id="care-expected">' in html


def test_care_card_headings_are_not_in_the_contents(content_dir):
    content_dir.warning_signs()
    document = load(content_dir.root, log=False).warning_signs
    # The card before the first section is itself a level-2 heading of the page...
    assert next(h.id for h in document.headings if h.level == 2) == "care-emergency"
    # ...but the contents list shows only the page's own sections.
    assert [h.id for h in document.contents] == ["what-to-tell-a-doctor"]


def test_callouts_render_as_boxes():
    html = render('/// warning | Be careful with "FDA approved"\nText.\n///\n').html
    assert 'class="callout callout--warning"' in html
    assert "Be careful with" in html


def test_source_references_link_to_the_source_list():
    rendered = render("A fact.[^2] Another.[^10]\n")
    assert rendered.cited_sources == (2, 10)
    assert '<a href="#source-2"' in rendered.html
    assert '<span class="visually-hidden">source </span>2' in rendered.html


def test_links_are_collected_for_validation():
    rendered = render("[a](/articles/x/) [b](https://example.org) [c](#here)\n")
    assert rendered.links == ("/articles/x/", "https://example.org", "#here")


def test_tables_get_header_scope_and_lose_inline_alignment():
    html = render("| a | b |\n|:-:|--:|\n| 1 | 2 |\n").html
    assert '<th scope="col">a</th>' in html
    assert "style=" not in html


def test_region_tokens_are_filled_per_region():
    html = render("/// emergency | Call [emergency number] now\n- x\n///\n").html
    assert "[emergency number]" in html
    assert "Call 999 now" in fill_tokens(html, region_tokens(REGIONS["UK"]))
    assert "Call 911 now" in fill_tokens(html, region_tokens(REGIONS["US"]))


def test_unknown_region_falls_back_to_the_default():
    assert region_for("uk", "US").code == "UK"
    assert region_for("mars", "US").code == "US"
    assert region_for("", "AU").code == "AU"
    assert region_for(None, "nonsense").code == "US"


def test_prose_excludes_headings_tables_and_hidden_text():
    html = render(
        "## A heading here\n\nOne sentence.\n\n- an item\n\n| t | u |\n|---|---|\n| x | y |\n\n"
        "/// soon | Contact your doctor if:\n- it hurts\n///\n"
    ).html
    prose = readability.prose_text(html)
    assert "A heading here" not in prose
    assert "Soon:" not in prose and "| t |" not in prose
    assert prose.splitlines() == ["One sentence.", "an item.", "Soon.", "it hurts."]


def test_reading_grade_is_low_for_plain_words_and_high_for_jargon():
    plain = render("You may get a bruise. It goes away in a week. Ask your doctor.\n").html
    hard = render(
        "Intradermal administration of heterogeneous pharmacological preparations "
        "necessitates comprehensive pharmacovigilance infrastructure.\n"
    ).html
    assert readability.reading_grade(plain) < 4
    assert readability.reading_grade(hard) > 12
