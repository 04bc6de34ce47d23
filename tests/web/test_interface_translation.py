"""The Spanish interface catalogue: complete, up to date with the code, and used when rendering."""

import datetime
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from articles.content.tool_fields import Field
from checklists.forms import ChecklistForm
from checklists.tool_forms import _display
from mesoguide.translations import MAKEMESSAGES_OPTIONS, catalogues, problems
from tests.factories import checklists_in

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


def keys(po: polib.POFile) -> set[tuple]:
    return {(e.msgctxt, e.msgid, e.msgid_plural) for e in po if not e.obsolete}


def test_the_catalogue_is_the_only_one_and_spanish():
    assert catalogues() == [CATALOGUE]
    po = polib.pofile(str(CATALOGUE))
    assert po.metadata["Language"] == "es"
    assert len(po) > 200


def test_no_entry_is_untranslated_or_fuzzy():
    po = polib.pofile(str(CATALOGUE))
    assert not po.metadata_is_fuzzy
    assert [e.msgid for e in po if "fuzzy" in e.flags] == []
    assert [e.msgid for e in po if not e.obsolete and not e.translated()] == []
    assert problems(po) == []


def test_problems_names_fuzzy_and_untranslated_entries(tmp_path):
    po = polib.POFile()
    po.append(polib.POEntry(msgid="Done", msgstr="Hecho"))
    po.append(polib.POEntry(msgid="Guess", msgstr="Adivina", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="Empty", msgstr=""))
    po.append(
        polib.POEntry(msgid="%(n)s page", msgid_plural="%(n)s pages", msgstr_plural={0: "x", 1: ""})
    )
    assert problems(po) == [
        "fuzzy: 'Guess'", "untranslated: 'Empty'", "untranslated: '%(n)s page'",
    ]  # fmt: skip


def test_compiletranslations_check_fails_on_a_fuzzy_entry(tmp_path, settings):
    folder = tmp_path / "locale" / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="Guess", msgstr="Adivina", flags=["fuzzy"]))
    po.save(str(folder / "django.po"))
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    with pytest.raises(CommandError, match="fuzzy: 'Guess'"):
        call_command("compiletranslations", "--check")
    assert (folder / "django.mo").is_file()  # compiled all the same, without the fuzzy entry


def test_every_translation_keeps_its_placeholders_and_links():
    for entry in polib.pofile(str(CATALOGUE)):
        sources = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
        wanted = sorted(PLACEHOLDER.findall(sources[-1]))
        targets = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for target in targets:
            assert sorted(PLACEHOLDER.findall(target)) == wanted, entry.msgid
            for tag in ("<a ", "</a>", "<strong>", "</strong>", "<time", "<span"):
                assert target.count(tag) == sources[0].count(tag), (entry.msgid, tag)


@pytest.mark.skipif(
    shutil.which("xgettext") is None,
    reason="xgettext (GNU gettext) is not installed; .ci/run installs it, so CI runs this check",
)
def test_the_catalogue_lists_every_string_of_the_templates_and_code(
    tmp_path, settings, monkeypatch
):
    """makemessages into a copy of locale/: the msgids must be the ones committed."""
    monkeypatch.chdir(settings.BASE_DIR)  # makemessages scans the current folder
    copy = tmp_path / "locale"
    shutil.copytree(CATALOGUE.parents[2], copy)
    settings.LOCALE_PATHS = [copy]
    call_command("makemessages", **MAKEMESSAGES_OPTIONS)
    fresh = polib.pofile(str(copy / "es" / "LC_MESSAGES" / "django.po"))
    committed = polib.pofile(str(CATALOGUE))
    missing = keys(fresh) - keys(committed)
    unused = keys(committed) - keys(fresh)
    assert not missing, f"run `make messages` and translate: {sorted(missing)}"
    assert not unused, f"run `make messages` to drop: {sorted(unused)}"


def render(template: str, language: str, **context) -> str:
    request = RequestFactory().get("/es/x/" if language == "es" else "/x/")
    with translation.override(language):
        return render_to_string(template, context, request=request)


def test_base_page_in_spanish_and_english(real_content):
    spanish = render("404.html", "es")
    assert '<html lang="es">' in spanish
    assert "Señales de alarma" in spanish  # the header's warning-signs link
    assert "Mesoguide no es consejo médico." in spanish  # the footer
    assert "Una guía de seguridad independiente sobre la mesoterapia." in spanish  # print masthead
    english = render("404.html", "en")
    assert '<html lang="en">' in english
    assert ">Warning signs</a>" in english
    assert "Mesoguide is not medical advice." in english


def test_the_500_page_follows_the_language():
    spanish = render("500.html", "es")
    assert '<html lang="es">' in spanish
    assert "Lo sentimos, algo ha fallado" in spanish
    assert "112 en España" in spanish
    assert '<html lang="en">' in render("500.html", "en")


def test_review_dates_are_written_the_spanish_way():
    document = {
        "reviewed": datetime.date(2026, 3, 14),
        "next_review": datetime.date(2027, 3, 14),
        "changes": (),
    }
    html = render("includes/review_dates.html", "es", document=document)
    assert "Última revisión de la página:" in html
    assert "14 de marzo de 2026" in html
    assert "Ningún profesional sanitario ha revisado todavía esta página." in html
    assert "14 March 2026" in render("includes/review_dates.html", "en", document=document)


def test_checklist_form_messages_and_default_labels_in_spanish(small_site):
    checklist = checklists_in(small_site.root).definitions["practitioner"]
    with translation.override("es"):
        form = ChecklistForm(checklist, data={"who-injects": "no"})
        assert not form.is_valid()
        assert form.errors["sealed-needles"][0].startswith("Elija una respuesta para: ")
        assert str(checklist.level_labels["check"]) == "Compruebe antes"
    with translation.override("en"):
        form = ChecklistForm(checklist, data={"who-injects": "no"})
        assert not form.is_valid()
        assert form.errors["sealed-needles"][0].startswith("Choose an answer to: ")
        assert str(checklist.level_labels["check"]) == "Check first"


def test_tool_dates_print_in_the_page_language():
    field = Field(id="when", label="Date", type="date")
    with translation.override("es"):
        assert _display(field, datetime.date(2026, 3, 14)) == ("14 de marzo de 2026",)
    with translation.override("en"):
        assert _display(field, datetime.date(2026, 3, 14)) == ("14 March 2026",)
