"""Per-tenant, per-channel rate limits: a token bucket in Redis, shared by every worker.

The rate (messages per second, the bucket holding one second's worth as burst) comes from the
tenant's ``rate_limits`` setting or MESSAGE_RATE_LIMITS. Without Redis (the demo) nothing is limited.
"""

from __future__ import annotations

import time
from functools import cache

import redis
from flask import current_app

# KEYS[1] bucket; ARGV: rate per second, capacity, now (s), wanted -> granted tokens
_TAKE = """
local rate, capacity, now, wanted = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens, at = tonumber(state[1]) or capacity, tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)
local granted = math.min(wanted, math.floor(tokens))
tokens = tokens - granted
redis.call('HSET', KEYS[1], 'tokens', tokens, 'at', now)
redis.call('EXPIRE', KEYS[1], math.ceil(capacity / rate) + 60)
return granted
"""


@cache
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=5)


def rate_for(tenant_settings: dict, channel: str) -> float:
    limits = {**current_app.config["MESSAGE_RATE_LIMITS"], **(tenant_settings or {}).get("rate_limits", {})}
    return float(limits.get(channel, 10))


def take(tenant_id: int, channel: str, wanted: int, rate: float) -> int:
    """Grant up to ``wanted`` sends now (the others must wait ``wanted / rate`` seconds or so)."""
    url = current_app.config["REDIS_URL"]
    if url is None or wanted == 0:
        return wanted
    capacity = max(1.0, rate)
    client = _client(url)
    return int(client.eval(_TAKE, 1, f"skm:rate:{tenant_id}:{channel}", rate, capacity, time.time(), wanted))
