"""Configuration read from the environment (names as in CONTRACT.md)."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any


def database_url(raw: str | None, instance_path: str) -> str:
    """Return an SQLAlchemy URL; PostgreSQL URLs are pinned to the psycopg 3 driver."""
    if not raw:
        return f"sqlite:///{Path(instance_path) / 'skm.sqlite3'}"
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix):]
    return raw


def secret_key(instance_path: str) -> str:
    """The SECRET_KEY from the environment, else one generated once and kept in the instance folder."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def messaging_settings(env) -> dict[str, Any]:
    """Invitation sending: providers, retries, rate limits (per second, per tenant and channel), retention."""
    return {
        "TWILIO_ACCOUNT_SID": env("TWILIO_ACCOUNT_SID"),
        "TWILIO_AUTH_TOKEN": env("TWILIO_AUTH_TOKEN"),
        "TWILIO_FROM": env("TWILIO_FROM", ""),
        "TWILIO_BASE_URL": env("TWILIO_BASE_URL", "https://api.twilio.com"),
        "ZENZIVA_URL": env("ZENZIVA_URL", "https://console.zenziva.net/reguler/api/sendsms/"),
        "ZENZIVA_USERKEY": env("ZENZIVA_USERKEY"),
        "ZENZIVA_PASSKEY": env("ZENZIVA_PASSKEY"),
        "WHATSAPP_BASE_URL": env("WHATSAPP_BASE_URL", "https://graph.facebook.com/v21.0"),
        "WHATSAPP_TOKEN": env("WHATSAPP_TOKEN"),
        "SMS_WEBHOOK_SECRET": env("SMS_WEBHOOK_SECRET"),
        "MESSAGE_MAX_ATTEMPTS": int(env("SKM_MESSAGE_MAX_ATTEMPTS", "8")),
        "MESSAGE_RETRY_BASE_SECONDS": float(env("SKM_MESSAGE_RETRY_BASE_SECONDS", "30")),
        "MESSAGE_RETRY_MAX_SECONDS": float(env("SKM_MESSAGE_RETRY_MAX_SECONDS", "3600")),
        "MESSAGE_CLAIM_SECONDS": int(env("SKM_MESSAGE_CLAIM_SECONDS", "900")),
        "MESSAGE_SWEEP_GRACE_SECONDS": int(env("SKM_MESSAGE_SWEEP_GRACE_SECONDS", "60")),
        "MESSAGE_RATE_LIMITS": {"email": float(env("SKM_RATE_EMAIL", "50")), "sms": float(env("SKM_RATE_SMS", "10")),
                                "whatsapp": float(env("SKM_RATE_WHATSAPP", "20"))},
        "CONTACT_RETENTION_DAYS": int(env("SKM_CONTACT_RETENTION_DAYS", "30")),
        "QUIET_HOURS": (8, 20),
    }


def _megabytes(env, name: str, default: str) -> int:
    """A size given in MB (``0.5`` allowed) as bytes."""
    return int(float(env(name, default)) * 1024 * 1024)


def limit_settings(env) -> dict[str, Any]:
    """Request bodies, uploads and rows per upload (skm/platform/inputs/uploads.py), outbound timeouts."""
    return {
        # the whole body of any request; an upload's own limit (below) is checked first
        "MAX_CONTENT_LENGTH": _megabytes(env, "SKM_MAX_BODY_MB", "20"),
        "SKM_CONTACT_UPLOAD_BYTES": _megabytes(env, "SKM_CONTACT_UPLOAD_MB", "5"),
        "SKM_IMPORT_UPLOAD_BYTES": _megabytes(env, "SKM_IMPORT_UPLOAD_MB", "10"),
        "SKM_LOGO_UPLOAD_BYTES": _megabytes(env, "SKM_LOGO_UPLOAD_MB", "1"),
        "SKM_CONTACT_ROWS_MAX": int(env("SKM_CONTACT_ROWS_MAX", "10000")),
        "SKM_IMPORT_ROWS_MAX": int(env("SKM_IMPORT_ROWS_MAX", "100000")),
        # seconds an SMTP server or an SMS/WhatsApp gateway may take for one message, all in all
        "SKM_SMTP_TIMEOUT": float(env("SKM_SMTP_TIMEOUT", "20")),
        "SKM_GATEWAY_TIMEOUT": float(env("SKM_GATEWAY_TIMEOUT", "15")),
    }


def from_environment(instance_path: str) -> dict[str, Any]:
    """Build the configuration mapping for one app from ``os.environ``."""
    env = os.environ.get
    redis_url = env("REDIS_URL") or None
    base_url = env("SKM_BASE_URL", "http://127.0.0.1:5000").rstrip("/")
    secure = base_url.startswith("https://")
    return {
        "SECRET_KEY": secret_key(instance_path),
        # retired keys, comma-separated: sessions and resident forms signed with them stay valid
        "SECRET_KEY_FALLBACKS": [key.strip() for key in env("SECRET_KEY_FALLBACKS", "").split(",") if key.strip()],
        "SQLALCHEMY_DATABASE_URI": database_url(env("DATABASE_URL"), instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # the tables' owner, for `skm db upgrade` and `skm db grant`; the app itself connects as DATABASE_URL
        "SKM_MIGRATION_DATABASE_URL": database_url(env("SKM_MIGRATION_DATABASE_URL"), instance_path)
        if env("SKM_MIGRATION_DATABASE_URL") else None,
        "REDIS_URL": redis_url,
        "SKM_BASE_URL": base_url,
        # reverse proxies in front that set X-Forwarded-For/-Proto/-Host; 0 trusts none of them
        "SKM_PROXY_COUNT": int(env("SKM_PROXY_COUNT", "0")),
        "SMTP_URL": env("SMTP_URL") or None,
        "MAIL_FROM": env("MAIL_FROM", "skm@localhost"),
        "SKM_STORAGE_DIR": env("SKM_STORAGE_DIR") or str(Path(instance_path) / "storage"),
        "SKM_OUTBOX_DIR": env("SKM_OUTBOX_DIR") or str(Path(instance_path) / "outbox"),
        "SMS_BACKEND": env("SMS_BACKEND", "outbox"),
        "SMS_HTTP_URL": env("SMS_HTTP_URL") or None,
        "SMS_HTTP_TOKEN": env("SMS_HTTP_TOKEN") or None,
        **messaging_settings(env),
        "SESSION_COOKIE_SECURE": secure,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "id",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Jakarta",
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_HEADERS_ENABLED": False,  # each header costs Redis round trips on every limited request
        "LOGIN_RATE_LIMIT": env("SKM_LOGIN_RATE_LIMIT", "10 per minute"),
        # "forgot password" requests, per client address and per address asked for
        "PASSWORD_RESET_RATE_LIMIT": env("SKM_PASSWORD_RESET_RATE_LIMIT", "5 per 15 minutes"),
        # open (QR/kiosk/ticket) links, per client address; mobile carriers share addresses (CGNAT)
        "SKM_OPEN_LINK_RATE_LIMIT": env("SKM_OPEN_LINK_RATE_LIMIT", "120 per minute"),
        # an open link's answer sent sooner after its visit began is taken for a script (the form comes back)
        "SKM_OPEN_LINK_MIN_SECONDS": float(env("SKM_OPEN_LINK_MIN_SECONDS", "5")),
        # a counted rate limit never blocks a resident when Redis is down
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        # "id:secret,…" signing keys of ticket links, the first signs (skm/tenants/respond/tickets.py)
        "SKM_TICKET_KEYS": env("SKM_TICKET_KEYS") or None,
        # seconds the kiosk's thank-you screen stays before a fresh form
        "SKM_KIOSK_RESET_SECONDS": int(env("SKM_KIOSK_RESET_SECONDS", "8")),
        # seconds each worker keeps an open link's form definition (skm/tenants/respond/definitions.py)
        "SKM_FORM_CACHE_SECONDS": float(env("SKM_FORM_CACHE_SECONDS", "5")),
        "SKM_REPORT_TTL_HOURS": int(env("SKM_REPORT_TTL_HOURS", "168")),
        "SKM_REGENCY_NAME": env("SKM_REGENCY_NAME", "Kabupaten Kotawaringin Timur"),
        "API_TOKEN_LIFETIME": timedelta(days=int(env("SKM_API_TOKEN_DAYS", "30"))),
        # audit entries older than this are pruned by the audit.prune beat task (two years)
        "SKM_AUDIT_RETENTION_DAYS": int(env("SKM_AUDIT_RETENTION_DAYS", "730")),
        # a staff session unused for this long ends (resident pages keep no session)
        "SKM_SESSION_IDLE_MINUTES": int(env("SKM_SESSION_IDLE_MINUTES", "60")),
        # how long an emailed "forgot password" link works
        "SKM_PASSWORD_RESET_MINUTES": int(env("SKM_PASSWORD_RESET_MINUTES", "60")),
        **limit_settings(env),
        # flask-smorest
        "API_TITLE": "SKM API",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
    }
