"""The comment triage page: every comment of a survey, searchable, tagged, handled, approved."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from skm.platform.accounts.access import require
from skm.platform.web.page_changes import commit_or_flash
from skm.tenants.comments import services
from skm.tenants.comments.models import STATUSES
from skm.tenants.pages import get_or_404, page_blueprint
from skm.tenants.surveys.models import Survey

bp = page_blueprint("comments", __name__, url_prefix="/surveys")
PAGE_SIZE = 50


def _chosen() -> services.CommentFilter:
    public = {"yes": True, "no": False}.get(request.args.get("public", ""))
    status = request.args.get("status") if request.args.get("status") in STATUSES else None
    return services.CommentFilter(text=request.args.get("q", "").strip()[:200] or None, status=status,
                                  tag=request.args.get("tag", "").strip()[:40] or None, public=public)


@bp.get("/<int:survey_id>/comments")
@require("view")
def list_comments(survey_id: int):
    survey = get_or_404(Survey, survey_id)
    chosen = _chosen()
    total = services.count_comments(survey, chosen)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, request.args.get("page", 1, type=int)), pages)
    comments = services.comments_of(survey, chosen, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    return render_template("tenants/comments/list.html", survey=survey, comments=comments, chosen=chosen,
                           total=total, page=page, pages=pages,
                           codes=[e.code for e in sorted(survey.questionnaire.elements, key=lambda e: e.position)])


@bp.post("/<int:survey_id>/comments/<int:comment_id>")
@require("edit")
def review(survey_id: int, comment_id: int):
    survey = get_or_404(Survey, survey_id)
    form = request.form
    data = {"tags": form.get("tags", ""), "status": "handled" if form.get("handled") else "new",
            "public": bool(form.get("public"))}
    saved = commit_or_flash(lambda: services.review_comment(survey, comment_id, data))
    if saved and saved.value is None:
        abort(404)
    if saved:
        flash(_("Komentar diperbarui."), "success")
    return redirect(_same_site(request.form.get("next")) or url_for(".list_comments", survey_id=survey.id))


def _same_site(target: str | None) -> str | None:
    """``target`` when it is a path on this site (never another host: no open redirect)."""
    return target if target and target.startswith("/") and not target.startswith(("//", "/\\")) else None
