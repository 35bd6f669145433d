"""The regency report's lifecycle: request (idempotent while pending), build in a worker, download."""

from __future__ import annotations

import logging
import uuid

from flask import current_app, send_file
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from skm.extensions import db
from skm.platform.audit.recording import record_download
from skm.platform.background import enqueue
from skm.platform.data.db_types import utcnow
from skm.platform.inputs.errors import InputError
from skm.platform.oversight.combining import AGGREGATIONS
from skm.platform.oversight.models import RegencyReport
from skm.platform.oversight.report_data import load_regency
from skm.platform.oversight.report_pdf import RegencyReport as RegencyPdf
from skm.platform.oversight.report_xlsx import write_regency_xlsx
from skm.tenants.reports.storage import storage
from skm.tenants.results.periods import Period

logger = logging.getLogger(__name__)

FORMATS = ("pdf", "xlsx")
MEDIA_TYPES = {"pdf": "application/pdf",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
PENDING = ("queued", "running")


def request_regency_report(period: Period, fmt: str, language: str = "id", method: str = "pooled",
                           user=None) -> tuple[RegencyReport, bool]:
    """Queue the regency report of ``period``; an identical one still pending is returned instead.

    Flushes; the caller commits, and the task is sent then.
    """
    _check_choice("format", fmt, FORMATS)
    _check_choice("language", language, ("id", "en"))
    _check_choice("method", method, AGGREGATIONS)
    pending = db.session.scalar(select(RegencyReport).where(
        RegencyReport.period == period.code, RegencyReport.format == fmt, RegencyReport.language == language,
        RegencyReport.method == method, RegencyReport.status.in_(PENDING)).order_by(RegencyReport.id.desc()))
    if pending is not None:
        return pending, False
    report = RegencyReport(period=period.code, format=fmt, language=language, method=method,
                           requested_by=getattr(user, "id", None))
    db.session.add(report)
    db.session.flush()
    enqueue("reports.build_regency", report_id=report.id)
    return report, True


def _check_choice(field: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise InputError(field, _l("Pilih salah satu dari: %(choices)s.", choices=", ".join(choices)))


def build(report_id: int) -> None:
    """Build and store one regency report's file (the worker task's body); a done one is left alone."""
    report = db.session.scalar(select(RegencyReport).where(RegencyReport.id == report_id).with_for_update())
    if report is None or report.status == "done":
        return
    report.status = "running"
    db.session.commit()
    scratch = storage().scratch_dir() / f"{uuid.uuid4().hex}.part"
    try:
        _write(report, scratch)
        key = f"regency/{report.id}-{uuid.uuid4().hex[:8]}-{report.filename}"
        report.size, report.file_key = storage().put(key, scratch), key
        report.status = "done"
    except Exception:
        logger.exception("Regency report %s failed", report_id)
        db.session.rollback()
        report = db.session.get(RegencyReport, report_id)
        report.status = "failed"
        report.failure_reason = f"Laporan gagal disusun karena kesalahan di server (#{report_id})."
    finally:
        scratch.unlink(missing_ok=True)
    report.finished_at = utcnow()
    db.session.commit()


def _write(report: RegencyReport, target) -> None:
    data = load_regency(current_app.config["SKM_REGENCY_NAME"], Period.parse(report.period), report.method,
                        report.language)
    if report.format == "pdf":
        RegencyPdf(data).build(target)
    else:
        write_regency_xlsx(data, target)


def find_regency_report(report_id: int) -> RegencyReport | None:
    return db.session.get(RegencyReport, report_id)


def recent_regency_reports(limit: int = 10) -> list[RegencyReport]:
    return list(db.session.scalars(select(RegencyReport).order_by(RegencyReport.id.desc()).limit(limit)))


def regency_file_response(report: RegencyReport):
    """The download (audited: the caller commits), or None while the file is not built."""
    store = storage()
    if not report.is_done or not store.exists(report.file_key):
        return None
    record_download(report, period=report.period)
    source = store.local_path(report.file_key) or store.open(report.file_key)
    return send_file(source, mimetype=MEDIA_TYPES[report.format], as_attachment=True,
                     download_name=report.filename, max_age=0)
