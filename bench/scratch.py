"""The benchmarks' scratch databases on the local PostgreSQL, each dropped and created afresh.

``BENCH_PG`` is the server's admin database (default ``postgresql://postgres@127.0.0.1:5432/postgres``).
``BENCH_DB_SUFFIX`` is appended to every scratch database's name, so that a run of the suite's test
and a benchmark started by hand (or two checkouts) never drop each other's database.
"""

from __future__ import annotations

import os

import psycopg

PG_ADMIN = os.environ.get("BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
#: the role SKM connects as in the benchmarks that run it as in production: no superuser, so row-level
#: security binds it (roles are the server's, shared by every scratch database)
APP_ROLE = "skm_bench_app"


def scratch_url(name: str) -> str:
    """The ``postgresql://`` URL of scratch database ``name`` (with the suffix), untouched."""
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + name + os.environ.get("BENCH_DB_SUFFIX", "")


def fresh_database(name: str) -> str:
    """Drop and create scratch database ``name``; its ``postgresql://`` URL."""
    url = scratch_url(name)
    database = url.rsplit("/", 1)[1]
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{database}"')
    return url


def ensure_app_role() -> None:
    """Create :data:`APP_ROLE` (a login role that owns nothing) unless it exists."""
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (APP_ROLE,)).fetchone() is None:
            conn.execute(f'CREATE ROLE "{APP_ROLE}" LOGIN')


def sqlalchemy_url(url: str) -> str:
    """``url`` for SQLAlchemy with the psycopg 3 driver."""
    return url.replace("postgresql://", "postgresql+psycopg://", 1)
