"""The page memo against Django's cache: what a lookup costs beside what a request costs.

The memo keeps each rendered public page in a dict inside the process. Django's cache would
let processes share pages (LocMemCache does not even do that; Redis does), at the price of a
pickle per hit and, for Redis, a network round trip. This measures, in one process:

- one request for an article through Django's full stack (middleware, memo hit);
- one dict lookup of that page (the memo);
- one LocMemCache get of the same page bytes and headers;
- one Redis get, when redis-server is installed (started on 127.0.0.1 for the run).

    .venv/bin/python bench/memo_vs_cache.py [--repeat 2000]
"""

import argparse
import os
import shutil
import subprocess
import sys
import time

import common

TARGET_SHARE = 0.05  # a cache worth using costs under 5% of a request


def _setup():
    sys.path.insert(0, str(common.ROOT))
    os.environ.update(common.production_env())
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"  # plain static storage
    import django

    django.setup()


def _per_call_us(fn, repeat: int) -> float:
    fn()
    started = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - started) / repeat * 1e6


def _redis_get_us(value, repeat: int) -> float | None:
    server = shutil.which("redis-server")
    if not server:
        return None
    port = common.free_port()
    proc = subprocess.Popen(
        [server, "--port", str(port), "--bind", common.HOST, "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        from django.core.cache.backends.redis import RedisCache

        cache = RedisCache(f"redis://{common.HOST}:{port}/0", {})
        for _ in range(50):
            try:
                cache.set("page", value)
                break
            except Exception:  # not listening yet
                time.sleep(0.1)
        return _per_call_us(lambda: cache.get("page"), repeat)
    finally:
        common.stop_group(proc)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2000)
    args = parser.parse_args(argv)
    _setup()
    from django.core.cache.backends.locmem import LocMemCache
    from django.test import Client

    from mesoguide import caching

    common.section("Page memo or Django's cache")
    client = Client(HTTP_HOST="127.0.0.1")
    path = "/articles/what-is-mesotherapy/"
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    request_us = _per_call_us(lambda: client.get(path), args.repeat // 4)
    key, value = next(iter(caching._memo.items()))
    memo_us = _per_call_us(lambda: caching._memo.get(key), args.repeat * 10)
    locmem = LocMemCache("bench", {})
    locmem.set("page", value)
    locmem_us = _per_call_us(lambda: locmem.get("page"), args.repeat)
    redis_us = _redis_get_us(value, args.repeat)
    rows = [
        ["request (Django stack, memo hit)", f"{request_us:,.1f}", "1.00"],
        ["memo: dict lookup", f"{memo_us:,.2f}", f"{memo_us / request_us:.3f}"],
        ["LocMemCache get (unpickles)", f"{locmem_us:,.1f}", f"{locmem_us / request_us:.3f}"],
    ]
    if redis_us is not None:
        rows.append(["Redis get (round trip)", f"{redis_us:,.1f}", f"{redis_us / request_us:.3f}"])
    print(f"page: {path}, {len(value[0]):,} bytes")
    print(common.table(["lookup", "µs per call", "x request"], rows, align="lrr"))
    share = memo_us / request_us
    print()
    print(
        f"Target: the page store costs < {TARGET_SHARE:.0%} of a request: memo {share:.1%}, "
        f"LocMemCache {locmem_us / request_us:.1%}"
        + (f", Redis {redis_us / request_us:.1%}" if redis_us is not None else "")
        + f" -> {common.verdict(share < TARGET_SHARE)}"
    )
    return 0 if share < TARGET_SHARE else 1


if __name__ == "__main__":
    sys.exit(common.run_script(main))
