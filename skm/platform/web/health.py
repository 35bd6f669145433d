"""Liveness and readiness probes."""

from __future__ import annotations

import logging

import redis
from flask import Blueprint, current_app
from sqlalchemy import text

from skm.extensions import csrf, db

logger = logging.getLogger(__name__)
bp = Blueprint("health", __name__)
csrf.exempt(bp)


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}


@bp.get("/readyz")
def readyz():
    checks = {"database": _database_ok()}
    if current_app.config["REDIS_URL"]:
        checks["redis"] = _redis_ok(current_app.config["REDIS_URL"])
    ready = all(checks.values())
    body = {"status": "ok" if ready else "unavailable",
            "checks": {name: "ok" if ok else "down" for name, ok in checks.items()}}
    return body, 200 if ready else 503


def _database_ok() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
        return True
    except Exception:  # any failure means "not ready"
        logger.warning("readiness: database unavailable", exc_info=True)
        db.session.rollback()
        return False


def _redis_ok(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping())
    except redis.RedisError:
        logger.warning("readiness: redis unavailable", exc_info=True)
        return False
