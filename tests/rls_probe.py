"""A task only the row-level security tests load into a real worker (``celery worker -I tests.rls_probe``).

It counts, with raw SQL that the ORM guard never filters, the rows each tenant table shows the
task in its tenant's scope, and writes them to a JSON file the test reads.
"""

from __future__ import annotations

import json
from pathlib import Path

from celery import shared_task
from sqlalchemy import column, select, table

from skm.extensions import db
from skm.workers.celery_app import TenantTask


@shared_task(base=TenantTask, name="probe.visible_tenants")
def visible_tenants(*, tenant_id: int, tables: list[str], path: str) -> None:
    """Write {table: [the tenant ids of the rows this task sees]} to ``path``."""
    seen = {name: sorted(db.session.scalars(select(column("tenant_id")).distinct().select_from(table(name))).all())
            for name in tables}
    Path(path).write_text(json.dumps(seen))
