"""Instructions per resident completion, counted by valgrind: an A/B tool that machine noise cannot blur.

Wall-clock figures on this 2-core machine swing by a factor of 1.5 within minutes, so a change of
a few percent cannot be seen in bench/respond_bench.py. This counts the CPU instructions the
application executes for one resident (GET the form with no cookie, POST it with its CSRF token
and nonce, get the thank-you page) by calling the WSGI application in-process under
``valgrind --tool=callgrind``, against the bare Flask INSERT view (bench/bare_app.py) counted
the same way. Each figure is the difference of two runs (``--few`` and ``--few + --more``
residents), which cancels start-up. Needs valgrind (``make bench-tools``). The counts leave out
the web server, the kernel and PostgreSQL's own work.

    .venv/bin/python -m bench.respond_instructions [--few 20] [--more 200]
"""

from __future__ import annotations

import argparse
import io
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from bench.respond_bench import ROOT, database_url, seed

CSRF = re.compile(rb'name="csrf_token" value="([^"]+)"')
NONCE = re.compile(rb'name="nonce" value="([^"]+)"')
ANSWERS = "&".join(f"U{i}={i % 4 + 1}" for i in range(1, 10))
COLLECTED = re.compile(r"Collected : (\d+)")


def environ(method: str, path: str, cookie: str | None = None, body: bytes = b"") -> dict:
    """A WSGI environ as gunicorn builds it for a plain HTTP/1.1 request."""
    env = {"REQUEST_METHOD": method, "SCRIPT_NAME": "", "PATH_INFO": path, "QUERY_STRING": "",
           "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1",
           "REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": "127.0.0.1:8000", "wsgi.version": (1, 0),
           "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(body), "wsgi.errors": sys.stderr,
           "wsgi.multithread": False, "wsgi.multiprocess": True, "wsgi.run_once": False}
    if cookie:
        env["HTTP_COOKIE"] = cookie
    if body:
        env.update(CONTENT_TYPE="application/x-www-form-urlencoded", CONTENT_LENGTH=str(len(body)))
    return env


def call(app, env: dict) -> tuple[str, dict, bytes]:
    answer: dict = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=status, headers=dict(headers))

    body = b"".join(app(env, start_response))
    return answer["status"], answer["headers"], body


def resident(app, path: str) -> None:
    """One resident: the form with no cookie, then its POST; fails loudly unless thanked."""
    status, headers, page = call(app, environ("GET", path))
    cookie = headers["Set-Cookie"].split(";", 1)[0]
    form = f"{ANSWERS}&csrf_token={CSRF.search(page)[1].decode()}&nonce={NONCE.search(page)[1].decode()}"
    status, _, thanks = call(app, environ("POST", path, cookie, form.encode()))
    if not status.startswith("200") or b"Terima kasih" not in thanks:
        raise SystemExit(f"the resident path answered {status}")


def bare(app, index: int) -> None:
    """One POST of the bare INSERT view, with a nonce of its own."""
    form = f"{ANSWERS}&nonce=i{os.getpid()}x{index:014d}"
    status, _, _ = call(app, environ("POST", "/bare", body=form.encode()))
    if not status.startswith("200"):
        raise SystemExit(f"the bare view answered {status}")


def run(kind: str, path: str, count: int) -> None:
    """The child run under valgrind: build the app, warm it up, then ``count`` requests."""
    if kind == "app":
        from skm import create_app

        app = create_app()
        for _ in range(10 + count):
            resident(app, path)
    else:
        from bench.bare_app import create_bare_app

        app = create_bare_app()
        for index in range(10 + count):
            bare(app, index)


def counted(kind: str, path: str, count: int, env: dict) -> int:
    """Instructions of one child process running ``count`` requests under callgrind."""
    output = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-m",
         "bench.respond_instructions", "--child", kind, path, str(count)],
        env=env, cwd=ROOT, capture_output=True, text=True)
    found = COLLECTED.search(output.stderr)
    if output.returncode or not found:
        raise SystemExit(f"valgrind run failed:\n{output.stderr[-2000:]}")
    return int(found[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--few", type=int, default=20)
    parser.add_argument("--more", type=int, default=200)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, path, count = args.child
        return run(kind, path, int(count))
    url = database_url()
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench-secret", "PYTHONDONTWRITEBYTECODE": "",
           "SKM_OPEN_LINK_RATE_LIMIT": "1000000/minute", "SKM_INSTANCE_PATH": "/tmp/skm-bench-instance",
           "PYTHONPATH": str(ROOT), "REDIS_URL": os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/11")}
    ids = seed(env)
    env.update({k: v for k, v in ids.items() if k.startswith("BENCH_")})
    runs = [(kind, count) for kind in ("app", "bare") for count in (args.few, args.few + args.more)]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        totals = dict(zip(runs, pool.map(lambda r: counted(r[0], ids["path"], r[1], env), runs), strict=True))
    app, bare_post = ((totals[(kind, args.few + args.more)] - totals[(kind, args.few)]) / args.more
                      for kind in ("app", "bare"))
    print(f"resident path (GET form + POST + thank-you): {app / 1e6:.2f} M instructions per completion")
    print(f"bare Flask INSERT view: {bare_post / 1e6:.2f} M instructions per POST")
    print(f"a resident completion costs {app / bare_post:.2f} bare INSERT POSTs (in-process, no web server)")


if __name__ == "__main__":
    main()
