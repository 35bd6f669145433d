"""Adding a user to a tenant, changing their role, deactivating them."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from skm.platform.accounts.models import ROLES as TENANT_ROLES
from skm.platform.web.labels import ROLES

ROLE_CHOICES = [SelectChoice(code, ROLES[code]) for code in TENANT_ROLES]


class MemberForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    name = StringField(_l("Nama"), validators=[DataRequired(), Length(max=200)])
    role = SelectField(_l("Peran"), choices=ROLE_CHOICES, default="staff")
    password = PasswordField(_l("Kata sandi awal (opsional)"), validators=[Optional(), Length(max=200)])


class MemberUpdateForm(FlaskForm):
    """One member's row: a new role, or ``active`` 0/1 from the (de)activate button; each optional."""

    role = SelectField(_l("Peran"), choices=ROLE_CHOICES, validators=[Optional()])
    active = SelectField(choices=[SelectChoice("1"), SelectChoice("0")], validators=[Optional()])

    def changes(self) -> dict:
        found = {}
        if self.role.raw_data:
            found["role"] = self.role.data
        if self.active.raw_data:
            found["active"] = self.active.data == "1"
        return found
