"""The public addresses of a mall's resident pages (for the API, QR codes and posters)."""

from __future__ import annotations

from flask import url_for

from skm.platform.malls.models import Mall, MallCounter
from skm.tenants.collection.services import absolute


def mall_url(mall: Mall, kiosk: bool = False) -> str:
    return absolute(url_for("respond.mall_kiosk" if kiosk else "respond.mall", mall=mall.slug))


def counter_url(counter: MallCounter) -> str:
    return absolute(url_for("respond.mall_counter", mall=counter.mall.slug, counter=counter.id))
