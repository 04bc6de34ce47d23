"""Build a Django form from an after-treatment tool, and turn its answers into printable lines.

Nothing here stores or logs what the reader typed: the form validates it, `answers` turns it
into (label, value) pairs for one response, and then it is gone.
"""

import datetime
from dataclasses import dataclass

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.utils import dateformat
from django.utils.html import escape
from django.utils.translation import gettext_lazy

from articles.content import Field, Tool

# Django fills in %(limit_value)d and %(show_value)d (the length the reader sent).
TOO_LONG = gettext_lazy(
    "{label}: use %(limit_value)d characters or fewer (you used %(show_value)d)"
)
MISSING = gettext_lazy("Answer this question: {label}")
BAD_CHOICE = gettext_lazy("Choose one of the answers shown for: {label}")
BAD_DATE = gettext_lazy("{label}: enter a real date, for example 14 March 2026")
NULL_CHARACTERS = gettext_lazy("{label}: remove the special characters")
DATE_RANGE = gettext_lazy("enter a date from 1990 onwards, and not in the future")
# The printed date of an answer, as Django's date filter writes it (translated for Spanish).
PRINTED_DATE = gettext_lazy("j F Y")  # the same format string as the templates' dates
EARLIEST_YEAR = 1990


def cell_name(field: Field, row: int, column) -> str:
    return f"{field.id}-{row}-{column.id}"


def _messages(label: str) -> dict:
    return {
        "max_length": TOO_LONG.format(label=label.replace("%", "%%")),
        "invalid_choice": BAD_CHOICE.format(label=label),
        "invalid": BAD_DATE.format(label=label),
        "null_characters_not_allowed": NULL_CHARACTERS.format(label=label),
    }


def _date_in_range(value):
    if value and not EARLIEST_YEAR <= value.year <= datetime.date.today().year + 1:
        raise forms.ValidationError(str(DATE_RANGE))


def _form_field(field: Field) -> forms.Field:
    hint = escape(field.hint)  # crispy prints help_text unescaped; a hint is plain text
    common = {"label": field.label, "help_text": hint, "required": False}
    if field.type in ("text", "textarea"):
        widget = forms.Textarea(attrs={"rows": 3}) if field.type == "textarea" else None
        return forms.CharField(max_length=field.max_length, widget=widget, strip=True,
                               error_messages=_messages(field.label), **common)  # fmt: skip
    if field.type == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}),
                               input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"],
                               validators=[_date_in_range],
                               error_messages=_messages(field.label), **common)  # fmt: skip
    multiple = field.type == "choices"
    kind = forms.MultipleChoiceField if multiple else forms.ChoiceField
    widget = forms.CheckboxSelectMultiple if multiple else forms.RadioSelect
    return kind(choices=list(field.choices), widget=widget,
                error_messages=_messages(field.label), **common)  # fmt: skip


class ToolForm(forms.Form):
    """One form field per tool field; a table field becomes a fieldset per row.

    Fields are optional in HTML so the browser never blocks the form with its own messages;
    `clean` lists every missing required answer in one error summary instead.
    """

    def __init__(self, tool: Tool, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tool = tool
        layout = []
        for field in tool.fields:
            if field.type != "table":
                self.fields[field.id] = _form_field(field)
                layout.append(field.id)
                continue
            for row in range(1, field.rows + 1):
                names = []
                for column in field.columns:
                    label = f"{column.label} ({field.label.lower()} {row})"
                    name = cell_name(field, row, column)
                    self.fields[name] = forms.CharField(
                        label=column.label,
                        max_length=column.max_length,
                        required=False,
                        error_messages=_messages(label),
                    )
                    names.append(name)
                layout.append(Fieldset(f"{field.label} {row}", *names))
        self.helper = FormHelper(self)
        self.helper.layout = Layout(*layout)
        self.helper.form_method = "post"
        self.helper.form_action = tool.url
        self.helper.form_id = "tool-form"
        self.helper.attrs = {"novalidate": ""}
        # No CSRF token: see checklists.tool_views (the form changes nothing, sets no cookie).
        self.helper.disable_csrf = True
        self.helper.add_input(Submit("show", tool.submit, css_class="btn-primary"))

    def clean(self):
        cleaned = super().clean()
        for field in self.tool.fields:
            if field.required and not cleaned.get(field.id) and field.id not in self.errors:
                self.add_error(field.id, MISSING.format(label=field.label))
        return cleaned

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor of the field's input, message) for the "There is a problem" box."""
        summary = []
        for name, messages in self.errors.items():
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            multiple = isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple))
            summary.append((f"id_{name}_0" if multiple else f"id_{name}", str(messages[0])))
        return summary


@dataclass(frozen=True)
class Answer:
    label: str
    values: tuple[str, ...]  # empty when the reader left it blank
    rows: tuple[tuple[str, ...], ...] = ()  # a table: one tuple of cells per filled row
    columns: tuple[str, ...] = ()  # a table's column labels
    empty_rows: int = 0  # a table's unfilled rows, printed as lines to write on

    @property
    def heading(self) -> str:
        """The label as a printed heading: a question keeps its mark, anything else gets a colon."""
        return self.label if self.label.endswith(("?", ":")) else f"{self.label}:"

    @property
    def empty_range(self) -> range:
        return range(self.empty_rows)

    @property
    def is_table(self) -> bool:
        return bool(self.columns)


def _display(field: Field, value) -> tuple[str, ...]:
    if field.type == "date":
        return (dateformat.format(value, str(PRINTED_DATE)),) if value else ()
    if field.type == "choice":
        return (field.choice_label(value),) if value else ()
    if field.type == "choices":
        return tuple(field.choice_label(v) for v in value or ())
    return (value,) if value else ()


def answers(tool: Tool, cleaned: dict) -> tuple[Answer, ...]:
    """Every field in order with what the reader gave (blank when nothing, or for a blank copy)."""
    result = []
    for field in tool.fields:
        if field.type != "table":
            label = field.print_label or field.label
            result.append(Answer(label, _display(field, cleaned.get(field.id))))
            continue
        rows = []
        for row in range(1, field.rows + 1):
            cells = tuple(cleaned.get(cell_name(field, row, c), "") for c in field.columns)
            if any(cells):
                rows.append(cells)
        labels = tuple(c.label for c in field.columns)
        result.append(Answer(field.label, (), tuple(rows), labels, field.rows - len(rows)))
    return tuple(result)
