"""gunicorn settings shared by `make serve`, README's Production command and bench/.

gunicorn reads this file from the working directory by default; the commands also name it
(`--config mesoguide/gunicorn.conf.py`) so it is plain where the settings come from. Command-line
options (`--workers`, `--bind`) win over it.

Why threads: a sync worker is busy for as long as one client takes to send its request, so
two clients trickling a byte every 2 s made a 2-worker site unreachable. A gthread worker
waits for new connections and idle keep-alive connections in one poller and hands a
connection to a thread only when bytes arrive; a client that trickles its headers or body
holds one thread, not the worker. With 32 threads per worker even 16 slow clients on the
same worker leave 16 threads for everyone else (bench/slow_clients.py measures it). The
site's views do no I/O (content is in memory), so threads cost little; they share one CPU
per process, so throughput still comes from the number of workers.

Beyond a few dozen hostile connections per worker, put a buffering proxy in front (nginx,
a load balancer or a CDN: README, Production), which holds slow clients itself.
"""

worker_class = "gthread"
threads = 32
workers = 2
# Idle keep-alive connections wait in the poller (no thread) for at most this long.
keepalive = 5
# A worker that stops answering its arbiter (not a slow client) is restarted after this.
timeout = 30
graceful_timeout = 10
# gunicorn's defaults, written out: a request line, header count and header size cap.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
