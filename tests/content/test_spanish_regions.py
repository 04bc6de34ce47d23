"""The Spanish edition's emergency numbers: Spain, Mexico and the US, each from an official page."""

import pytest

from articles.content.regions import (
    REGIONS_ES,
    other_numbers_html,
    region_for,
    region_html_tokens,
    region_tokens,
)


def test_until_a_country_is_chosen_the_spanish_pages_name_112_and_911():
    region = region_for(None, "US", "es")
    assert region.code == "ES-MX-US"
    assert region_tokens(region)["[emergency number]"] == "112 (España) o al 911 (México y EE. UU.)"
    html = region_html_tokens(region)["[emergency number]"]
    assert 'href="tel:112"' in html and 'href="tel:911"' in html
    assert "En cualquier otro lugar" in other_numbers_html(region)


@pytest.mark.parametrize(("code", "number"), [("ES", "112"), ("MX", "911"), ("US", "911")])
def test_a_chosen_country_shows_its_own_number_first(code, number):
    region = region_for(code.lower(), "UK", "es")
    assert region.code == code and region.emergency == number
    footer = other_numbers_html(region)
    assert f"¿No está en {region.name}?" in footer
    others = [r for r in REGIONS_ES.values() if r.code not in (code, "ES-MX-US")]
    assert all(f"tel:{r.emergency}" in footer for r in others)


def test_every_country_cites_an_official_page():
    for region in REGIONS_ES.values():
        assert region.source_url.startswith("https://")
        host = region.source_url.split("/")[2]
        assert host.endswith((".europa.eu", "gob.mx", "911.gov")), host


def test_an_unknown_region_in_the_spanish_edition_falls_back_to_all_three():
    assert region_for("zz", "UK", "es").code == "ES-MX-US"
    assert region_for("zz", "UK", "en").code == "UK"


def test_the_spanish_warning_signs_page_lists_each_country_with_its_source(real_content, client):
    html = client.get("/es/senales-de-alarma/?region=MX").content.decode()
    card = html.split("care-card--emergency", 1)[1].split("</section>", 1)[0]
    assert 'href="tel:911"' in card and "¿No está en México?" in card
    numbers = html.split('id="emergency-numbers"', 1)[1].split("</section>", 1)[0]
    assert "España" in numbers and "México" in numbers and "Estados Unidos" in numbers
    assert "ES-MX-US" not in numbers  # the three-country default is not a country to pick
