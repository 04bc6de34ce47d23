"""In a real browser, another site can frame the warning-signs card and nothing else."""

import http.server
import threading

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def other_site(base_url):
    """A clinic's page on another origin (a real server: the browser treats a page answered
    by Playwright's router as public, and public pages may not frame a local address)."""
    body = (
        "<!doctype html><title>A clinic</title>"
        f'<iframe id="card" src="{base_url}/embed/warning-signs/"></iframe>'
        f'<iframe id="page" src="{base_url}/warning-signs/"></iframe>'
        f'<iframe id="home" src="{base_url}/"></iframe>'
    ).encode()

    class ClinicPage(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), ClinicPage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_only_the_embed_card_can_be_framed_by_another_site(browser, base_url, other_site):
    assert "127.0.0.1" not in base_url  # the clinic's page really is another origin
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(other_site, wait_until="load")
        card = page.frame_locator("#card")
        card.locator(".care-card--emergency").wait_for()
        assert card.locator('a[href^="tel:"]').count() >= 5
        # Every other page is refused: the browser shows its own error page in the frame.
        for frame_id in ["page", "home"]:
            frame = page.query_selector(f"#{frame_id}").content_frame()
            assert frame is not None
            assert not frame.url.startswith(base_url), (frame_id, frame.url)
            assert frame.query_selector(".site-header") is None
    finally:
        context.close()
