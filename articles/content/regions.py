"""Emergency, urgent-help and non-emergency numbers by region, shown on the warning signs.

Every number here comes from the official page named beside it. Numbers become `tel:`
links; the operator's region (MESOGUIDE_REGION) comes first and the others are listed on
every emergency card, so a reader from anywhere sees their number without switching.
"""

from dataclasses import dataclass

from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext


@dataclass(frozen=True)
class Helpline:
    """A non-emergency health line, with the official page that gives its number."""

    name: str
    number: str
    source_title: str
    source_url: str


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    emergency: str  # fills `[emergency number]`
    urgent_help: str  # fills `[urgent help]`; `{helpline}` becomes the helpline's link
    source_title: str
    source_url: str
    emergency_department: str = "the emergency department"  # fills `[emergency department]`
    helpline: Helpline | None = None
    language: str = "en"  # the edition whose pages list this region
    # For an entry that stands for several countries: (number, where) for each, so
    # `[emergency number]` names them all ("112 (España) o al 911 (México y EE. UU.)").
    numbers: tuple[tuple[str, str], ...] = ()


REGIONS = {
    region.code: region
    for region in (
        Region(
            "US", "United States", "911", "your doctor or an urgent care center",
            "911 and 988: what to know", "https://www.911.gov/",
            emergency_department="the emergency room",
        ),
        Region(
            "UK", "United Kingdom", "999", "your GP or NHS {helpline}",
            "When to call 999 (NHS)",
            "https://www.nhs.uk/nhs-services/urgent-and-emergency-care-services/when-to-call-999/",
            emergency_department="A&E",
            helpline=Helpline(
                "NHS", "111", "When to call 999 (NHS)",
                "https://www.nhs.uk/nhs-services/urgent-and-emergency-care-services/when-to-call-999/",
            ),
        ),
        Region(
            "EU", "European Union", "112", "your doctor or an out-of-hours doctor",
            "112: the European emergency number (European Commission)",
            "https://digital-strategy.ec.europa.eu/en/policies/112",
        ),
        Region(
            "AU", "Australia", "000", "your GP or healthdirect on {helpline}",
            "Triple Zero (000) (Australian Government)", "https://www.triplezero.gov.au/",
            helpline=Helpline(
                "healthdirect", "1800 022 222", "What care do I need? (healthdirect Australia)",
                "https://www.healthdirect.gov.au/what-care-do-i-need",
            ),
        ),
        Region(
            "CA", "Canada", "911", "your doctor, a walk-in clinic or {helpline}",
            "9-1-1 services (CRTC)", "https://crtc.gc.ca/eng/phone/911/",
            helpline=Helpline(
                "the health line, where your province or territory has one,", "811",
                "811 health advice line (Government of the Northwest Territories)",
                "https://www.hss.gov.nt.ca/en/services/811",
            ),
        ),
    )
}  # fmt: skip


# `[urgent help]` follows "a" in the Spanish pages ("Pida ayuda médica hoy a ...").
# The Spanish edition serves Spain, Mexico and Spanish speakers in the US. Colombia, Argentina,
# Chile and Peru are left out until an official page for their numbers can be cited; their
# readers are told to call their local emergency number.
REGIONS_ES = {
    region.code: region
    for region in (
        # Shown until the reader picks a country: a Spanish reader may be in any of the three.
        Region(
            "ES-MX-US", "España, México y Estados Unidos", "112",
            "su médico o a su centro de salud o, si están cerrados, a urgencias",
            "112: el número de teléfono de emergencia europeo (Comisión Europea)",
            "https://digital-strategy.ec.europa.eu/es/policies/112",
            emergency_department="urgencias", language="es",
            numbers=(("112", "España"), ("911", "México y EE. UU.")),
        ),
        Region(
            "ES", "España", "112", "su centro de salud o, si está cerrado, a urgencias",
            "112: el número de teléfono de emergencia europeo (Comisión Europea)",
            "https://digital-strategy.ec.europa.eu/es/policies/112",
            emergency_department="urgencias", language="es",
        ),
        Region(
            "MX", "México", "911",
            "su médico, su clínica o un consultorio o, si están cerrados, a urgencias",
            "088 y 911, responder ante cualquier llamado (Gobierno de México)",
            "https://www.gob.mx/policiafederal/articulos/088-911-responder-ante-cualquier-llamado?idiom=es",
            emergency_department="urgencias", language="es",
        ),
        Region(
            "US", "Estados Unidos", "911",
            "su médico o a un centro de atención urgente (urgent care)",
            "911 and 988: what to know (en inglés)", "https://www.911.gov/",
            emergency_department="la sala de emergencias (emergency room)", language="es",
        ),
    )
}  # fmt: skip
# The region an edition shows before the reader picks one (else the operator's MESOGUIDE_REGION).
EDITION_DEFAULT = {"es": "ES-MX-US"}
BY_LANGUAGE = {"en": REGIONS, "es": REGIONS_ES}


def regions_of(language: str | None = None) -> dict[str, Region]:
    """The regions an edition lists (default: the active language's)."""
    return BY_LANGUAGE.get(language or translation.get_language() or "en", REGIONS)


def region_for(code: str | None, default: str, language: str | None = None) -> Region:
    """The region for a `?region=` value; anything unknown falls back to the default, then to
    the edition's first region."""
    table = regions_of(language)
    found = table.get((code or "").strip().upper()[:8])
    edition_default = EDITION_DEFAULT.get(language or translation.get_language() or "en")
    found = found or table.get(edition_default) or table.get(default)
    return found or next(iter(table.values()))


def ordered_regions(first: Region) -> list[Region]:
    """All regions of its edition, the given one first (the operator's or the reader's)."""
    return [first, *(r for r in regions_of(first.language).values() if r.code != first.code)]


def tel_link(number: str) -> str:
    """A phone number as a `tel:` link with a large tap target (class `tel`)."""
    digits = "".join(ch for ch in number if ch.isdigit())
    return format_html('<a class="tel" href="tel:{}">{}</a>', digits, number)


def region_tokens(region: Region) -> dict[str, str]:
    """Plain-text values of the editor tokens (for text that is not HTML)."""
    helpline = region.helpline.number if region.helpline else ""
    emergency = " o al ".join(f"{n} ({where})" for n, where in region.numbers)
    return {
        "[emergency number]": emergency or region.emergency,
        "[urgent help]": region.urgent_help.format(helpline=helpline),
        "[emergency department]": region.emergency_department,
    }


def region_html_tokens(region: Region) -> dict[str, str]:
    """Safe HTML for the editor tokens: numbers become `tel:` links."""
    helpline = tel_link(region.helpline.number) if region.helpline else ""
    emergency = format_html_join(
        " o al ", "{} ({})", ((tel_link(n), where) for n, where in region.numbers)
    )
    return {
        "[emergency number]": emergency or tel_link(region.emergency),
        "[urgent help]": format_html(region.urgent_help, helpline=helpline),
        "[emergency department]": format_html("{}", region.emergency_department),
    }


def other_numbers_html(region: Region) -> str:
    """The line every emergency card ends with: the other regions' emergency numbers."""
    if region.numbers:  # the card already names every country's number
        with translation.override(region.language):
            anywhere = gettext("Anywhere else, call your local emergency number.")
        return format_html('<p class="care-card__numbers">{}</p>', anywhere)
    others = format_html_join(
        " ", '<span class="care-card__number">{} {}</span>',
        ((r.name, tel_link(r.emergency)) for r in ordered_regions(region)[1:] if not r.numbers),
    )  # fmt: skip
    with translation.override(region.language):
        template = gettext(
            "Not in {region}? Emergency numbers: {numbers} "
            "Anywhere else, call your local emergency number."
        )
    return format_html(
        '<p class="care-card__numbers">{}</p>',
        format_html(template.replace("{region}", "{0}").replace("{numbers}", "{1}"),
                    region.name, others),
    )  # fmt: skip
