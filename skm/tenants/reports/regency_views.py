"""/admin/regency/report.pdf: the regency report for platform admins.

Built in the request: it reads one grouped aggregate per tenant and no response rows, so it
stays fast however many responses there are (the per-tenant reports are the heavy ones).
"""

from __future__ import annotations

import tempfile
from io import BytesIO
from pathlib import Path

from flask import Blueprint, current_app, request, send_file
from flask_login import login_required

from skm.platform.access import require_platform_admin
from skm.tenants.reports.regency import RegencyReport, load_regency

bp = Blueprint("regency_reports", __name__, url_prefix="/admin/regency")


@bp.before_request
@login_required
def _platform_admins_only():
    require_platform_admin()


@bp.get("/report.pdf")
def report_pdf():
    language = "en" if request.args.get("lang") == "en" else "id"
    title = current_app.config["SKM_REGENCY_NAME"]
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "regency.pdf"
        RegencyReport(load_regency(title, language)).build(target)
        content = target.read_bytes()
    return send_file(BytesIO(content), mimetype="application/pdf", as_attachment=True,
                     download_name="ikm-kabupaten.pdf", max_age=0)
