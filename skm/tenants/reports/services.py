"""Report lifecycle: request (idempotent), build (in a worker), download, expire."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from flask import current_app, send_file
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError

from skm.extensions import db
from skm.platform.audit.recording import record_download
from skm.platform.background import enqueue
from skm.platform.data.db_types import utcnow
from skm.platform.data.tenancy import ALL_TENANTS, platform_scope
from skm.platform.inputs.errors import InputError
from skm.tenants.reports.builders import build_file
from skm.tenants.reports.models import CSV_DIALECTS, CSV_EXCEL_ID, FORMATS, LANGUAGES, PENDING, Report
from skm.tenants.reports.storage import storage
from skm.tenants.reports.summary import SummaryUnavailable
from skm.tenants.surveys.models import Survey

logger = logging.getLogger(__name__)

GENERIC_FAILURE = ("Laporan gagal disusun karena kesalahan di server. Silakan minta ulang; bila gagal lagi, "
                   "hubungi admin platform dan sebutkan nomor laporan ini.")


class ReportFailed(Exception):
    """A build failure whose message tells a person what to do."""


def report_ttl() -> timedelta:
    return timedelta(hours=current_app.config["SKM_REPORT_TTL_HOURS"])


def request_report(survey: Survey, fmt: str, language: str = "id", user=None,
                   dialect: str | None = None) -> tuple[Report, bool]:
    """Queue a report of ``survey``; an identical one still queued or running is returned instead.

    :param dialect: for a CSV, one of CSV_DIALECTS (None: the standard ``rfc4180``).
    :return: the report and whether it is new. Flushes; the caller commits (the task is sent then).
    """
    if language not in LANGUAGES:
        raise InputError("language", _l("Bahasa harus id atau en"))
    fmt = stored_format(fmt, dialect)
    db.session.execute(select(Survey.id).where(Survey.id == survey.id).with_for_update())  # one request at a time
    pending = db.session.scalar(select(Report).where(
        Report.survey_id == survey.id, Report.format == fmt, Report.language == language,
        Report.status.in_(PENDING)).order_by(Report.id.desc()).limit(1))
    if pending is not None:
        return pending, False
    report = Report(survey_id=survey.id, format=fmt, language=language,
                    requested_by=getattr(user, "id", None))
    db.session.add(report)
    db.session.flush()
    enqueue("reports.build", tenant_id=report.tenant_id, report_id=report.id)
    logger.info("Report %s (%s) of survey %s requested by %s", report.id, fmt, survey.id, user)
    return report, True


def stored_format(fmt: str, dialect: str | None) -> str:
    """``Report.format`` for ``fmt`` in ``dialect``; raises InputError naming the field at fault."""
    if fmt not in FORMATS:
        raise InputError("format", _l("Format harus salah satu dari: %(choices)s.", choices=", ".join(FORMATS)))
    if dialect is None:
        return fmt
    if dialect not in CSV_DIALECTS:
        raise InputError("dialect", _l("Dialek harus salah satu dari: %(choices)s.", choices=", ".join(CSV_DIALECTS)))
    if fmt != "csv":
        raise InputError("dialect", _l("Dialek hanya berlaku untuk format csv."))
    return CSV_EXCEL_ID if dialect == "excel-id" else fmt


def set_progress(report_id: int, percent: int) -> None:
    """Record progress in its own short transaction (the build's session is busy streaming rows).

    Progress is only shown to people: when the database is busy (SQLite's file lock in the
    embedded default) the update is skipped rather than failing the build.
    """
    try:
        with db.engine.begin() as conn:
            conn.execute(update(Report.__table__).where(Report.__table__.c.id == report_id)
                         .values(progress=max(0, min(100, percent))))
    except OperationalError:
        logger.debug("Progress of report %s not recorded (database busy)", report_id)


def _start(report_id: int) -> Report | None:
    report = db.session.scalar(select(Report).where(Report.id == report_id).with_for_update())
    if report is None or report.status == "done":
        return None  # deleted, or already built: running twice is a no-op
    report.status, report.progress, report.failure_reason = "running", 1, None
    db.session.commit()
    return report


def build(report_id: int) -> None:
    """Build one report's file and store it (the worker task's body; runs in the tenant's scope)."""
    report = _start(report_id)
    if report is None:
        return
    survey, tenant = db.session.get(Survey, report.survey_id), report_tenant(report)
    folder = storage()
    scratch = folder.scratch_dir() / f"{uuid.uuid4().hex}.part"
    try:
        build_file(report.format, tenant, survey, report.language, scratch, lambda p: set_progress(report_id, p))
        key = f"{report.tenant_id}/{report.survey_id}/{report.id}-{uuid.uuid4().hex[:8]}-{report.filename}"
        size = folder.put(key, scratch)
    except OperationalError:
        db.session.rollback()
        raise  # transient: the task retries
    except Exception as exc:  # noqa: BLE001 -- every other failure is recorded on the report
        db.session.rollback()
        _fail(report_id, exc)
        return
    finally:
        scratch.unlink(missing_ok=True)
    _finish(report_id, key, size)


def _finish(report_id: int, key: str, size: int) -> None:
    report = db.session.get(Report, report_id)
    now = utcnow()
    report.status, report.progress, report.file_key, report.size = "done", 100, key, size
    report.finished_at, report.expires_at = now, now + report_ttl()
    db.session.commit()


def _fail(report_id: int, exc: Exception) -> None:
    actionable = isinstance(exc, ReportFailed | SummaryUnavailable)
    if not actionable:
        logger.exception("Report %s failed", report_id)
    report = db.session.get(Report, report_id)
    report.status, report.finished_at = "failed", utcnow()
    report.failure_reason = str(exc) if actionable else f"{GENERIC_FAILURE} (#{report_id})"
    db.session.commit()


def report_tenant(report: Report):
    from skm.platform.agencies.models import Tenant

    return db.session.get(Tenant, report.tenant_id)


def find_report(survey_id: int, report_id: int) -> Report | None:
    """The current tenant's report (None for another tenant's: the scope filters it out)."""
    return db.session.scalar(select(Report).where(Report.id == report_id, Report.survey_id == survey_id))


def open_file(report: Report):
    """The stored file as a binary stream, or None while it is not built (or has expired)."""
    if not report.is_done:
        return None
    folder = storage()
    return folder.open(report.file_key) if folder.exists(report.file_key) else None


def file_response(report: Report):
    """The download response for ``report`` (audited: the caller commits), or None while there is no file."""
    if not report.is_done or not storage().exists(report.file_key):
        return None
    record_download(report, survey_id=report.survey_id)
    store = storage()
    source = store.local_path(report.file_key) or store.open(report.file_key)
    return send_file(source, mimetype=report.media_type, as_attachment=True, download_name=report.filename,
                     max_age=0)


def reports_of(survey: Survey, limit: int = 50) -> list[Report]:
    return list(db.session.scalars(select(Report).where(Report.survey_id == survey.id)
                                   .order_by(Report.id.desc()).limit(limit)))


def purge_expired() -> int:
    """Delete the files of every tenant's expired reports (beat task); return how many."""
    with platform_scope("reports.purge_expired: every tenant's expired report files"):
        expired = db.session.scalars(select(Report).where(Report.expires_at < utcnow(), Report.file_key.is_not(None))
                                     .execution_options(**ALL_TENANTS)).all()
        folder = storage()
        for report in expired:
            folder.delete(report.file_key)
            report.file_key = None
        db.session.commit()
    return len(expired)
