"""Report wording in Indonesian (default) and English, and the tenant's editable texts.

The agency edits the background and the team on its settings page (skm/tenants/settings, stored
under ``tenant.settings["report"]``); older rows may hold more texts there (legal basis, purpose,
location …), read by :func:`setting`. These defaults apply where it has set none.
"""

from __future__ import annotations

from typing import Any

LEGAL_BASIS = {
    "id": [
        "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik;",
        "Peraturan Pemerintah Nomor 96 Tahun 2012 tentang Pelaksanaan Undang-Undang Nomor 25 Tahun 2009 "
        "tentang Pelayanan Publik;",
        "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 14 Tahun 2017 tentang "
        "Pedoman Penyusunan Survei Kepuasan Masyarakat Unit Penyelenggara Pelayanan Publik.",
    ],
    "en": [
        "Law Number 25 of 2009 on Public Services;",
        "Government Regulation Number 96 of 2012 implementing Law Number 25 of 2009;",
        "Regulation of the Minister for Administrative and Bureaucratic Reform Number 14 of 2017 on the "
        "guidelines for public satisfaction surveys of public service units.",
    ],
}

BACKGROUND = {
    "id": ("Pelayanan publik yang berkualitas merupakan hak masyarakat dan kewajiban penyelenggara pelayanan. "
           "Sesuai Undang-Undang Nomor 25 Tahun 2009, setiap penyelenggara wajib melakukan penilaian kinerja "
           "secara berkala, salah satunya melalui Survei Kepuasan Masyarakat (SKM). {agency} melaksanakan SKM "
           "untuk mengetahui tingkat kepuasan masyarakat atas pelayanan yang diberikan serta sebagai dasar "
           "perbaikan kualitas pelayanan secara berkelanjutan."),
    "en": ("Good public services are a right of the public and a duty of every service provider. Under Law "
           "Number 25 of 2009 each provider must assess its performance regularly, among others through the "
           "public satisfaction survey (SKM). {agency} runs the SKM to learn how satisfied the public is with "
           "its services and to improve them continuously."),
}

PURPOSE = {
    "id": ("Maksud pelaksanaan SKM adalah mengukur tingkat kepuasan masyarakat sebagai pengguna layanan. "
           "Tujuannya adalah mengetahui kelemahan dan kekuatan setiap unsur pelayanan, sebagai bahan penetapan "
           "kebijakan perbaikan pelayanan, dan sebagai sarana partisipasi masyarakat."),
    "en": ("The survey measures how satisfied the users of the services are. It shows the weak and strong points "
           "of each service element, informs the improvement policy, and lets the public take part."),
}

METHOD = {
    "id": ("Pengumpulan data dilakukan dengan kuesioner yang diisi sendiri oleh responden, secara daring (tautan "
           "undangan, tautan terbuka atau kode QR) maupun di lokasi pelayanan. Kuesioner memuat sembilan unsur "
           "pelayanan sesuai PermenPANRB Nomor 14 Tahun 2017 dengan empat pilihan jawaban bernilai 1 sampai 4."),
    "en": ("Data were collected with a questionnaire the respondents filled in themselves, online (invitation "
           "links, open links or QR codes) or at the service location. It covers the service elements of "
           "regulation 14/2017 with four answers scored 1 to 4."),
}

CONCLUSION = {
    "id": ("Berdasarkan hasil pengolahan data, Indeks Kepuasan Masyarakat (IKM) {agency} periode {period} adalah "
           "{ikm} dengan mutu pelayanan {mutu} ({kinerja}). Unsur dengan nilai terendah adalah {lowest}; unsur "
           "tersebut menjadi prioritas perbaikan dalam rencana tindak lanjut. Unsur dengan nilai tertinggi adalah "
           "{highest} dan perlu dipertahankan."),
    "en": ("The public satisfaction index (IKM) of {agency} for {period} is {ikm}, service quality {mutu} "
           "({kinerja}). The lowest-scoring elements are {lowest}; they are the priorities of the follow-up plan. "
           "The highest-scoring elements are {highest} and should be maintained."),
}

# Short labels: (Indonesian, English)
LABELS: dict[str, tuple[str, str]] = {
    "title": ("LAPORAN PELAKSANAAN SURVEI KEPUASAN MASYARAKAT (SKM)", "PUBLIC SATISFACTION SURVEY (SKM) REPORT"),
    "period": ("PERIODE", "PERIOD"),
    "bab1": ("BAB I PENDAHULUAN", "CHAPTER I INTRODUCTION"),
    "bab2": ("BAB II PENGUMPULAN DATA SKM", "CHAPTER II DATA COLLECTION"),
    "bab3": ("BAB III HASIL PENGOLAHAN DATA SKM", "CHAPTER III RESULTS"),
    "bab4": ("BAB IV ANALISIS HASIL SKM", "CHAPTER IV ANALYSIS"),
    "bab5": ("BAB V KESIMPULAN", "CHAPTER V CONCLUSION"),
    "appendix": ("LAMPIRAN", "APPENDICES"),
    "1.1": ("1.1 Latar Belakang", "1.1 Background"),
    "1.2": ("1.2 Dasar Pelaksanaan SKM", "1.2 Legal basis"),
    "1.3": ("1.3 Maksud dan Tujuan", "1.3 Purpose"),
    "2.1": ("2.1 Pelaksana SKM", "2.1 Survey team"),
    "2.2": ("2.2 Metode Pengumpulan Data", "2.2 Data collection method"),
    "2.3": ("2.3 Lokasi Pengumpulan Data", "2.3 Location"),
    "2.4": ("2.4 Waktu Pelaksanaan SKM", "2.4 Timetable"),
    "2.5": ("2.5 Penentuan Jumlah Responden", "2.5 Number of respondents"),
    "3.1": ("3.1 Jumlah dan Profil Responden", "3.1 Respondents and their profile"),
    "3.2": ("3.2 Indeks Kepuasan Masyarakat (IKM)", "3.2 Public satisfaction index (IKM)"),
    "3.3": ("3.3 IKM per Jenis Layanan", "3.3 IKM per service type"),
    "4.1": ("4.1 Analisis Kelemahan dan Kelebihan Layanan", "4.1 Weak and strong points"),
    "4.2": ("4.2 Rencana Tindak Lanjut", "4.2 Follow-up plan"),
    "4.3": ("4.3 Tren Nilai SKM", "4.3 Trend"),
    "l1": ("Lampiran 1. Kuesioner", "Appendix 1. Questionnaire"),
    "l2": ("Lampiran 2. Pengolahan Data per Responden dan per Unsur Pelayanan",
           "Appendix 2. Processing per respondent and element"),
    "l3": ("Lampiran 3. Saran dan Masukan Masyarakat", "Appendix 3. Residents' comments"),
    "gender": ("Jenis Kelamin", "Sex"),
    "age_band": ("Usia", "Age"),
    "education": ("Pendidikan", "Education"),
    "occupation": ("Pekerjaan", "Occupation"),
    "count": ("Jumlah", "Count"),
    "percent": ("Persentase", "Percent"),
    "no": ("No", "No"),
    "element": ("Unsur Pelayanan", "Service element"),
    "grade": ("Mutu", "Grade"),
    "nrr_w": ("NRR\nTertimbang", "Weighted\nNRR"),
    "ikm": ("IKM", "IKM"),
    "interval": ("Selang kepercayaan 95%", "95% confidence interval"),
    "kinerja": ("Kinerja unit pelayanan", "Service unit performance"),
    "respondents": ("Responden", "Respondents"),
    "service": ("Jenis Layanan", "Service type"),
    "population": ("Populasi penerima layanan (N)", "Population served (N)"),
    "target": ("Sampel minimal (Krejcie & Morgan)", "Minimum sample (Krejcie & Morgan)"),
    "actual": ("Responden yang mengisi", "Respondents who answered"),
    "not_set": ("belum diisi", "not set"),
    "weights_exact": ("Bobot yang digunakan: bobot tepat 1/9 per unsur (nilai penimbang sama).",
                      "Weights used: exact 1/9 per element (equal weights)."),
    "weights_legacy": ("Bobot yang digunakan: mode lama 0,111 per unsur (untuk mencocokkan lembar kerja lama).",
                       "Weights used: legacy 0.111 per element (to match historical spreadsheets)."),
    "rtl_priority": ("Prioritas Unsur", "Priority element"),
    "rtl_program": ("Program/Kegiatan", "Programme/activity"),
    "rtl_time": ("Waktu", "When"),
    "rtl_owner": ("Penanggung Jawab", "Responsible"),
    "rtl_program_default": ("Evaluasi dan perbaikan unsur {name}", "Review and improve {name}"),
    "rtl_time_default": ("Triwulan berikutnya", "Next quarter"),
    "rtl_generic_note": ("Register rencana tindak lanjut survei ini masih kosong. Tabel berikut hanya usulan umum "
                         "untuk tiga unsur terendah, bukan rencana yang telah ditetapkan.",
                         "This survey's follow-up register is still empty. The table below is only a generic "
                         "proposal for the three lowest elements, not an adopted plan."),
    "rtl_status": ("Status", "Status"),
    "rtl_previous": ("Tindak lanjut periode sebelumnya ({survey})", "Follow-up of the previous period ({survey})"),
    "rtl_evidence": ("Bukti", "Evidence"),
    "status_planned": ("direncanakan", "planned"),
    "status_in_progress": ("sedang berjalan", "in progress"),
    "status_done": ("selesai", "done"),
    "status_overdue": ("terlambat", "overdue"),
    "no_data": ("Belum ada responden pada periode ini.", "No respondents in this period yet."),
    "page": ("Halaman", "Page"),
    "sum_row": ("Σ Nilai/Unsur", "Σ per element"),
    "nrr_row": ("NRR/Unsur", "NRR per element"),
    "nrrw_row": ("NRR Tertimbang/Unsur", "Weighted NRR per element"),
    "ikm_unit": ("IKM UNIT PELAYANAN", "IKM OF THE SERVICE UNIT"),
    "frequency_note": ("Jumlah responden ({n}) melebihi {limit}; lampiran ini memuat frekuensi jawaban per unsur. "
                       "Tabel per responden tersedia dalam berkas spreadsheet (XLSX).",
                       "There are {n} respondents (more than {limit}); this appendix shows the answer frequencies "
                       "per element. The per-respondent table is in the spreadsheet (XLSX)."),
    "comments_note": ("Menampilkan {shown} dari {total} saran terbaru, yang terbaru lebih dulu; seluruhnya tersedia "
                      "dalam spreadsheet. Nomor telepon dan alamat email disamarkan.",
                      "Showing {shown} of {total} latest comments, newest first; all are in the spreadsheet. Phone "
                      "numbers and email addresses are masked."),
    "date": ("Tanggal", "Date"),
    "timetable": ("Kegiatan", "Activity"),
    "signed": ("Kepala", "Head"),
}

KETERANGAN = {
    "id": ("Keterangan: NRR per unsur = jumlah nilai per unsur dibagi jumlah kuesioner yang terisi; NRR "
           "tertimbang = NRR per unsur x bobot; IKM = jumlah NRR tertimbang x 25. Mutu pelayanan: "
           "88,31–100,00 A (Sangat Baik); 76,61–88,30 B (Baik); 65,00–76,60 C (Kurang Baik); "
           "25,00–64,99 D (Tidak Baik)."),
    "en": ("Notes: NRR per element = sum of the element's scores / answers given; weighted NRR = NRR x "
           "weight; IKM = sum of the weighted NRRs x 25. Grades: 88.31–100.00 A (Very good); "
           "76.61–88.30 B (Good); 65.00–76.60 C (Fair); 25.00–64.99 D (Poor)."),
}

TIMETABLE = {
    "id": ["Persiapan", "Pengumpulan Data", "Pengolahan Data dan Analisis Hasil", "Penyusunan dan Pelaporan Hasil"],
    "en": ["Preparation", "Data collection", "Processing and analysis", "Writing and reporting"],
}


def t(key: str, language: str) -> str:
    return LABELS[key][1 if language == "en" else 0]


def setting(settings: dict[str, Any], key: str, language: str, default: Any) -> Any:
    """The tenant's own text for ``key`` (``report.<key>`` or ``report.<key>_en``), else the default."""
    report = (settings or {}).get("report") or {}
    own = report.get(f"{key}_en" if language == "en" else key)
    return own if own else default
