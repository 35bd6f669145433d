"""bench/RESULTS.md: the machine and the run, then each benchmark's figures against its baseline."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import psycopg

from bench.scratch import PG_ADMIN

if TYPE_CHECKING:
    from bench.suite import Run

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Machine:
    """Where and when the suite ran: what a reader needs before comparing two RESULTS.md."""

    cpu: str
    cores: int
    system: str
    postgresql: str
    commit: str
    sizes: str
    started: datetime
    load_start: tuple[float, float, float]
    finished_at: datetime | None = None
    load_end: tuple[float, float, float] | None = None

    @classmethod
    def now(cls, started: datetime, sizes: str) -> Machine:
        uname = os.uname()
        return cls(cpu=_cpu_model(), cores=os.cpu_count() or 0, postgresql=_postgresql_version(), commit=_commit(),
                   system=f"{uname.sysname} {uname.release}, Python {sys.version.split()[0]}", sizes=sizes,
                   started=started, load_start=os.getloadavg())

    def finished(self) -> Machine:
        return dataclasses.replace(self, finished_at=datetime.now(UTC), load_end=os.getloadavg())


def _cpu_model() -> str:
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return os.uname().machine
    names = [line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")]
    return names[0] if names else os.uname().machine


def _postgresql_version() -> str:
    try:
        with psycopg.connect(PG_ADMIN, connect_timeout=5) as conn:
            return conn.execute("SHOW server_version").fetchone()[0]
    except psycopg.Error:
        return "unknown (no connection)"


def _commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    return commit + (" with uncommitted changes" if git("status", "--porcelain", "--untracked-files=no") else "")


def _number(value: float) -> str:
    """A figure with the digits that matter: 1,234 · 56.7 · 8.90 · 0.123."""
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}" if abs(value) >= 1 else f"{value:.3f}"


def _load(values: tuple[float, ...] | None) -> str:
    return " / ".join(f"{v:.2f}" for v in values) if values else "?"


def render(machine: Machine, runs: list[Run]) -> str:
    took = (machine.finished_at - machine.started).total_seconds() / 60 if machine.finished_at else 0
    lines = [
        "# Benchmark results", "",
        "Written by `python -m bench` (bench/suite.py). Every figure is a median over the benchmark's repeats, "
        "against a baseline measured in the same run; ratio = figure / baseline, so for a rate higher is better "
        "and for a time or a count lower is better. Wall-clock figures of a shared machine swing with its load: "
        "read the ratios, and the load average, before the absolute figures.", "",
        f"- Date: {machine.started:%Y-%m-%d %H:%M} UTC, {took:.0f} minutes",
        f"- Commit: {machine.commit}",
        f"- Machine: {machine.cpu}, {machine.cores} cores; {machine.system}; PostgreSQL {machine.postgresql}",
        f"- Load average (1, 5, 15 min): {_load(machine.load_start)} at start, {_load(machine.load_end)} at end",
        f"- Sizes: {machine.sizes}", "",
        "| benchmark | figure | median | baseline | median | unit | ratio | note |",
        "|---|---|---:|---|---:|---|---:|---|",
    ]
    for run in runs:
        for c in run.comparisons:
            lines.append(f"| {run.name} | {c.figure} | {_number(c.value)} | {c.baseline} | "
                         f"{_number(c.baseline_value)} | {c.unit} | **{c.ratio:.2f}** | {c.note} |")
        if run.failure:
            lines.append(f"| {run.name} | failed, see below | | | | | | |")
    lines += ["", "## Commands", "", "| benchmark | command | minutes | load (1 min) before → after |",
              "|---|---|---:|---|"]
    lines += [f"| {r.name} | `{r.command}` | {r.seconds / 60:.1f} | {r.load[0]:.2f} → {r.load[1]:.2f} |" for r in runs]
    for run in (r for r in runs if r.failure):
        lines += ["", f"### {run.name} failed", "", "```", run.failure, "```"]
    return "\n".join(lines) + "\n"


def write_results(path: Path, machine: Machine, runs: list[Run]) -> None:
    path.write_text(render(machine, runs))
