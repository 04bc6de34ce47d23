"""The Atom feed of what changed: pages ordered by their last review date."""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from .content import get_registry

FEED_LENGTH = 50


def tag_authority() -> str:
    """The domain that names the feed's tag URIs (RFC 4151): the public site's host, so an
    entry's id does not depend on the address the feed was read from."""
    host = urlsplit(settings.MESOGUIDE_BASE_URL).hostname if settings.MESOGUIDE_BASE_URL else ""
    return host or next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h != "*"), "localhost")


class ChangesFeed(Feed):
    feed_type = Atom1Feed
    title = "Mesoguide: pages reviewed or changed"
    link = "/"
    subtitle = "Every Mesoguide page, newest review first. Use it to see what changed."

    def items(self):
        documents = get_registry().documents.values()
        return sorted(documents, key=lambda d: (d.reviewed, d.title), reverse=True)[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return f"{item.summary} (Reviewed {item.reviewed:%-d %B %Y}.)"

    def item_link(self, item):
        return item.url

    def item_guid(self, item):
        # Atom ids must be absolute IRIs that never change (RFC 4287, 4.2.6): a tag URI
        # (RFC 4151) names the entry without depending on the host the feed was read from.
        return f"tag:{tag_authority()},2026:{item.url}reviewed-{item.reviewed.isoformat()}"

    def item_guid_is_permalink(self, item):
        return False

    def item_updateddate(self, item):
        return datetime.datetime.combine(item.reviewed, datetime.time(), tzinfo=datetime.UTC)

    def item_pubdate(self, item):
        return self.item_updateddate(item)
