"""The audit trail as a CSV download (itself audited)."""

from __future__ import annotations

from dataclasses import asdict

from flask import Response, stream_with_context
from sqlalchemy import Select

from skm.extensions import db
from skm.platform.audit.queries import AuditFilter, csv_lines
from skm.platform.audit.recording import record


def csv_response(statement: Select, tenant_id: int | None, filters: AuditFilter) -> Response:
    """Stream the entries of ``statement`` as CSV, after committing an ``audit.exported`` entry."""
    shown = {key: str(value) for key, value in asdict(filters).items() if value and key != "timezone"}
    record("audit.exported", tenant_id=tenant_id, filters=shown)
    db.session.commit()
    return Response(stream_with_context(csv_lines(statement, tenant_id)), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="audit-skm.csv"'})
