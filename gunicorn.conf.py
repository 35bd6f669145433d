"""Settings of the web server, read by ``gunicorn "skm:create_app()"`` from the working directory.

Sync workers, one request at a time each: a request never waits for the GIL behind another
thread of its worker, and requests beyond the workers queue in the listen backlog in arrival
order. In bench/respond_bench.py (50 concurrent clients, 2 cores) this halved the p99 latency
of gthread workers (4 × 4 threads) at the same throughput. Sync workers expect a buffering
reverse proxy in front (nginx, a load balancer, the TLS terminator) so that a slow phone
connection does not hold a worker.
"""

import multiprocessing
import os

bind = os.environ.get("SKM_BIND", "0.0.0.0:8000")
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * multiprocessing.cpu_count())
timeout = int(os.environ.get("SKM_WORKER_TIMEOUT", "30"))
loglevel = os.environ.get("SKM_LOG_LEVEL", "info")
accesslog = os.environ.get("SKM_ACCESS_LOG") or None
