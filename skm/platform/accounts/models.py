"""Users, tenant memberships and API tokens."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from skm.extensions import db
from skm.platform.agencies.models import Tenant
from skm.platform.data.db_types import UTCDateTime, utcnow
from skm.platform.data.tenancy import TenantScoped

ROLES = ("admin", "staff", "viewer")


class User(UserMixin, db.Model):
    """A person who logs in: agency staff or a platform (regency) admin. Residents never log in."""

    __tablename__ = "platform_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: login name, stored lowercased
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    #: argon2 hash; None until the user sets a password through an emailed link
    password_hash: Mapped[str | None] = mapped_column(String(255))
    #: central (regency) admin: every tenant, read everywhere, tenant lifecycle
    is_platform_admin: Mapped[bool] = mapped_column(default=False)
    is_enabled: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.is_enabled

    def __repr__(self) -> str:
        return f"<User({self.id}, {self.email!r})>"


class Membership(TenantScoped, db.Model):
    """A user's role in one tenant."""

    __tablename__ = "platform_memberships"
    __table_args__ = (
        UniqueConstraint("tenant_id", "user_id"),
        Index(None, "user_id"),
        CheckConstraint("role IN ('admin', 'staff', 'viewer')", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("platform_users.id", ondelete="CASCADE"))
    #: ``admin`` (users and settings), ``staff`` (surveys, invitations, reports), ``viewer`` (read)
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(lazy="joined")
    tenant: Mapped[Tenant] = relationship()

    def __repr__(self) -> str:
        return f"<Membership({self.tenant_id}, {self.user_id}): {self.role}>"


class ApiToken(db.Model):
    """A bearer token for the API; only its SHA-256 is stored."""

    __tablename__ = "platform_api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("platform_users.id", ondelete="CASCADE"), index=True)
    #: hex SHA-256 of the token (the token has 256 random bits, so a fast hash is enough)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="joined")

    def is_valid(self, now: datetime) -> bool:
        return self.revoked_at is None and self.expires_at > now and self.user.is_active
