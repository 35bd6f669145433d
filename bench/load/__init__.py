"""The load test of issue 17: residents, staff and a campaign at once against the real stack on loopback.

    .venv/bin/python -m bench.load [--minutes 5] [--residents 200] [--contacts 10000]    (or: make load)

The driver creates a scratch database with the demo regency and one open survey per agency,
starts an SMTP sink and a loopback SMS gateway, then the stack as the README and compose start it
(gunicorn with gunicorn.conf.py, ``worker -Q messages,default``, ``report-worker -Q reports``,
beat), and runs locust (bench/load/locustfile.py): residents answering through open links, the
kiosk and the campaign's invitation links, agency admins signing in, browsing results and
downloading reports built by the report worker, the central admin on the central dashboard, and a
campaign agency uploading its contacts through the API, sent at once. After the users stop it waits
for the campaign and the reports to finish, then checks: no HTTP error and no Celery error, every
answer that got a thank-you page is a row (per road), every invitation arrived exactly once. It
prints p50/p95/p99 per request type and the sizing figures, writes them to bench/results/load.md,
drops the database, and exits non-zero when a check fails.

Needs PostgreSQL on 127.0.0.1:5432 and Redis (``--redis``, default db 6, flushed), and the
``bench`` extra (locust): ``pip install -e ".[bench]"``.
"""
