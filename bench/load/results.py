"""The run's account, printed and written to bench/results/load.md: settings, checks, request types, sizing."""

from __future__ import annotations

import argparse
import os
import time
from dataclasses import dataclass

from bench.load.checks import Check
from bench.load.figures import ENGINE_OF, ROADS, RequestType, Stored, report_times
from bench.load.sinks import Tally


@dataclass
class Run:
    args: argparse.Namespace
    stats: dict[str, RequestType]
    stored: Stored
    verdict: list[Check]
    cpu: dict[str, float]  # service → CPU seconds during the run
    elapsed: float  # seconds from the first user to the end of the drain
    drained: float  # seconds waited after the users stopped
    tallies: tuple[Tally, Tally]  # mail, SMS
    web_workers: int
    resent: int  # requests resent once after the server closed an idle kept-alive connection
    preamble: str = ""  # what was run, and the operator's settings
    load: tuple[tuple[float, ...], tuple[float, ...]] = ((), ())  # load average before and after


def preamble(args: argparse.Namespace, env: dict, operator: dict, bounds: dict, emails: int, phones: int) -> str:
    settings = ", ".join(f"{key}={value}" for key, value in operator.items())
    others = ", ".join(f"{key}={env.get(key, default)}" for key, default in bounds.items())
    return "\n\n".join([
        f"Load test: {args.residents} residents, 4 agency admins, the central admin and a campaign of "
        f"{emails + phones:,} contacts ({emails:,} by email, {phones:,} by SMS) for {args.minutes:g} min "
        f"against {env['SKM_BASE_URL']}",
        f"Operator settings: {settings} (every resident comes from 127.0.0.1, the case of a service hall "
        f"behind one NAT address); also bounding the run: {others}",
    ])


def render(run: Run, failures: list[str]) -> str:
    parts = [_header(run), "## Checks", "", *[f"- {check.line()}" for check in run.verdict], "",
             "## Request types (locust)", "", *_table(run.stats), "", "## Figures for sizing", "", *_sizing(run)]
    if failures:
        parts += ["", "## Failures (at most 50)", "", *[f"- {line}" for line in failures[:50]]]
    return "\n".join(parts) + "\n"


def _header(run: Run) -> str:
    args = run.args
    return "\n".join([
        f"# Load test ({time.strftime('%Y-%m-%d %H:%M %Z')})", "",
        f"`python -m bench.load --minutes {args.minutes:g} --residents {args.residents} --contacts {args.contacts}` "
        "(`make load` runs the 5-minute default).", "",
        f"Machine: {os.cpu_count()} CPUs, shared with other work; load average {_load(run.load[0])} before, "
        f"{_load(run.load[1])} after. Everything on this machine: PostgreSQL, Redis, gunicorn "
        f"({run.web_workers} workers, gunicorn.conf.py), `worker -Q messages,default`, `report-worker -Q reports "
        "--concurrency 1`, beat, the SMTP sink, the SMS gateway and locust itself.",
        f"The users ran {args.minutes:g} min; the campaign and reports then took {run.drained:.0f} s more to finish.",
        "", run.preamble, ""])


def _load(average: tuple[float, ...]) -> str:
    return " / ".join(f"{value:.1f}" for value in average)


def _table(stats: dict[str, RequestType]) -> list[str]:
    rows = ["| request type | count | failures | req/s | p50 ms | p95 ms | p99 ms |",
            "|---|---:|---:|---:|---:|---:|---:|"]
    for name, row in sorted(stats.items(), key=lambda item: (item[0] == "Aggregated", item[0])):
        rows.append(f"| {name} | {row.count} | {row.failures} | {row.rate:.2f} | {row.p50:.0f} | {row.p95:.0f} | "
                    f"{row.p99:.0f} |")
    return rows


def _sizing(run: Run) -> list[str]:
    total = run.stats["Aggregated"]
    web_ms = run.cpu["web"] * 1000 / max(total.count, 1)
    lines = [f"- Web: {total.rate:.1f} requests/s of this mix over the run; gunicorn used {web_ms:.1f} ms of CPU per "
             f"request, so one gunicorn worker on a core of its own serves about {1000 / web_ms:.0f} requests/s "
             f"of it. {run.resent} requests met a kept-alive connection the server had just closed (idle for "
             "gunicorn's `keepalive`, 2 s) and were sent again once, as a browser does."]
    answered = {channel: run.stored.answers.get(channel, 0) for channel in ROADS.values()}
    lines.append("- Answers stored: " + ", ".join(f"{n} by {channel} ({ENGINE_OF[channel]})"
                                                  for channel, n in answered.items()))
    lines += _messages(run)
    for fmt, seconds in sorted(run.stored.report_seconds.items()):
        lines.append(f"- Reports, {fmt} of a demo survey (about 1,000–1,600 answers): {report_times(seconds)} "
                     "(from the request to the file, queue included)")
    built = sum(len(s) for s in run.stored.report_seconds.values())
    if built:
        lines.append(f"- The report worker used {run.cpu['report-worker'] / built:.1f} s of CPU per report.")
    return lines


def _messages(run: Run) -> list[str]:
    mail, sms = run.tallies
    sent = mail.total + sms.total
    if not sent:
        return ["- Messages: none arrived."]
    starts = [t.first for t in run.tallies if t.first is not None]
    ends = [t.last for t in run.tallies if t.last is not None]
    span = max(max(ends) - min(starts), 1e-3)
    worker_ms = run.cpu["worker"] * 1000 / sent
    return [f"- Messages: {sent:,} in {span:.0f} s from the first to the last ({sent / span:.1f}/s; "
            f"{mail.total:,} mails and {sms.total:,} SMS, each paced by its per-tenant rate); the messages worker used "
            f"{worker_ms:.1f} ms of CPU per message, about {1000 / worker_ms:.0f} messages/s per core."]
