"""An article page through a caching reverse proxy (nginx), against nginx serving a file.

This is what a CDN in front of the site does: the page's own Cache-Control decides what
is cached (no `proxy_cache_valid` forcing), so the measurement also checks those headers.
Target: the cached article serves at least 0.5 x the requests/sec of a static file.

    .venv/bin/python bench/cdn_proxy.py [--seconds 10] [--connections 32]
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import common

TARGET_RATIO = 0.5

NGINX_CONF = """\
daemon off;
master_process on;
worker_processes {workers};
{user}
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;

events {{
    worker_connections 1024;
}}

http {{
    access_log off;
    default_type application/octet-stream;
    sendfile on;
    keepalive_timeout 30;
    keepalive_requests 100000;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy_temp;
    fastcgi_temp_path {tmp}/fastcgi_temp;
    uwsgi_temp_path {tmp}/uwsgi_temp;
    scgi_temp_path {tmp}/scgi_temp;

    proxy_cache_path {tmp}/cache levels=1:2 keys_zone=pages:10m max_size=100m inactive=10m
                     use_temp_path=off;

    upstream site {{
        server 127.0.0.1:{upstream_port};
    }}

    server {{
        listen 127.0.0.1:{port};
        server_name localhost;

        # Files on disk, served by nginx itself: the ceiling for anything nginx serves.
        location /static-file/ {{
            alias {tmp}/www/;
            types {{ text/css css; text/html html; }}
        }}

        # Everything else goes to gunicorn through the cache. How long a response is kept
        # comes only from the upstream's Cache-Control (no proxy_cache_valid here).
        location / {{
            proxy_pass http://site;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_cache pages;
            proxy_cache_lock on;
            proxy_cache_use_stale updating error timeout;
            proxy_cache_background_update on;
            add_header X-Cache-Status $upstream_cache_status always;
        }}
    }}
}}
"""


class Nginx:
    """`with Nginx(upstream_port) as proxy:` a throw-away nginx in a temp directory."""

    def __init__(self, upstream_port: int, workers: int = 2):
        self.upstream_port = upstream_port
        self.workers = workers
        self.port = common.free_port()
        self.base = f"http://{common.HOST}:{self.port}"
        self.tmp = None
        self.proc = None

    def __enter__(self):
        nginx = common.find_tool("nginx")
        if nginx is None:
            raise FileNotFoundError("nginx")
        self.tmp = Path(tempfile.mkdtemp(prefix="mesoguide-nginx-"))
        try:
            www = self.tmp / "www"
            www.mkdir()
            shutil.copyfile(common.ROOT / "static" / "css" / "site.css", www / "site.css")
            user = ""
            if os.geteuid() == 0:
                # nginx drops its workers to an unprivileged user; let it read the temp dir.
                user = "user nobody nogroup;"
                for path in (self.tmp, www, www / "site.css"):
                    path.chmod(0o755 if path.is_dir() else 0o644)
            conf = self.tmp / "nginx.conf"
            conf.write_text(
                NGINX_CONF.format(
                    tmp=self.tmp,
                    port=self.port,
                    upstream_port=self.upstream_port,
                    workers=self.workers,
                    user=user,
                )
            )
            test = subprocess.run(
                [nginx, "-t", "-q", "-p", str(self.tmp), "-e", str(self.tmp / "error.log"),
                 "-c", str(conf)],
                capture_output=True, text=True, timeout=30,
            )  # fmt: skip
            if test.returncode:
                raise RuntimeError(f"nginx -t failed:\n{test.stderr}")
            self.proc = subprocess.Popen(
                [nginx, "-p", str(self.tmp), "-e", str(self.tmp / "error.log"), "-c", str(conf)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            common.wait_until_up(self.base + "/static-file/site.css", self.proc)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc):
        if self.proc is not None:
            # SIGTERM to the group = fast shutdown of master and workers.
            common.stop_group(self.proc)
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def error_log(self) -> str:
        try:
            return (self.tmp / "error.log").read_text()[-2000:]
        except OSError:
            return ""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10, help="per measurement (default 10)")
    parser.add_argument("--connections", type=int, default=32, help="concurrent (default 32)")
    parser.add_argument(
        "--rounds", type=int, default=2, help="alternate the measurements this many times"
    )
    args = parser.parse_args(argv)

    common.section("CDN-style caching proxy: nginx proxy_cache in front of gunicorn")
    if common.find_tool("nginx") is None:
        print("SKIPPED: nginx is missing (apt-get install -y nginx-light).")
        return 2
    tool = common.load_tool_name()
    print(f"load generator: {tool}; {args.connections} connections, {args.seconds:g} s each")

    with common.Gunicorn(workers=2) as server, Nginx(server.port) as proxy:
        article = common.pick_article(server.base)

        # Does the proxy cache the page, going only by the page's own headers?
        first = common.fetch(proxy.base + article)
        time.sleep(0.2)
        second = common.fetch(proxy.base + article)
        hit = second.header("X-Cache-Status") == "HIT"
        print()
        print(f"article {article}")
        print(f"  Cache-Control from the site: {first.header('Cache-Control')}")
        print(f"  ETag: {first.header('ETag')}   Last-Modified: {first.header('Last-Modified')}")
        print(
            f"  Vary: {first.header('Vary')}   Set-Cookie: {first.header('Set-Cookie') or 'none'}"
        )
        print(
            f"  1st request: {first.status} X-Cache-Status: {first.header('X-Cache-Status')}; "
            f"2nd request: {second.status} X-Cache-Status: {second.header('X-Cache-Status')}"
            f" -> cached: {'yes (HIT)' if hit else 'NO'}"
        )
        checklist = common.checklist_paths(server.base)[:1]
        for path in checklist:
            common.fetch(proxy.base + path)
            again = common.fetch(proxy.base + path)
            print(
                f"  private page {path}: 2nd request X-Cache-Status: "
                f"{again.header('X-Cache-Status')} (must not be HIT; "
                f"Cache-Control: {again.header('Cache-Control')})"
            )
            if again.header("X-Cache-Status") == "HIT":
                print("  WARNING: a no-store page was served from the cache")
                hit = False

        # Every worker (and every instance) must send the same validator for the same page,
        # or a CDN's revalidations miss whenever they land on another worker.
        etags = {common.fetch(server.url(article)).header("ETag") for _ in range(8)}
        print(f"  ETag from gunicorn over 8 direct requests (2 workers): {len(etags)} distinct")
        etag = next(iter(etags))
        if etag:
            revalidated = common.fetch(server.url(article), headers={"If-None-Match": etag})
            print(f"  revalidation with If-None-Match at gunicorn: {revalidated.status}")

        # The same page bytes as a plain file: separates "proxy cache" cost from "size" cost.
        copy = proxy.tmp / "www" / "article.html"
        copy.write_bytes(second.body)
        copy.chmod(0o644)

        runs = [
            ("static file from disk (nginx)", "/static-file/site.css"),
            ("article via caching proxy", article),
            ("(diagnostic) article bytes as a file", "/static-file/article.html"),
        ]
        # A short untimed run first, so no measurement pays for a cold start.
        common.run_load(proxy.base, article, connections=args.connections, seconds=1)
        by_path = common.run_interleaved(
            proxy.base, [p for _, p in runs], args.seconds, rounds=args.rounds,
            connections=args.connections,
        )  # fmt: skip
        results = {label: by_path[path] for label, path in runs}
        after = common.fetch(proxy.base + article)
        sizes = {
            "/static-file/site.css": len(common.fetch(proxy.base + "/static-file/site.css").body),
            article: len(after.body),
            "/static-file/article.html": len(second.body),
        }
        print()
        print(
            common.table(
                [
                    "what",
                    "path",
                    "bytes",
                    "req/s",
                    "p50 ms",
                    "p99 ms",
                    "requests",
                    "non-2xx",
                    "sock err",
                ],
                [
                    [
                        label,
                        path,
                        f"{sizes[path]:,}",
                        f"{r.rps:,.0f}",
                        f"{r.p50_ms:.2f}",
                        f"{r.p99_ms:.2f}",
                        r.requests,
                        r.non_2xx_3xx,
                        r.errors,
                    ]
                    for (label, path), r in zip(runs, results.values(), strict=True)
                ],
                align="llrrrrrrr",
            )
        )
        static = results[runs[0][0]]
        cached = results[runs[1][0]]
        same_bytes = results[runs[2][0]]
        ratio = cached.rps / static.rps if static.rps else 0.0
        met = ratio >= TARGET_RATIO
        print()
        print(f"proxy cache status after the run: {after.header('X-Cache-Status')}")
        print(
            f"cached article vs the same bytes served as a file: "
            f"{cached.rps / same_bytes.rps if same_bytes.rps else 0:.2f} x "
            "(how much of the gap is the cache itself rather than the page's size)"
        )
        print(
            f"Target: cached article >= {TARGET_RATIO} x static file: {ratio:.2f} x -> "
            f"{common.verdict(met)}"
        )
        print(f"Target: the proxy HITs on the second request -> {common.verdict(hit)}")
        bad = sum(r.non_2xx_3xx + r.errors for r in results.values())
        if bad:
            print(f"WARNING: {bad} failed requests. nginx error log:\n{proxy.error_log()}")
    return 0 if met and hit and not bad else 1


if __name__ == "__main__":
    sys.exit(common.run_script(main))
