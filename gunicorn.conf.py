"""Settings of the web server, read by ``gunicorn "skm:create_app()"`` from the working directory.

Threaded workers with one thread each: keep-alive connections (a phone's GET of the form and the
POST after it) skip a TCP handshake and a worker's accept and close, which cost the resident path
a quarter of its CPU with sync workers, while one thread per process never waits for the GIL.
``worker_connections`` caps the connections one worker holds: without it, the first worker to
wake accepted 42 of 50 new connections and their requests queued behind each other (p99 of the
form POST 300–780 ms against 110–190 ms with the cap, in bench/respond_bench.py on 2 cores).
Beyond workers × worker_connections, connections wait in the listen backlog until a worker frees
a slot (an idle keep-alive connection is closed after ``keepalive`` seconds).

Each worker touches its heartbeat file on every turn of its loop: gunicorn's documentation advises
a tmpfs (/dev/shm) for it, where a disk-backed /tmp can stall a worker (inside containers above all).

The workers expect a buffering reverse proxy in front (nginx, a load balancer, the TLS
terminator) so that a slow phone connection does not hold a worker.
"""

import multiprocessing
import os

bind = os.environ.get("SKM_BIND", "0.0.0.0:8000")
worker_class = "gthread"
threads = 1
worker_connections = int(os.environ.get("SKM_WORKER_CONNECTIONS", "16"))
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * multiprocessing.cpu_count())
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
timeout = int(os.environ.get("SKM_WORKER_TIMEOUT", "30"))
loglevel = os.environ.get("SKM_LOG_LEVEL", "info")
accesslog = os.environ.get("SKM_ACCESS_LOG") or None
