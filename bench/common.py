"""The benchmarks' shared helpers, gathered from the modules that do each job.

Everything talks only to 127.0.0.1. Servers are started in their own process group and
always stopped (terminate, then kill) when the `with` block ends, even on error. Every load
loop is bounded both in time and in number of requests.

machine.py     paths, tools, free ports, memory and CPU facts
report.py      sections, verdicts, tables, the script wrapper
http_fetch.py  one request, with the answer kept
servers.py     production-like gunicorn, collectstatic, stopping process groups
site_pages.py  which pages to measure (sitemap, checklists)
loadgen.py     wrk or a bounded Python load, rounds merged (wrk_load.py, python_load.py,
               load_types.py hold the generators and what they measure)
"""

from http_fetch import *  # noqa: F403
from loadgen import *  # noqa: F403
from machine import *  # noqa: F403
from report import *  # noqa: F403
from servers import *  # noqa: F403
from site_pages import *  # noqa: F403
