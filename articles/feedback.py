"""Reader feedback ("Was this page useful?"): the form, its cleaning, its guards and its view.

The form on every content page is the same for every reader, so pages stay cookie-free and
cacheable. A cross-site post is refused by its Origin / Sec-Fetch-Site headers (no CSRF cookie),
a hidden honeypot field and a per-client rate limit (Django's cache) stop floods, and only the
page, the answer, a comment cleaned of contact details and the day are stored.
"""

import datetime
import hashlib
import logging
import re
import time
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import Error as DatabaseError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from mesoguide.caching import unreadable_body_is_400

from .content import get_registry
from .models import Feedback

logger = logging.getLogger("mesoguide.feedback")

COMMENT_LIMIT = 1000
TOKEN_SALT = "mesoguide.feedback.comment"  # noqa: S105 (a namespace, not a secret)
TOKEN_MAX_AGE = 24 * 3600  # a comment may follow its answer within a day

DOT = r"(?:\.|\(dot\)|\[dot\]|\s+dot\s+)"
EMAIL = re.compile(
    # name@host.tld, name (at) host.tld, name [at] host [dot] tld, name at host dot tld
    rf"[\w.+%-]+(?:\s*@\s*|\s*[(\[]at[)\]]\s*)[\w-]+(?:\s*{DOT}\s*[\w-]+)+"
    r"|[\w.+%-]+\s+at\s+[\w-]+(?:\s+dot\s+[\w-]+)+",
    re.IGNORECASE,
)
# Seven or more digits, possibly split by spaces, dots, dashes, slashes or brackets.
PHONE = re.compile(r"(?<![\w])\+?(?:\d[\s().\-/]{0,3}){6,}\d(?![\w])")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def remove_contact_details(text: str) -> str:
    """The comment with anything that looks like an email address or phone number replaced."""
    text = EMAIL.sub("[email removed]", text)

    def phone(match):
        return match.group() if ISO_DATE.fullmatch(match.group().strip()) else "[number removed]"

    text = PHONE.sub(phone, text)
    return text.strip()[:COMMENT_LIMIT]


class FeedbackForm(forms.Form):
    """An answer (yes / no) for a page, or a comment on an answer already given (token)."""

    page = forms.CharField(max_length=200)
    answer = forms.ChoiceField(choices=Feedback.Answer.choices, required=False)
    token = forms.CharField(required=False, max_length=200)
    comment = forms.CharField(
        required=False,
        max_length=COMMENT_LIMIT,
        strip=True,
        error_messages={
            "max_length": gettext_lazy(
                "Your comment is too long: please keep it to 1,000 characters or fewer."
            )
        },
    )
    # The honeypot: hidden from people, filled in by bots that fill in every field.
    website = forms.CharField(required=False)

    def clean_page(self):
        page = self.cleaned_data["page"]
        if page not in get_registry().documents:
            raise forms.ValidationError(_("We could not tell which page this answer is about."))
        return page

    def clean_comment(self):
        return remove_contact_details(self.cleaned_data["comment"])

    def clean_token(self):
        token = self.cleaned_data["token"]
        if not token:
            return None
        try:
            return signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
        except signing.BadSignature:
            raise forms.ValidationError(
                _("This form is too old to use. Please answer the question on the page again.")
            ) from None

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("answer") and data.get("token") is None:
            raise forms.ValidationError(_("Please choose Yes or No."))
        return data

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


def comment_token(feedback: Feedback) -> str:
    return signing.dumps(feedback.pk, salt=TOKEN_SALT)


def is_cross_site(request) -> bool:
    """True when a browser says the post came from another site (CSRF without a cookie)."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return True
    origin = request.headers.get("Origin")
    if origin is None:
        return False  # browsers send Origin on every cross-site POST; other clients can forge
    own = {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}
    if settings.MESOGUIDE_BASE_URL:
        base = urlsplit(settings.MESOGUIDE_BASE_URL)
        own.add(f"{base.scheme}://{base.netloc}")
    return origin not in own


def client_key(request) -> str:
    """A one-way key for the client, used only by the rate limit and kept one hour at most."""
    address = request.META.get("REMOTE_ADDR", "")
    if settings.SECURE_PROXY_SSL_HEADER:
        # Behind the operator's proxy the client is the last address it appended.
        forwarded = request.headers.get("X-Forwarded-For", "").split(",")[-1].strip()
        address = forwarded or address
    digest = hashlib.blake2b(address.encode(), key=settings.SECRET_KEY.encode()[:64])
    return digest.hexdigest()[:32]


CACHE_RETRY_SECONDS = 30
_cache_down_until = 0.0


def over_rate_limit(request) -> int:
    """Seconds until the client may post again, or 0 when it is within its hourly limit."""
    global _cache_down_until
    now = time.time()
    if now < _cache_down_until:
        return 0
    hour = int(now // 3600)
    key = f"feedback-rate:{hour}:{client_key(request)}"
    try:
        cache.add(key, 0, timeout=3600)
        count = cache.incr(key)
    except Exception:  # a cache that is down must not stop a reader; log and let it by
        logger.exception("Feedback rate limit unavailable (cache error); retrying in 30 s")
        # Not every request should wait for a server that is down to time out.
        _cache_down_until = now + CACHE_RETRY_SECONDS
        return 0
    if count > settings.MESOGUIDE_FEEDBACK_PER_HOUR:
        return (hour + 1) * 3600 - int(time.time())
    return 0


def save(form: FeedbackForm) -> Feedback | None:
    """Store an answer, or add the comment to the answer the token names. May raise DB errors."""
    data = form.cleaned_data
    if data["token"] is not None:
        feedback = Feedback.objects.filter(pk=data["token"], page=data["page"]).first()
        if feedback is not None and data["comment"] and not feedback.comment:
            feedback.comment = data["comment"]
            feedback.save(update_fields=["comment"])
        return feedback
    return Feedback.objects.create(
        page=data["page"],
        answer=data["answer"],
        comment=data["comment"],
        date=datetime.date.today(),
    )


MESSAGES = {
    "thanks": gettext_lazy("Thank you for your answer."),
    "comment": gettext_lazy("Thank you. We read every comment."),
    "cross-site": gettext_lazy(
        "We could not accept this answer because it was sent from another website."
    ),
    "too-many": gettext_lazy(
        "Too many answers have come from your connection. Please try again in an hour."
    ),
    "invalid": gettext_lazy("We could not accept this answer."),
    "db-down": gettext_lazy("Sorry, we could not save your answer. Please try again later."),
}


def _respond(request, outcome: str, status: int, form=None, feedback=None):
    wants_json = "application/json" in request.headers.get("Accept", "")
    page = request.POST.get("page", "")
    page = page if page in get_registry().documents else "/"
    token = comment_token(feedback) if feedback is not None and outcome == "thanks" else ""
    if wants_json:
        errors = [e for errs in form.errors.values() for e in errs] if form is not None else []
        body = {"ok": status == 200, "message": str(MESSAGES[outcome]), "errors": errors}
        response = JsonResponse(body | {"token": token}, status=status)
    else:
        context = {"outcome": outcome, "message": MESSAGES[outcome], "form": form}
        context |= {"page": page, "token": token, "comment": request.POST.get("comment", "")}
        response = render(request, "articles/feedback_result.html", context, status=status)
    patch_vary_headers(response, ["Accept"])
    return response


@csrf_exempt  # checked by Origin / Sec-Fetch-Site instead, so no CSRF cookie is ever set
@sensitive_post_parameters("comment")
@never_cache
@unreadable_body_is_400
@require_POST
def feedback(request):
    """Store a reader's answer (and optional comment); never a 5xx for anything they send."""
    if is_cross_site(request):
        return _respond(request, "cross-site", 403)
    retry_after = over_rate_limit(request)
    if retry_after:
        response = _respond(request, "too-many", 429)
        response.headers["Retry-After"] = str(retry_after)
        return response
    form = FeedbackForm(request.POST)
    if form.is_bot:
        return _respond(request, "thanks", 200)  # look normal, keep nothing
    if not form.is_valid():
        return _respond(request, "invalid", 400, form=form)
    try:
        stored = save(form)
    except DatabaseError:
        logger.exception("Could not save feedback for %s", form.cleaned_data["page"])
        response = _respond(request, "db-down", 503)
        response.headers["Retry-After"] = "300"
        return response
    if form.cleaned_data["token"] is not None:
        return _respond(request, "comment", 200)
    return _respond(request, "thanks", 200, feedback=stored)
