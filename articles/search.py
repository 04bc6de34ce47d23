"""Server-side search over the registry's titles, summaries, headings and prose."""

import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .content import Document, Registry
from .content.regions import region_for, region_tokens

MAX_QUERY_CHARS = 100
MAX_TERMS = 8
SNIPPET_CHARS = 170
# Words a reader with a problem after treatment types: the results lead with the warning signs.
SYMPTOM_WORDS = frozenset(
    "infection infections infected lump lumps swelling swollen pus fever pain painful rash "
    "bruise bruising redness red sore sores abscess hives itching itchy dizzy faint "
    "breathe breathing unwell hot".split()
)
# Common words carry no meaning for ranking; readers type questions ("how much does it cost").
STOP_WORDS = frozenset(
    "a an and are as at be by can do does for from how i if in is it me my of on or so the "
    "to what when where which who why will with you your much many should get off".split()
)
# Readers use brand names and everyday words for what pages call something else.
SYNONYMS = {
    "kybella": ("deoxycholic",),
    "botox": ("botulinum",),
    "pregnant": ("pregnancy",),
    "pregnancy": ("pregnant",),
    "price": ("cost",),
    "cost": ("price", "pay"),
    "infected": ("infection",),
    "infection": ("infections",),
    "lump": ("lumps", "nodule"),
    "legal": ("regulation", "approved"),
    "cancellation": ("cancel",),
    "reschedule": ("move", "postpone"),
}
WEIGHTS = {"title": 12, "summary": 5, "headings": 4, "body": 1}

# Spanish: readers often type without accents ("infeccion"), and the pages are written with them.
SPANISH_STOP_WORDS = frozenset(
    "a al como con cual cuando de del donde el en es esta este esto hay la las lo los me mi "
    "mis muy no o para pero por que se si sin su sus tengo un una uno unos y ya yo le les "
    "puedo puede debo cuanto cuanta cuantos cuesta".split()
)
SPANISH_SYMPTOM_WORDS = frozenset(
    "infeccion infecciones infectado infectada bulto bultos hinchazon hinchado hinchada pus "
    "fiebre dolor duele sarpullido moreton moretones moraton moratones enrojecimiento rojo "
    "roja llaga llagas absceso ronchas urticaria picor picazon comezon mareo desmayo respirar "
    "respiracion".split()
)
SPANISH_SYNONYMS = {
    "precio": ("coste", "costo", "pagar"),
    "coste": ("precio",),
    "costo": ("precio",),
    "embarazada": ("embarazo",),
    "embarazo": ("embarazada",),
    "legal": ("regulacion", "aprobado"),
    "kybella": ("desoxicolico",),
    "botox": ("botulinica",),
}
# Each plain letter also matches its accented forms, so the query need not carry accents.
_ACCENTED = {"a": "aáà", "e": "eéè", "i": "iíï", "o": "oó", "u": "uúü", "n": "nñ", "c": "cç"}


def fold(text: str) -> str:
    """Text without accents ("infección" -> "infeccion"), for Spanish queries."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class Result:
    document: Document
    score: float
    snippet: SafeString


# Questions made only of common words still mean something ("how much?" asks the price).
PHRASES = {"how much": "cost", "how many": "sessions", "how long": "last"}


def terms_of(query: str, language: str = "en") -> list[str]:
    """The meaningful words of a query, lower-cased, at most MAX_TERMS of them."""
    lowered = " ".join(query[:MAX_QUERY_CHARS].lower().split())
    if language == "es":
        words = re.findall(r"[^\W_]+", fold(lowered))
        terms = [w for w in words if w not in SPANISH_STOP_WORDS and len(w) > 1]
        return list(dict.fromkeys(terms))[:MAX_TERMS]
    words = re.findall(r"[^\W_]+", lowered)
    terms = [w for w in words if w not in STOP_WORDS and len(w) > 1]
    terms += [term for phrase, term in PHRASES.items() if phrase in lowered]
    return list(dict.fromkeys(terms))[:MAX_TERMS]


def _stem_pattern(term: str, language: str = "en") -> re.Pattern:
    # A term matches a word that starts with it: "infect" finds "infection" and "infected".
    if language == "es":
        # Spanish plurals add -es or -s ("infecciones", "bultos"); accents may be missing.
        stem = re.sub(r"(?<=[a-z]{4})(es|s)$", "", term)
        letters = "".join(f"[{_ACCENTED[ch]}]" if ch in _ACCENTED else re.escape(ch) for ch in stem)
        return re.compile(rf"\b{letters}\w*", re.IGNORECASE)
    stem = term[:-1] if len(term) > 4 and term.endswith("s") else term
    return re.compile(rf"\b{re.escape(stem)}\w*", re.IGNORECASE)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _excerpt(text: str, patterns: list[re.Pattern]) -> tuple[str, bool, bool]:
    """Whole sentences of `text` from the first one that matches, cut only between words.

    Returns (excerpt, starts mid-text, ends mid-text). Sentences, not headings run into text:
    `text` is the page's prose, where every paragraph and list item ends with a full stop.
    """
    sentences = [s for s in _SENTENCE_END.split(text.strip()) if s]
    first = next((i for i, s in enumerate(sentences) if any(p.search(s) for p in patterns)), None)
    if first is None:
        return "", False, False
    picked, length = [], 0
    for sentence in sentences[first:]:
        if picked and length + len(sentence) > SNIPPET_CHARS:
            break
        picked.append(sentence)
        length += len(sentence) + 1
    excerpt = " ".join(picked)
    cut = len(excerpt) > SNIPPET_CHARS
    if cut:
        # A long sentence: keep the words around the first match, never half a word.
        hit = min((m.start() for p in patterns if (m := p.search(excerpt))), default=0)
        begin = excerpt.rfind(" ", 0, max(0, hit - SNIPPET_CHARS // 3)) + 1
        end = excerpt.rfind(" ", begin, begin + SNIPPET_CHARS)
        excerpt = excerpt[begin : end if end > begin else None]
        return excerpt, first > 0 or begin > 0, True
    return excerpt, first > 0, first + len(picked) < len(sentences)


def _snippet(prose: str, summary: str, patterns: list[re.Pattern]) -> SafeString:
    excerpt, before, after = _excerpt(prose, patterns)
    if not excerpt:
        # The match is in the title or a heading only: the summary says what the page is.
        excerpt, before, after = summary, False, False
    pieces, last = [], 0
    combined = re.compile("|".join(p.pattern for p in patterns), re.IGNORECASE)
    for match in combined.finditer(excerpt):
        pieces.append(escape(excerpt[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    pieces.append(escape(excerpt[last:]))
    prefix = "… " if before else ""
    suffix = " …" if after else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308 - every piece is escaped


def _with_region_numbers(text: str, language: str) -> str:
    """Snippets show the operator's region's numbers, never a raw `[emergency number]`."""
    region = region_for(None, settings.MESOGUIDE_REGION, language)
    for token, value in region_tokens(region).items():
        text = text.replace(token, value)
    return text


def is_symptom_query(terms: list[str], language: str = "en") -> bool:
    """Whether the query names a symptom, so the page should point to urgent help first."""
    words = SPANISH_SYMPTOM_WORDS if language == "es" else SYMPTOM_WORDS
    return any(term in words for term in terms)


def search(registry: Registry, query: str) -> list[Result]:
    """Rank published documents for a query; an empty list when nothing matches."""
    language = registry.language
    terms = terms_of(query, language)
    synonyms = SPANISH_SYNONYMS if language == "es" else SYNONYMS
    if not terms:
        return []
    results = []
    for document in registry.documents.values():
        fields = {
            "title": document.title,
            "summary": document.summary,
            "headings": " ".join(h.text for h in document.headings),
            "body": document.search_text,
        }
        score, matched_patterns, matched_terms = 0.0, [], 0
        for term in terms:
            patterns = [_stem_pattern(t, language) for t in (term, *synonyms.get(term, ()))]
            term_score = sum(
                WEIGHTS[name] * min(sum(len(p.findall(text)) for p in patterns), 10)
                for name, text in fields.items()
            )
            if term_score:
                matched_terms += 1
                matched_patterns.extend(patterns)
            score += term_score
        if score:
            # Pages that match every word of the query come before pages that match one.
            score *= matched_terms / len(terms)
            snippet = _snippet(
                _with_region_numbers(document.prose, language), document.summary, matched_patterns
            )
            results.append(Result(document, score, snippet))
    return sorted(results, key=lambda r: (-r.score, r.document.title))
