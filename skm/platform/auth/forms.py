"""Login, password and account forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Kata sandi"), validators=[DataRequired(), Length(max=200)])


class SetPasswordForm(FlaskForm):
    password = PasswordField(_l("Kata sandi baru"), validators=[DataRequired(), Length(max=200)])
    confirm = PasswordField(_l("Ulangi kata sandi"),
                            validators=[DataRequired(), EqualTo("password", _l("Kata sandi tidak sama."))])


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Kata sandi saat ini"), validators=[DataRequired(), Length(max=200)])
    new_password = PasswordField(_l("Kata sandi baru"), validators=[DataRequired(), Length(max=200)])
    confirm = PasswordField(_l("Ulangi kata sandi baru"),
                            validators=[DataRequired(), EqualTo("new_password", _l("Kata sandi tidak sama."))])
