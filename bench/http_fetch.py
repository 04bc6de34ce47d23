"""One HTTP request to 127.0.0.1, with the answer kept for the checks."""

import http.client
import urllib.parse
from dataclasses import dataclass

from machine import HOST


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)

    def headers_named(self, name: str) -> list[str]:
        name = name.lower()
        return [v for k, v in self.headers if k.lower() == name]


def fetch(
    url: str,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    timeout: float = 10.0,
) -> Response:
    """One request to 127.0.0.1 (refuses any other host)."""
    parts = urllib.parse.urlsplit(url)
    if parts.hostname not in {HOST, "localhost"}:
        raise ValueError(f"benchmarks only talk to {HOST}, not {parts.hostname}")
    conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout)
    try:
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return Response(resp.status, resp.getheaders(), resp.read())
    finally:
        conn.close()
