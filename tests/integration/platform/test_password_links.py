"""A user added without a password gets an emailed single-use link to set one."""

import email
import email.policy
import re

from skm.platform.accounts.services import find_user
from skm.workers.tasks.accounts import send_password_link_task
from tests.conftest import OUTBOX, login


def _emailed_link() -> str:
    [mail] = list((OUTBOX / "mail").glob("*.eml"))
    message = email.message_from_bytes(mail.read_bytes(), policy=email.policy.default)
    assert message["To"] == "baru@pdam.id" and "Atur kata sandi" in message["Subject"]
    text = message.get_content()
    return re.search(r"http://\S+/password/(\S+)", text).group(0)


def test_new_user_sets_password_from_the_emailed_link(client, app, make_tenant, make_user, bearer):
    admin = bearer(make_user("admin@pdam.id", tenant=make_tenant("pdam"), role="admin"))
    created = client.post("/api/v1/tenants/pdam/users", json={"email": "baru@pdam.id", "name": "Baru",
                                                               "role": "staff"}, headers=admin)
    assert created.status_code == 201 and created.get_json()["has_password"] is False
    send_password_link_task.run(user_id=find_user("baru@pdam.id").id)  # what the worker runs
    path = _emailed_link().split("127.0.0.1:5000", 1)[1]
    assert client.get(path).status_code == 200
    weak = client.post(path, data={"password": "short", "confirm": "short"})
    assert weak.status_code == 400
    done = client.post(path, data={"password": "Air-Bersih-2026", "confirm": "Air-Bersih-2026"})
    assert done.status_code == 302
    assert client.get("/t/pdam/").status_code == 200  # logged in
    assert app.test_client().get(path).status_code == 410  # single use
    assert login(app.test_client(), "baru@pdam.id", "Air-Bersih-2026").status_code == 302


def test_forged_link_is_refused(client):
    assert client.get("/password/not-a-real-token").status_code == 410
