"""The one beat schedule: periodic dispatchers that enqueue small per-tenant tasks."""

from celery.schedules import crontab

BEAT_SCHEDULE: dict[str, dict] = {
    "messages-sweep": {"task": "messages.sweep", "schedule": 60.0},
    "messages-reminders": {"task": "messages.dispatch_reminders", "schedule": crontab(minute="*/15")},
    "messages-erase-contacts": {"task": "messages.erase_contacts", "schedule": crontab(hour=19, minute=30)},
    "reports-purge-expired": {"task": "reports.purge_expired", "schedule": crontab(minute=17)},
    "audit-prune": {"task": "audit.prune", "schedule": crontab(hour=20, minute=45)},
    "reports-dispatch-schedules": {"task": "reports.dispatch_schedules", "schedule": crontab(hour=1, minute=30)},
}
