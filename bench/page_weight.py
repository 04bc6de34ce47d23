"""Page weight: bytes and requests a first visit to each page costs, with brotli.

For every page in the sitemap plus the index pages, each checklist form and its result
page (POST of valid answers), a search and the warning-signs page: fetch the HTML and
every subresource it references (stylesheets, scripts, images, icons) with
`Accept-Encoding: br`, from gunicorn with production settings (whitenoise serves the
pre-compressed static files).

Budget per page: < 50 KB (51,200 bytes) transferred, <= 5 requests, 0 requests to other
hosts, 0 cookies. Exits 1 if any page is over budget.

    .venv/bin/python bench/page_weight.py
"""

import argparse
import sys
import urllib.parse
from html.parser import HTMLParser

import brotli
import common

BUDGET_BYTES = 51_200
BUDGET_REQUESTS = 5
# A CDN or proxy compressing the HTML on the fly (e.g. nginx's brotli module by default).
HTML_BROTLI_QUALITY = 6
LOCAL_HOSTS = {common.HOST, "localhost"}


class Subresources(HTMLParser):
    """URLs a browser fetches to show the page (not links the reader may follow)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        rel = set(a.get("rel", "").lower().split())
        if tag == "link" and rel & {"stylesheet", "icon", "preload", "modulepreload",
                                    "manifest", "apple-touch-icon"}:  # fmt: skip
            self.urls.append(a.get("href", ""))
        elif tag in {"script", "img", "iframe", "audio", "video", "source", "embed"}:
            if a.get("src"):
                self.urls.append(a["src"])
            for candidate in a.get("srcset", "").split(","):
                if candidate.strip():
                    self.urls.append(candidate.split()[0])
        elif tag == "object" and a.get("data"):
            self.urls.append(a["data"])


def page_list(base: str) -> list[str]:
    paths = common.sitemap_paths(base)
    extra = ["/", "/articles/", "/checklists/", *common.checklist_paths(base)]
    extra += ["/search/?q=infection", "/warning-signs/"]
    return list(dict.fromkeys(paths + extra))


def _fetch_page(base: str, path: str, headers: dict, form: dict[str, str] | None):
    if form is None:
        return common.fetch(base + path, headers=headers)
    body = urllib.parse.urlencode(form).encode()
    return common.fetch(
        base + path,
        method="POST",
        body=body,
        headers=headers | {"Content-Type": "application/x-www-form-urlencoded"},
    )


def _is_other_host(base: str, url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    return parts.hostname not in LOCAL_HOSTS or parts.port not in {
        None,
        urllib.parse.urlsplit(base).port,
    }


def _html_sizes(page, notes: list[str]) -> tuple[int, int]:
    """(bytes on the wire with brotli, bytes of HTML)."""
    if page.header("Content-Encoding") == "br":
        return len(page.body), len(brotli.decompress(page.body))
    notes.append("html-br-computed")
    return len(brotli.compress(page.body, quality=HTML_BROTLI_QUALITY)), len(page.body)


def weigh(base: str, path: str, form: dict[str, str] | None = None) -> dict:
    """One page's first-visit cost; with `form`, the page a POST of those answers returns."""
    headers = {"Accept-Encoding": "br"}
    page = _fetch_page(base, path, headers, form)
    notes = []
    html_bytes, html_raw = _html_sizes(page, notes)
    cookies = len(page.headers_named("Set-Cookie"))
    parser = Subresources()
    parser.feed(page.body.decode("utf-8", errors="replace"))
    other_hosts, sub_bytes, subs, failed = [], 0, [], []
    for ref in dict.fromkeys(parser.urls):
        if not ref or ref.startswith("data:"):
            continue
        url = urllib.parse.urljoin(base + path, ref)
        if _is_other_host(base, url):
            other_hosts.append(ref)
            continue
        resp = common.fetch(url, headers=headers)
        subs.append((ref, resp.status, len(resp.body), resp.header("Content-Encoding")))
        sub_bytes += len(resp.body)
        cookies += len(resp.headers_named("Set-Cookie"))
        if resp.status != 200:
            failed.append(f"{ref} -> {resp.status}")
    total = html_bytes + sub_bytes
    requests = 1 + len(subs) + len(other_hosts)
    over = []
    if page.status != 200:
        over.append(f"status {page.status}")
    elif form is not None and b'class="checklist-result' not in page.body:
        over.append("answers rejected, no result")
    if total >= BUDGET_BYTES:
        over.append("bytes")
    if requests > BUDGET_REQUESTS:
        over.append("requests")
    if other_hosts:
        over.append("other hosts")
    if cookies:
        over.append("cookies")
    if failed:
        over.append("broken subresource")
    return {
        "path": f"{path} (POST, result)" if form is not None else path,
        "status": page.status,
        "html_raw": html_raw,
        "html_br": html_bytes,
        "subs": subs,
        "sub_bytes": sub_bytes,
        "total": total,
        "requests": requests,
        "other_hosts": other_hosts,
        "cookies": cookies,
        "failed": failed,
        "over": over,
        "notes": notes,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    common.section("Page weight: first visit, Accept-Encoding: br, production settings")
    with common.Gunicorn(workers=2) as server:
        results = [weigh(server.base, path) for path in page_list(server.base)]
        # The result page a reader gets after answering a checklist (valid answers).
        for path in common.checklist_paths(server.base):
            slug = path.strip("/").split("/")[-1]
            results.append(weigh(server.base, path, common.checklist_answers(slug)))
        favicon = common.fetch(server.url("/favicon.ico"), headers={"Accept-Encoding": "br"})

    rows = [
        [
            r["path"], r["status"], f"{r['html_raw']:,}", f"{r['html_br']:,}", len(r["subs"]),
            f"{r['sub_bytes']:,}", f"{r['total']:,}", r["requests"], len(r["other_hosts"]),
            r["cookies"], "ok" if not r["over"] else "OVER: " + ", ".join(r["over"]),
        ]
        for r in results
    ]  # fmt: skip
    print(
        common.table(
            [
                "page",
                "status",
                "HTML bytes",
                "HTML br",
                "subres",
                "subres br",
                "total br",
                "requests",
                "other hosts",
                "cookies",
                "budget",
            ],
            rows,
            align="lrrrrrrrrrl",
        )
    )
    print()
    if any("html-br-computed" in r["notes"] for r in results):
        print(
            "HTML size = brotli-compressed (quality "
            f"{HTML_BROTLI_QUALITY}) as a CDN/proxy would send it: gunicorn sends the HTML "
            "uncompressed (no GZip/brotli middleware); static files are whitenoise's .br files."
        )
    first = next((r for r in results if r["subs"]), None)
    if first:
        print("subresources (as on every page):")
        for ref, status, size, encoding in first["subs"]:
            print(f"  {ref}  {status}  {size:,} bytes  Content-Encoding: {encoding or 'none'}")
    has_icon_link = bool(first) and any("favicon" in ref for ref, *_ in first["subs"])
    if not has_icon_link:
        print(
            f"not counted: the browser's implicit /favicon.ico request -> {favicon.status}, "
            f"{len(favicon.body):,} bytes (no <link rel=icon>, so browsers ask for it)"
        )
    for r in results:
        for ref in r["other_hosts"]:
            print(f"  OTHER HOST on {r['path']}: {ref}")
        for line in r["failed"]:
            print(f"  BROKEN on {r['path']}: {line}")
    heaviest = max(results, key=lambda r: r["total"])
    most = max(results, key=lambda r: r["requests"])
    over = [r for r in results if r["over"]]
    print()
    print(
        f"heaviest page: {heaviest['path']} {heaviest['total']:,} bytes; most requests: "
        f"{most['path']} {most['requests']}"
    )
    print(
        f"Target: every page < {BUDGET_BYTES:,} bytes, <= {BUDGET_REQUESTS} requests, "
        f"0 other hosts, 0 cookies ({len(results)} pages): "
        f"{len(over)} over -> {common.verdict(not over)}"
    )
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(common.run_script(main))
