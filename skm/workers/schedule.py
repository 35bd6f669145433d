"""The one beat schedule: periodic dispatchers that enqueue small per-tenant tasks."""

BEAT_SCHEDULE: dict[str, dict] = {}
