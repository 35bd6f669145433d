"""The one beat schedule: periodic dispatchers that enqueue small per-tenant tasks."""

from celery.schedules import crontab

BEAT_SCHEDULE: dict[str, dict] = {}
BEAT_SCHEDULE["reports.purge_expired"] = {"task": "reports.purge_expired", "schedule": crontab(minute=17)}
BEAT_SCHEDULE["reports.dispatch_schedules"] = {"task": "reports.dispatch_schedules",
                                               "schedule": crontab(hour=1, minute=30)}
