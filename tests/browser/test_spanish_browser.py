"""The Spanish edition in a real browser: axe finds nothing, forms work, nothing loads elsewhere."""

import pytest

from .helpers import goto, scan

pytestmark = pytest.mark.browser

SUBMIT = "Ver mi resultado"


def _assert_clean(reports):
    reports = [r for r in reports if r]
    assert not reports, "\n\n".join(reports)


def test_spanish_checklist_error_state_and_result_pass_axe(page, base_url, outside_requests):
    goto(page, base_url + "/es/listas/su-salud/")
    reports = [scan(page, "/es/listas/su-salud/")]
    with page.expect_navigation():
        page.get_by_role("button", name=SUBMIT).click()
    page.locator(".error-summary").wait_for()
    assert "Hay un problema" in page.locator(".error-summary").inner_text()
    reports.append(scan(page, "/es/listas/su-salud/ submitted empty"))
    for fieldset in page.locator("fieldset").all():
        fieldset.locator("input[type=radio]").first.check()
    with page.expect_navigation():
        page.get_by_role("button", name=SUBMIT).click()
    page.locator("h1.verdict").wait_for()
    assert page.evaluate("document.documentElement.lang") == "es"
    reports.append(scan(page, "/es/listas/su-salud/ result"))
    _assert_clean(reports)
    assert outside_requests == []


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/es/buscar/?q=infeccion", 200),
        ("/es/despues-del-tratamiento/registro/en-blanco/", 200),
        ("/es/despues-del-tratamiento/nota-para-el-medico/", 200),
        ("/es/no-existe/", 404),
    ],
)
def test_spanish_search_tools_and_404_pass_axe(page, base_url, path, status):
    goto(page, base_url + path, status=status)
    assert page.evaluate("document.documentElement.lang") == "es"
    _assert_clean([scan(page, path)])


def test_the_language_link_is_reachable_by_keyboard_and_leads_to_the_english(page, base_url):
    goto(page, base_url + "/es/articulos/infecciones-lentas/")
    link = page.locator(".site-header__language")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/articles/slow-infections/")
    assert page.evaluate("document.documentElement.lang") == "en"
