"""Instructions per resident completion, counted by valgrind: an A/B tool that machine noise cannot blur.

Wall-clock figures on this 2-core machine swing by a factor of 1.5 within minutes, so a change of
a few percent cannot be seen in bench/respond_bench.py. This counts the CPU instructions the
application executes for one resident (GET the form with no cookie, POST it with its CSRF token
and nonce, get the thank-you page) by calling the WSGI application in-process under
``valgrind --tool=callgrind``, against the bare Flask INSERT view (bench/bare_app.py) counted
the same way. Each figure is the difference of two runs (``--few`` and ``--few + --more``
residents), which cancels start-up. Needs valgrind (``make bench-tools``). The counts leave out
the web server, the kernel and PostgreSQL's own work.

With ``--api`` it counts instead one POST of a response through the API with a bearer token (the
request of bench/api_respond_bench.py) against the bare view reading the same JSON.

    .venv/bin/python -m bench.respond_instructions [--few 20] [--more 200] [--api]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from bench.api_respond_bench import DB_NAME as API_DB_NAME
from bench.api_respond_bench import seed_api
from bench.figures import Comparison
from bench.respond_bench import DB_NAME, ROOT, bench_env, seed
from bench.scratch import fresh_database

CSRF = re.compile(rb'name="csrf_token" value="([^"]+)"')
NONCE = re.compile(rb'name="nonce" value="([^"]+)"')
ANSWERS = "&".join(f"U{i}={i % 4 + 1}" for i in range(1, 10))
API_BODY = json.dumps({"answers": {f"U{i}": i % 4 + 1 for i in range(1, 10)}}).encode()
FORM = "application/x-www-form-urlencoded"
COLLECTED = re.compile(r"Collected : (\d+)")


def environ(method: str, path: str, cookie: str | None = None, body: bytes = b"", content_type: str = FORM) -> dict:
    """A WSGI environ as gunicorn builds it for a plain HTTP/1.1 request."""
    env = {"REQUEST_METHOD": method, "SCRIPT_NAME": "", "PATH_INFO": path, "QUERY_STRING": "",
           "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1",
           "REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": "127.0.0.1:8000", "wsgi.version": (1, 0),
           "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(body), "wsgi.errors": sys.stderr,
           "wsgi.multithread": False, "wsgi.multiprocess": True, "wsgi.run_once": False}
    if cookie:
        env["HTTP_COOKIE"] = cookie
    if body:
        env.update(CONTENT_TYPE=content_type, CONTENT_LENGTH=str(len(body)))
    return env


def call(app, env: dict) -> tuple[str, dict, bytes]:
    answer: dict = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=status, headers=dict(headers))

    body = b"".join(app(env, start_response))
    return answer["status"], answer["headers"], body


def resident(app, path: str, index: int) -> None:
    """One resident: the form with no cookie, then its POST; fails loudly unless thanked."""
    status, headers, page = call(app, environ("GET", path))
    cookie = headers["Set-Cookie"].split(";", 1)[0]
    form = f"{ANSWERS}&csrf_token={CSRF.search(page)[1].decode()}&nonce={NONCE.search(page)[1].decode()}"
    status, _, thanks = call(app, environ("POST", path, cookie, form.encode()))
    if not status.startswith("200") or b"Terima kasih" not in thanks:
        raise SystemExit(f"the resident path answered {status}")


def bare(app, path: str, index: int) -> None:
    """One POST of the bare INSERT view, with a nonce of its own."""
    form = f"{ANSWERS}&nonce=i{os.getpid()}x{index:014d}"
    status, _, _ = call(app, environ("POST", "/bare", body=form.encode()))
    if not status.startswith("200"):
        raise SystemExit(f"the bare view answered {status}")


def api_post(app, path: str, index: int) -> None:
    """One response POSTed through the API with the bench's bearer token."""
    env = environ("POST", path, body=API_BODY, content_type="application/json")
    env["HTTP_AUTHORIZATION"] = f"Bearer {os.environ['BENCH_TOKEN']}"
    status, _, body = call(app, env)
    if not status.startswith("201"):
        raise SystemExit(f"the API answered {status}: {body[:300]!r}")


def bare_json(app, path: str, index: int) -> None:
    """One POST of the bare INSERT view reading the API's JSON body."""
    status, _, _ = call(app, environ("POST", "/bare.json", body=API_BODY, content_type="application/json"))
    if not status.startswith("201"):
        raise SystemExit(f"the bare view answered {status}")


def _skm_app():
    from skm import create_app

    return create_app()


def _bare_app():
    from bench.bare_app import create_bare_app

    return create_bare_app()


#: what each kind of child run serves (an app factory) and sends (one request)
KINDS = {"app": (_skm_app, resident), "bare": (_bare_app, bare), "api": (_skm_app, api_post),
         "bare_json": (_bare_app, bare_json)}


def run(kind: str, path: str, count: int) -> None:
    """The child run under valgrind: build the app, warm it up, then ``count`` requests."""
    factory, send = KINDS[kind]
    app = factory()
    for index in range(10 + count):
        send(app, path, index)


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


def main(argv: list[str] | None = None) -> list[Comparison]:
    """Print the report; return the count against the bare view's (bench/figures.py)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--few", type=int, default=20)
    parser.add_argument("--more", type=int, default=200)
    parser.add_argument("--api", action="store_true", help="count the API POST of a response instead")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, path, count = args.child
        run(kind, path, int(count))
        return []
    url = fresh_database(API_DB_NAME if args.api else DB_NAME)
    env = {**bench_env(url), "PYTHONDONTWRITEBYTECODE": ""}
    ids = seed_api(env) if args.api else seed(env)
    env.update({k: v for k, v in ids.items() if k.startswith("BENCH_")})
    kinds, path = (("api", "bare_json"), ids["api_path"]) if args.api else (("app", "bare"), ids["path"])
    runs = [(kind, count) for kind in kinds for count in (args.few, args.few + args.more)]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        totals = dict(zip(runs, pool.map(lambda r: counted(r[0], path, r[1], env), runs), strict=True))
    app, bare_post = ((totals[(kind, args.few + args.more)] - totals[(kind, args.few)]) / args.more for kind in kinds)
    if args.api:
        print(f"API POST of a response (bearer token, JSON): {app / 1e6:.2f} M instructions per request")
        print(f"bare Flask INSERT view reading the same JSON: {bare_post / 1e6:.2f} M instructions per POST")
        print(f"an API POST costs {app / bare_post:.2f} bare INSERT POSTs (in-process, no web server)")
        return [Comparison("API POST of a response", app / 1e6, "bare INSERT view (JSON)", bare_post / 1e6,
                           "M instructions", f"per request, {args.more} requests counted by callgrind")]
    print(f"resident path (GET form + POST + thank-you): {app / 1e6:.2f} M instructions per completion")
    print(f"bare Flask INSERT view: {bare_post / 1e6:.2f} M instructions per POST")
    print(f"a resident completion costs {app / bare_post:.2f} bare INSERT POSTs (in-process, no web server)")
    return [Comparison("resident completion (GET + POST)", app / 1e6, "bare INSERT view (POST)", bare_post / 1e6,
                       "M instructions", f"per request, {args.more} residents counted by callgrind")]


if __name__ == "__main__":
    main()
