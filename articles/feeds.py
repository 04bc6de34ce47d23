"""The Atom feed of what changed: pages ordered by their last review date."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from .content import get_registry

FEED_LENGTH = 50


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
        return f"{item.url}#reviewed-{item.reviewed.isoformat()}"

    def item_updateddate(self, item):
        return datetime.datetime.combine(item.reviewed, datetime.time(), tzinfo=datetime.UTC)

    def item_pubdate(self, item):
        return self.item_updateddate(item)
