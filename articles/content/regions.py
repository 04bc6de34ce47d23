"""Emergency and urgent-help numbers by region, shown on the warning-signs page."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    emergency: str  # fills `[emergency number]`
    urgent_help: str  # fills `[urgent help]`
    source_title: str
    source_url: str


REGIONS = {
    region.code: region
    for region in (
        Region(
            "US", "United States", "911", "your doctor or an urgent care center",
            "911 and 988: what to know", "https://www.911.gov/",
        ),
        Region(
            "UK", "United Kingdom", "999", "your GP or NHS 111",
            "When to call 999 (NHS)",
            "https://www.nhs.uk/nhs-services/urgent-and-emergency-care-services/when-to-call-999/",
        ),
        Region(
            "EU", "European Union", "112", "your doctor or an out-of-hours doctor",
            "112: the European emergency number (European Commission)",
            "https://digital-strategy.ec.europa.eu/en/policies/112",
        ),
        Region(
            "AU", "Australia", "000", "your GP or an after-hours clinic",
            "Triple Zero (000) (Australian Government)", "https://www.triplezero.gov.au/",
        ),
        Region(
            "CA", "Canada", "911", "your doctor or a walk-in clinic",
            "9-1-1 services (CRTC)", "https://crtc.gc.ca/eng/phone/911/",
        ),
    )
}  # fmt: skip


def region_for(code: str | None, default: str) -> Region:
    """The region for a `?region=` value; anything unknown falls back to the default."""
    return REGIONS.get((code or "").strip().upper()[:8]) or REGIONS.get(default) or REGIONS["US"]


def region_tokens(region: Region) -> dict[str, str]:
    return {"[emergency number]": region.emergency, "[urgent help]": region.urgent_help}
