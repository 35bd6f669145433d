"""Staff downloads for a service counter: QR code (PNG, SVG) and an A4 poster (PDF)."""

from __future__ import annotations

import io

from PIL import Image

from tests.conftest import login
from tests.respond_support import open_survey


def test_staff_download_qr_codes_and_posters_per_counter(client, make_tenant, make_user):
    tenant = make_tenant("pdam", "PDAM Tirta Mentaya")
    make_user("staf@pdam.id", tenant=tenant, role="staff")
    survey = open_survey(tenant, service_types=("Sambungan baru",))
    service = survey.service_types[0]
    login(client, "staf@pdam.id")
    base = f"/t/pdam/surveys/{survey.id}/collection"
    page = client.get(base + "/").get_data(as_text=True)
    assert f"/s/pdam/{survey.public_code}" in page and "Sambungan baru" in page
    png = client.get(f"{base}/qr.png?st={service.id}")
    assert png.mimetype == "image/png" and Image.open(io.BytesIO(png.data)).size[0] >= 250
    svg = client.get(f"{base}/qr.svg")
    assert svg.mimetype == "image/svg+xml" and b"<svg" in svg.data
    pdf = client.get(f"{base}/poster.pdf?st={service.id}")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert "attachment" in pdf.headers["Content-Disposition"]
    assert client.get(f"{base}/poster.pdf?st=999").status_code == 404


def test_another_tenants_survey_is_404(client, make_tenant, make_user):
    a, b = make_tenant("alpha"), make_tenant("beta")
    make_user("staf@beta.id", tenant=b, role="staff")
    survey = open_survey(a)
    login(client, "staf@beta.id")
    assert client.get(f"/t/beta/surveys/{survey.id}/collection/qr.png").status_code == 404
    assert client.get(f"/t/alpha/surveys/{survey.id}/collection/qr.png").status_code == 404
