"""Page weight: bytes on the wire and requests a first visit to each page costs.

For every page in the sitemap plus the index pages, each checklist form and its result
page (POST of valid answers), a search and the warning-signs page: fetch the HTML and
every subresource it references (stylesheets, scripts, images, icons) with
`Accept-Encoding: br, gzip` as a browser does, from gunicorn started as `make serve` starts
it (mesoguide/gunicorn.conf.py, production settings). The site compresses its own pages; whitenoise
serves the pre-compressed static files. Every byte read from the socket counts: status
line, headers and the body as sent.

Budget per page: < 50 KB (51,200 bytes) on the wire, <= 5 requests, 0 requests to other
hosts, 0 cookies. Exits 1 if any page is over budget. The aim is 30 KB.

    .venv/bin/python bench/page_weight.py
"""

import argparse
import gzip
import socket
import sys
import urllib.parse
from dataclasses import dataclass
from html.parser import HTMLParser

import brotli
import common

BUDGET_BYTES = 51_200
AIM_BYTES = 30_720
BUDGET_REQUESTS = 5
ACCEPT_ENCODING = "br, gzip"
LOCAL_HOSTS = {common.HOST, "localhost"}


@dataclass
class Wire:
    """One response as it crossed the socket."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes  # as sent (still compressed), transfer coding removed
    wire_bytes: int  # everything read: status line, headers, body

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def headers_named(self, name: str) -> list[str]:
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def decoded(self) -> bytes:
        encoding = self.header("Content-Encoding")
        if encoding == "br":
            return brotli.decompress(self.body)
        if encoding == "gzip":
            return gzip.decompress(self.body)
        return self.body


def _unchunk(data: bytes) -> bytes:
    out, rest = [], data
    while rest:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out.append(rest[:size])
        rest = rest[size + 2 :]
    return b"".join(out)


def wire_fetch(url: str, method: str = "GET", body: bytes = b"", headers=None) -> Wire:
    """A raw HTTP/1.1 request (Connection: close) to 127.0.0.1, counting every byte read."""
    parts = urllib.parse.urlsplit(url)
    if parts.hostname not in LOCAL_HOSTS:
        raise ValueError(f"benchmarks only talk to {common.HOST}, not {parts.hostname}")
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    lines = [f"{method} {target} HTTP/1.1", f"Host: {parts.netloc}", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    if body or method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    request = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
    chunks = []
    with socket.create_connection((parts.hostname, parts.port or 80), timeout=10) as sock:
        sock.sendall(request)
        while data := sock.recv(65536):
            chunks.append(data)
    raw = b"".join(chunks)
    head, _, content = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    parsed = [tuple(x.strip() for x in line.split(":", 1)) for line in header_lines if ":" in line]
    wire = Wire(int(status_line.split()[1]), parsed, content, len(raw))
    if (wire.header("Transfer-Encoding") or "").lower() == "chunked":
        wire.body = _unchunk(content)
    return wire


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
        return wire_fetch(base + path, headers=headers)
    return wire_fetch(
        base + path,
        method="POST",
        body=urllib.parse.urlencode(form).encode(),
        headers=headers | {"Content-Type": "application/x-www-form-urlencoded"},
    )


def _is_other_host(base: str, url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    return parts.hostname not in LOCAL_HOSTS or parts.port not in {
        None,
        urllib.parse.urlsplit(base).port,
    }


def weigh(base: str, path: str, form: dict[str, str] | None = None) -> dict:
    """One page's first-visit cost; with `form`, the page a POST of those answers returns."""
    headers = {"Accept-Encoding": ACCEPT_ENCODING}
    page = _fetch_page(base, path, headers, form)
    html = page.decoded()
    html_bytes = page.wire_bytes
    cookies = len(page.headers_named("Set-Cookie"))
    parser = Subresources()
    parser.feed(html.decode("utf-8", errors="replace"))
    other_hosts, sub_bytes, subs, failed = [], 0, [], []
    for ref in dict.fromkeys(parser.urls):
        if not ref or ref.startswith("data:"):
            continue
        url = urllib.parse.urljoin(base + path, ref)
        if _is_other_host(base, url):
            other_hosts.append(ref)
            continue
        resp = wire_fetch(url, headers=headers)
        subs.append((ref, resp.status, resp.wire_bytes, resp.header("Content-Encoding")))
        sub_bytes += resp.wire_bytes
        cookies += len(resp.headers_named("Set-Cookie"))
        if resp.status != 200:
            failed.append(f"{ref} -> {resp.status}")
    total = html_bytes + sub_bytes
    requests = 1 + len(subs) + len(other_hosts)
    over = []
    if page.status != 200:
        over.append(f"status {page.status}")
    elif form is not None and b'class="checklist-result' not in html:
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
        "html_raw": len(html),
        "html_wire": html_bytes,
        "encoding": page.header("Content-Encoding") or "none",
        "subs": subs,
        "sub_bytes": sub_bytes,
        "total": total,
        "requests": requests,
        "other_hosts": other_hosts,
        "cookies": cookies,
        "failed": failed,
        "over": over,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    common.section(
        f"Page weight: first visit on the wire, Accept-Encoding: {ACCEPT_ENCODING}, "
        "gunicorn as `make serve` runs it"
    )
    with common.Gunicorn(workers=2) as server:
        results = [weigh(server.base, path) for path in page_list(server.base)]
        # The result page a reader gets after answering a checklist (valid answers).
        for path in common.checklist_paths(server.base):
            slug = path.strip("/").split("/")[-1]
            results.append(weigh(server.base, path, common.checklist_answers(slug)))
        favicon = wire_fetch(server.url("/favicon.ico"), headers={"Accept-Encoding": "br"})

    rows = [
        [
            r["path"], r["status"], f"{r['html_raw']:,}", r["encoding"], f"{r['html_wire']:,}",
            len(r["subs"]), f"{r['sub_bytes']:,}", f"{r['total']:,}", r["requests"],
            len(r["other_hosts"]), r["cookies"],
            "ok" if not r["over"] else "OVER: " + ", ".join(r["over"]),
        ]
        for r in results
    ]  # fmt: skip
    print(
        common.table(
            ["page", "status", "HTML bytes", "encoding", "HTML wire", "subres", "subres wire",
             "total wire", "requests", "other hosts", "cookies", "budget"],
            rows,
            align="lrrlrrrrrrrl",
        )
    )  # fmt: skip
    print()
    print(
        "wire = every byte read from the socket (status line, headers, body as sent). "
        "HTML bytes = the page uncompressed."
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
            f"{favicon.wire_bytes:,} bytes (no <link rel=icon>, so browsers ask for it)"
        )
    for r in results:
        for ref in r["other_hosts"]:
            print(f"  OTHER HOST on {r['path']}: {ref}")
        for line in r["failed"]:
            print(f"  BROKEN on {r['path']}: {line}")
        if r["encoding"] == "none" and r["html_raw"] >= 1000:
            print(f"  NOT COMPRESSED: {r['path']}")
    heaviest = max(results, key=lambda r: r["total"])
    most = max(results, key=lambda r: r["requests"])
    over = [r for r in results if r["over"]]
    over_aim = [r for r in results if r["total"] >= AIM_BYTES]
    print()
    print(
        f"heaviest page: {heaviest['path']} {heaviest['total']:,} bytes; most requests: "
        f"{most['path']} {most['requests']}; {len(over_aim)} pages above the "
        f"{AIM_BYTES:,}-byte aim"
    )
    print(
        f"Target: every page < {BUDGET_BYTES:,} bytes on the wire, <= {BUDGET_REQUESTS} "
        f"requests, 0 other hosts, 0 cookies ({len(results)} pages): "
        f"{len(over)} over -> {common.verdict(not over)}"
    )
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(common.run_script(main))
