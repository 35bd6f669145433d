"""Central admin forms for malls."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from skm.extensions import db
from skm.platform.agencies.models import Tenant
from skm.platform.data.tenancy import tenant_scope
from skm.tenants.surveys.models import Survey


class MallEditForm(FlaskForm):
    name = StringField(_l("Nama mal"), validators=[DataRequired(), Length(max=200)])
    address = StringField(_l("Alamat"), validators=[Optional(), Length(max=300)])


class MallForm(MallEditForm):
    slug = StringField(_l("Kode (slug)"), validators=[DataRequired(), Length(max=40)])


class CounterForm(FlaskForm):
    #: ``<tenant slug>`` (its open survey) or ``<tenant slug>:<survey id>``
    target = SelectField(_l("Instansi dan survei"), validators=[DataRequired()])
    label = StringField(_l("Nama loket (opsional)"), validators=[Optional(), Length(max=120)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.target.choices = counter_targets()

    def counter(self) -> tuple[str, int | None]:
        """The chosen tenant slug and survey id (None: the tenant's open survey)."""
        slug, _sep, survey_id = self.target.data.partition(":")
        return slug, int(survey_id) if survey_id else None


class ManagerForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    name = StringField(_l("Nama"), validators=[Optional(), Length(max=200)])
    password = PasswordField(_l("Kata sandi awal (opsional)"), validators=[Optional(), Length(max=200)])


class RemoveForm(FlaskForm):
    """Remove a counter: which one is in the URL; the form carries the CSRF token."""


def counter_targets() -> list[tuple[str, str]]:
    """Every active tenant (following its open survey) and each of its surveys, read tenant by tenant."""
    choices = []
    for tenant in db.session.scalars(select(Tenant).where(Tenant.status == "active").order_by(Tenant.name)):
        choices.append((tenant.slug, _("%(agency)s: survei yang sedang dibuka", agency=tenant.name)))
        with tenant_scope(tenant.id):
            surveys = db.session.scalars(select(Survey).order_by(Survey.starts_on.desc(), Survey.id.desc()))
            choices += [(f"{tenant.slug}:{s.id}", f"{tenant.name}: {s.title}") for s in surveys]
    return choices
