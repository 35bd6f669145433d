"""Account mails."""

from celery import shared_task

from skm.extensions import db
from skm.platform.accounts.models import User
from skm.platform.accounts.password_links import send_password_link
from skm.workers.celery_app import FlaskTask


@shared_task(base=FlaskTask, name="messages.send_password_link", acks_late=True,
             autoretry_for=(OSError,), retry_backoff=True, max_retries=8)
def send_password_link_task(*, user_id: int) -> None:
    """Email the user a link to set a password, unless they have set one meanwhile."""
    user = db.session.get(User, user_id)
    if user is not None and user.password_hash is None:
        send_password_link(user)


@shared_task(base=FlaskTask, name="messages.send_password_reset", acks_late=True,
             autoretry_for=(OSError,), retry_backoff=True, max_retries=8)
def send_password_reset_task(*, user_id: int) -> None:
    """Email the user a "forgotten password" link, unless the account was deactivated meanwhile."""
    user = db.session.get(User, user_id)
    if user is not None and user.is_active:
        send_password_link(user, "reset")
