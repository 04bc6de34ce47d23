"""Build a Django form from a checklist definition, laid out by crispy-forms (Bootstrap 5)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.html import escape
from django.utils.translation import gettext, gettext_lazy

from .definitions import Checklist

MISSING_ANSWER = gettext_lazy("Choose an answer to: {question}")
INVALID_ANSWER = gettext_lazy("Choose one of the answers shown for: {question}")


class ChecklistForm(forms.Form):
    """One radio group (a fieldset with a legend and hint) per question.

    Fields are optional at the HTML level so the browser never blocks the form with its
    own messages; `clean` reports every unanswered question in one error summary instead.
    """

    def __init__(self, checklist: Checklist, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.checklist = checklist
        total = len(checklist.questions)
        for number, question in enumerate(checklist.questions, start=1):
            field = self.fields[question.id] = forms.ChoiceField(
                label=question.question,
                # Django and crispy print help_text unescaped (it may hold HTML); a hint is text.
                help_text=escape(question.hint),
                choices=[(choice.value, choice.label) for choice in question.choices],
                widget=forms.RadioSelect,
                required=False,
                error_messages={
                    "invalid_choice": INVALID_ANSWER.format(question=question.question)
                },
            )
            # "Question 3 of 14": progress a reader sees without JavaScript.
            field.number, field.total = number, total
        self.helper = FormHelper(self)
        self.helper.form_method = "post"
        self.helper.form_action = checklist.url
        self.helper.form_id = "checklist-form"
        self.helper.attrs = {"novalidate": ""}
        self.helper.form_show_errors = True
        # Our own question layout: hint before the answers, error above them, big targets.
        self.helper.field_template = "checklists/question.html"
        # No CSRF token: see checklists.views (the form changes nothing and sets no cookie).
        self.helper.disable_csrf = True
        self.helper.add_input(
            Submit("see-result", gettext("See my result"), css_class="btn-primary btn-lg")
        )

    def clean(self):
        cleaned = super().clean()
        for question in self.checklist.questions:
            if not cleaned.get(question.id) and question.id not in self.errors:
                self.add_error(question.id, MISSING_ANSWER.format(question=question.question))
        return cleaned

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor of the field's first radio, message) for the "There is a problem" box."""
        return [
            (f"id_{name}_0", str(messages[0]))
            for name, messages in self.errors.items()
            if name in self.fields
        ]
