"""Every benchmark of bench/ in one run, each against its baseline, written to bench/RESULTS.md.

    .venv/bin/python -m bench [--quick] [--only results,import] [--size NAME="ARGS"] [--output FILE]

``make bench`` runs it at the default sizes, the ones the README quotes (tens of minutes on two
cores); ``--quick`` runs every benchmark small, a smoke run of a few minutes whose figures mean
little. ``--size regency="--tenants 10 --responses 100000"`` runs one benchmark at other sizes, and
RESULTS.md then names the command it ran. Each benchmark runs in a process of its own (its
``main(argv)`` returns its figures, see bench/figures.py), its output shown as it goes; one that
fails is reported with its last lines and the others still run (the exit status is then 1).
RESULTS.md gives the machine (CPU, cores, load average at start and end), the date, the commit,
each benchmark's command, time and load average, and each figure's median against its baseline's.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bench.figures import Comparison
from bench.results_file import Machine, write_results

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"


@dataclass(frozen=True)
class Benchmark:
    name: str
    module: str
    #: the README's sizes (the module's defaults where the README gives none)
    default: tuple[str, ...]
    #: small sizes for a smoke run
    quick: tuple[str, ...]


BENCHMARKS = (
    Benchmark("results", "bench.results_bench", ("--responses", "1000000"),
              ("--responses", "20000", "--repeat", "3")),
    Benchmark("import", "bench.import_bench", ("--rows", "100000"), ("--rows", "5000")),
    Benchmark("respond", "bench.respond_bench", (), ("--seconds", "2", "--rounds", "1")),
    Benchmark("respond_instructions", "bench.respond_instructions", (), ("--few", "5", "--more", "20")),
    Benchmark("respond_instructions_api", "bench.respond_instructions", ("--api",),
              ("--api", "--few", "5", "--more", "20")),
    Benchmark("api_respond", "bench.api_respond_bench", (), ("--seconds", "2", "--rounds", "1")),
    Benchmark("messaging_throughput", "bench.messaging_throughput", ("--count", "100000"), ("--count", "2000")),
    Benchmark("regency", "bench.regency_bench", ("--tenants", "50", "--responses", "100000"),
              ("--tenants", "5", "--responses", "5000", "--repeat", "3")),
    Benchmark("reports", "bench.reports_bench", (), ("--sizes", "2000")),
)


@dataclass
class Run:
    """One benchmark's run: its command, how long it took, the load around it, and its figures or failure."""

    name: str
    command: str
    seconds: float = 0.0
    load: tuple[float, float] = (0.0, 0.0)
    comparisons: list[Comparison] = field(default_factory=list)
    failure: str = ""


def run_benchmark(benchmark: Benchmark, argv: list[str]) -> Run:
    """Run one benchmark in a child process, its output passed through; its figures or its last lines."""
    run = Run(benchmark.name, shlex.join(["python", "-m", benchmark.module, *argv]))
    print(f"\n== {benchmark.name}: {run.command}", flush=True)
    with tempfile.TemporaryDirectory(prefix="skm-bench-") as folder:
        figures = Path(folder) / "figures.json"
        started, load_before = time.perf_counter(), os.getloadavg()[0]
        tail = _pass_through([sys.executable, "-m", "bench.suite", "--child", benchmark.module, str(figures), *argv])
        run.seconds, run.load = time.perf_counter() - started, (load_before, os.getloadavg()[0])
        if figures.exists():
            run.comparisons = [Comparison(**item) for item in json.loads(figures.read_text())]
        else:
            run.failure = "\n".join(tail) or "no output"
    return run


def _pass_through(argv: list[str]) -> deque[str]:
    """Run ``argv`` from the repository root, echoing its output; its last 15 lines."""
    tail: deque[str] = deque(maxlen=15)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True) as child:
        for line in child.stdout:
            print(line, end="", flush=True)
            tail.append(line.rstrip())
    return tail


def child(module: str, out: str, argv: list[str]) -> None:
    """In the child process: the benchmark's ``main(argv)``, its figures saved as JSON to ``out``."""
    comparisons = importlib.import_module(module).main(argv)
    Path(out).write_text(json.dumps([c.to_dict() for c in comparisons]))


def _sizes(overrides: list[str]) -> dict[str, list[str]]:
    """``--size NAME="ARGS"`` options as arguments per benchmark name."""
    known, sizes = {b.name for b in BENCHMARKS}, {}
    for item in overrides:
        name, _, args = item.partition("=")
        if name not in known:
            raise SystemExit(f"--size: no benchmark named {name!r} (known: {', '.join(sorted(known))})")
        sizes[name] = shlex.split(args)
    return sizes


def _chosen(only: str | None) -> list[Benchmark]:
    """The benchmarks named by ``--only``, in the order named (all, in the suite's order, without it)."""
    if not only:
        return list(BENCHMARKS)
    by_name = {b.name: b for b in BENCHMARKS}
    unknown = [name for name in only.split(",") if name not in by_name]
    if unknown:
        raise SystemExit(f"--only: no benchmark named {', '.join(unknown)}")
    return [by_name[name] for name in only.split(",")]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        child(argv[1], argv[2], argv[3:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run of a few minutes")
    parser.add_argument("--only", help="comma-separated benchmark names, run in that order (default: all)")
    parser.add_argument("--size", action="append", default=[], metavar='NAME="ARGS"',
                        help="run benchmark NAME with ARGS instead of its sizes (repeatable)")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    sizes = _sizes(args.size)
    label = "quick" if args.quick else "default (the README's)"
    if sizes:
        label += f"; changed by --size: {', '.join(sizes)} (see the commands)"
    machine = Machine.now(datetime.now(UTC), label)
    runs: list[Run] = []
    for benchmark in _chosen(args.only):
        runs.append(run_benchmark(benchmark, sizes.get(benchmark.name,
                                                       list(benchmark.quick if args.quick else benchmark.default))))
        write_results(args.output, machine.finished(), runs)  # after each: a run cut short keeps what it measured
    print(f"\nwrote {args.output}")
    return 1 if any(run.failure for run in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
