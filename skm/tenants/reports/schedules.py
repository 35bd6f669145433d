"""The quarterly report: a tenant admin switches it on per survey; beat builds it and emails a link."""

from __future__ import annotations

import logging
from datetime import date

from flask import current_app
from sqlalchemy import select

from skm.extensions import db
from skm.platform.accounts.models import Membership
from skm.platform.data.tenancy import ALL_TENANTS, platform_scope
from skm.platform.mailer import send_notice
from skm.platform.web.labels import REPORT_STATUSES, in_language
from skm.tenants.reports.models import Report, ReportSchedule
from skm.tenants.surveys.models import Survey

logger = logging.getLogger(__name__)


def schedule_of(survey: Survey) -> ReportSchedule | None:
    return db.session.scalar(select(ReportSchedule).where(ReportSchedule.survey_id == survey.id))


def toggle_schedule(survey: Survey, language: str = "id") -> bool:
    """Switch the survey's quarterly PDF on or off; return whether it is now on. Flushes."""
    existing = schedule_of(survey)
    if existing is not None:
        db.session.delete(existing)
        db.session.flush()
        return False
    db.session.add(ReportSchedule(survey_id=survey.id, format="pdf", language=language,
                                  last_period=previous_quarter(date.today())))
    db.session.flush()
    return True


def previous_quarter(today: date) -> str:
    """The last completed quarter, e.g. ``2026-Q3`` on 28 November 2026."""
    quarter = (today.month - 1) // 3
    return f"{today.year - 1}-Q4" if quarter == 0 else f"{today.year}-Q{quarter}"


def due_schedules(today: date) -> list[tuple[int, int]]:
    """(tenant id, schedule id) of every tenant's schedule not yet sent for the last quarter."""
    period = previous_quarter(today)
    with platform_scope("reports.dispatch_schedules: every tenant's due schedules"):
        rows = db.session.execute(select(ReportSchedule.tenant_id, ReportSchedule.id).where(
            (ReportSchedule.last_period.is_(None)) | (ReportSchedule.last_period != period))
            .execution_options(**ALL_TENANTS)).all()
    return [tuple(row) for row in rows]


def send_scheduled(schedule_id: int, today: date) -> Report | None:
    """Build the quarter's report and email the tenant's admins a link (in the tenant's scope)."""
    from skm.tenants.reports.services import build, report_tenant

    schedule = db.session.scalar(select(ReportSchedule).where(ReportSchedule.id == schedule_id).with_for_update())
    period = previous_quarter(today)
    if schedule is None or schedule.last_period == period:
        return None
    report = Report(survey_id=schedule.survey_id, format=schedule.format, language=schedule.language)
    db.session.add(report)
    schedule.last_period = period
    db.session.commit()  # the schedule is marked first: a failed mail is not retried into duplicate reports
    build(report.id)
    report = db.session.get(Report, report.id)
    tenant = report_tenant(report)
    admins = db.session.scalars(select(Membership).where(Membership.role == "admin")).all()
    link = (f"{current_app.config['SKM_BASE_URL']}/t/{tenant.slug}/surveys/{report.survey_id}/reports/"
            f"{report.id}")
    status = in_language(REPORT_STATUSES, "id")[report.status]  # the mail is in Indonesian
    body = (f"Laporan SKM triwulan {period} untuk {tenant.name} sudah tersedia ({status}).\n\n"
            f"Unduh: {link}\n\nTautan ini memerlukan login dan berlaku sampai berkas kedaluwarsa.\n")
    if admins:
        send_notice([m.user.email for m in admins], f"Laporan SKM {period} – {tenant.name}", body, prefix="report-")
    logger.info("Quarterly report %s of tenant %s sent to %s admins", report.id, tenant.id, len(admins))
    return report
