"""`{% edition_url "page" "about" %}`: a page named by its English slug, in the page's own edition.

Templates link to fixed pages (about, privacy, the treatment record) by their English slug; in
the Spanish edition the same link must reach the Spanish page (/es/acerca-de/), not the English
slug under /es/.
"""

from django import template
from django.utils import translation

from articles import editions
from articles.content import languages, url_for

register = template.Library()


@register.simple_tag
def edition_url(kind: str, english_slug: str) -> str:
    english = url_for(kind, english_slug, languages.DEFAULT)
    return editions.in_edition(english, translation.get_language() or languages.DEFAULT)
