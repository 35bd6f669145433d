"""Uploading a file of paper questionnaires."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired


class ImportForm(FlaskForm):
    file = FileField(_l("Berkas CSV atau XLSX"), validators=[
        FileRequired(_l("Pilih berkas untuk diimpor.")),
        FileAllowed(["csv", "xlsx"], _l("Hanya berkas .csv atau .xlsx."))])
