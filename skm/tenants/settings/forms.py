"""The settings page's forms. Fields carry the API names; the schema, not the form, validates them."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import Field, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice

from skm.platform.inputs.uploads import size_text

NUMBER = {"inputmode": "numeric"}
CHANNEL_CHOICES = [SelectChoice("sms", _l("SMS")), SelectChoice("whatsapp", _l("WhatsApp"))]


class SettingsForm(FlaskForm):
    name = StringField(_l("Nama instansi"))
    short_name = StringField(_l("Nama singkat (SMS, poster; paling banyak 40 karakter)"))
    region = StringField(_l("Baris pertama kop surat (mis. PEMERINTAH KABUPATEN KOTAWARINGIN TIMUR)"))
    address_lines = TextAreaField(_l("Alamat pada kop surat (satu baris per baris, paling banyak 4)"),
                                  render_kw={"rows": 4})
    head_name = StringField(_l("Nama kepala instansi"))
    head_title = StringField(_l("Jabatan (di atas tanda tangan; kosong: Kepala dan nama instansi)"))
    head_nip = StringField(_l("NIP kepala instansi (18 angka)"), render_kw=NUMBER)
    report_place = StringField(_l("Tempat penandatanganan laporan (mis. Sampit)"))
    report_background = TextAreaField(_l("Latar belakang laporan"), render_kw={"rows": 5})
    report_background_en = TextAreaField(_l("Latar belakang laporan (bahasa Inggris)"), render_kw={"rows": 5})
    report_team = TextAreaField(_l("Tim pelaksana SKM"), render_kw={"rows": 3})
    report_team_en = TextAreaField(_l("Tim pelaksana SKM (bahasa Inggris)"), render_kw={"rows": 3})
    sender_name = StringField(_l("Nama pengirim email"))
    sms_sender_id = StringField(_l("ID pengirim SMS"))
    default_channel = SelectField(_l("Saluran untuk kontak tanpa email"), choices=CHANNEL_CHOICES,
                                  validate_choice=False)
    whatsapp_phone_number_id = StringField(_l("ID nomor telepon WhatsApp Business"), render_kw=NUMBER)
    whatsapp_template = StringField(_l("Templat WhatsApp undangan"))
    whatsapp_template_reminder = StringField(_l("Templat WhatsApp pengingat (kosong: sama dengan undangan)"))
    reminder_first_after_days = StringField(_l("Pengingat pertama setelah (hari)"), render_kw=NUMBER)
    reminder_max = StringField(_l("Jumlah pengingat paling banyak (0: tanpa pengingat)"), render_kw=NUMBER)
    reminder_interval_days = StringField(_l("Jarak antarpengingat (hari)"), render_kw=NUMBER)
    send_from_hour = StringField(_l("Kirim pengingat mulai pukul"), render_kw=NUMBER)
    send_until_hour = StringField(_l("Kirim pengingat sampai pukul"), render_kw=NUMBER)

    @classmethod
    def of(cls, settings: dict[str, Any]) -> SettingsForm:
        """The form filled with the current settings (lists one per line, numbers as text)."""
        shown = {name: "\n".join(value) if isinstance(value, list) else value for name, value in settings.items()}
        return cls(data={name: "" if value is None else str(value) for name, value in shown.items()})

    def setting_fields(self) -> list[Field]:
        return [field for field in self if field.name != "csrf_token"]

    def api_data(self) -> dict[str, Any]:
        """The submitted settings as the API takes them (address lines as a list, blank lines dropped)."""
        data: dict[str, Any] = {field.name: field.data for field in self.setting_fields()}
        data["address_lines"] = [line.strip() for line in (data["address_lines"] or "").splitlines() if line.strip()]
        return data


class LogoForm(FlaskForm):
    logo = FileField(LazyString(lambda: _("Logo (PNG atau JPEG, paling besar %(size)s, 64–2.000 piksel per sisi)",
                                          size=size_text(current_app.config["SKM_LOGO_UPLOAD_BYTES"]))))
    upload = SubmitField(_l("Unggah logo"))
    remove = SubmitField(_l("Hapus logo"))
