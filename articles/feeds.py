"""The Atom feed of what changed: one entry per change note, and one per review for pages
that have no change notes yet, newest first."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils import dateformat
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

from .content import get_registry

FEED_LENGTH = 100
# An entry's label in its title, and the sentence that ends its summary, by kind of entry.
ENTRY_LABELS = {
    "major change": pgettext_lazy("feed entry", "major change"),
    "minor change": pgettext_lazy("feed entry", "minor change"),
    "reviewed": pgettext_lazy("feed entry", "reviewed"),
}
ENTRY_WHEN = {
    "major change": gettext_lazy("Major change on {date}."),
    "minor change": gettext_lazy("Minor change on {date}."),
    "reviewed": gettext_lazy("Reviewed on {date}."),
}


def tag_authority() -> str:
    """The domain that names the feed's tag URIs (RFC 4151): the public site's host, so an
    entry's id does not depend on the address the feed was read from."""
    host = urlsplit(settings.MESOGUIDE_BASE_URL).hostname if settings.MESOGUIDE_BASE_URL else ""
    return host or next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h != "*"), "localhost")


@dataclass(frozen=True)
class Entry:
    document: object
    date: datetime.date
    summary: str
    label: str  # "major change", "minor change" or "reviewed" (translated when shown)
    key: str  # stable part of the entry's id


def entries(registry) -> list[Entry]:
    found = []
    for document in registry.documents.values():
        if not document.changes:
            found.append(
                Entry(document, document.reviewed, document.summary, "reviewed",
                      f"reviewed-{document.reviewed.isoformat()}")
            )  # fmt: skip
        count = len(document.changes)
        for index, change in enumerate(document.changes):
            found.append(
                Entry(document, change.date, change.summary, f"{change.type} change",
                      f"change-{change.date.isoformat()}-{count - index}")
            )  # fmt: skip
    return sorted(found, key=lambda e: (e.date, e.document.title), reverse=True)[:FEED_LENGTH]


class ChangesFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Mesoguide: what changed")
    link = "/"
    subtitle = gettext_lazy(
        "One entry for each change to a Mesoguide page, newest first. A major change means the "
        "advice or facts changed, so printed copies are out of date."
    )

    def items(self):
        return entries(get_registry())

    def item_title(self, item):
        return f"{item.document.title} ({ENTRY_LABELS[item.label]})"

    def item_description(self, item):
        when = dateformat.format(item.date, gettext("j F Y"))
        return f"{item.summary} ({ENTRY_WHEN[item.label].format(date=when)})"

    def item_link(self, item):
        return item.document.url

    def item_guid(self, item):
        # Atom ids must be absolute IRIs that never change (RFC 4287, 4.2.6): a tag URI
        # (RFC 4151) names the entry without depending on the host the feed was read from.
        return f"tag:{tag_authority()},2026:{item.document.url}{item.key}"

    def item_guid_is_permalink(self, item):
        return False

    def item_updateddate(self, item):
        return datetime.datetime.combine(item.date, datetime.time(), tzinfo=datetime.UTC)

    def item_pubdate(self, item):
        return self.item_updateddate(item)
