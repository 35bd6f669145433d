"""Every audited action: its code (what the API and the CSV export show) and its label.

``record()`` refuses a code that is not listed here, so a typo fails the first test that
reaches it instead of writing an entry nobody can filter on.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ACTIONS = {
    # sign-ins (platform-wide: a person may belong to several agencies)
    "auth.signed_in": _l("Masuk"),
    "auth.sign_in_failed": _l("Gagal masuk"),
    "token.issued": _l("Token API dibuat"),
    "token.revoked": _l("Token API dicabut"),
    "password.reset_requested": _l("Tautan atur ulang kata sandi diminta"),
    "password.reset": _l("Kata sandi diatur lewat tautan"),
    "password.changed": _l("Kata sandi diganti"),
    "user.deactivated": _l("Pengguna dinonaktifkan"),
    "user.reactivated": _l("Pengguna diaktifkan kembali"),
    # a tenant's people
    "user.added": _l("Pengguna ditambahkan"),
    "user.role_changed": _l("Peran pengguna diubah"),
    # the tenant lifecycle (platform admins) and the agency's settings
    "tenant.created": _l("Instansi dibuat"),
    "tenant.updated": _l("Data instansi diubah"),
    "tenant.suspended": _l("Instansi ditangguhkan"),
    "tenant.reactivated": _l("Instansi diaktifkan kembali"),
    "tenant.settings_changed": _l("Pengaturan instansi diubah"),
    # questionnaires
    "questionnaire.copied": _l("Kuesioner disalin"),
    "questionnaire.versioned": _l("Versi baru kuesioner"),
    "questionnaire.element_changed": _l("Unsur kuesioner diubah"),
    "questionnaire.element_added": _l("Unsur kuesioner ditambahkan"),
    "questionnaire.weights_changed": _l("Bobot kuesioner diubah"),
    # surveys
    "survey.created": _l("Survei dibuat"),
    "survey.opened": _l("Survei dibuka"),
    "survey.closed": _l("Survei ditutup"),
    "survey.published": _l("Hasil survei dipublikasikan"),
    "survey.withdrawn": _l("Publikasi survei ditarik"),
    # invitations
    "invitations.uploaded": _l("Kontak diunggah"),
    "invitations.sent": _l("Undangan dikirim"),
    # downloads
    "report.downloaded": _l("Laporan diunduh"),
    "export.downloaded": _l("Ekspor diunduh"),
    "audit.exported": _l("Jejak audit diekspor"),
    # service malls (platform-wide)
    "mall.created": _l("Mal pelayanan dibuat"),
    "mall.changed": _l("Mal pelayanan diubah"),
}

#: what the filters accept besides a code: a family, e.g. ``survey`` for every ``survey.*``
FAMILIES = tuple(sorted({code.split(".")[0] for code in ACTIONS}))
