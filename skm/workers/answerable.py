"""The one condition for picking invitations to message: their survey still takes answers.

A message is only worth sending while its link can be answered: the survey is open and its period
has not ended in the tenant's local date (the respond pages answer 410 otherwise). The claim, the
due reminders and the sweeper all apply this condition, so a closed survey's invitations stay as
they are (pending, or sent without further reminders): never queued, never sent, never failed.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Case, Exists, case, select

from skm.platform.agencies.models import TIMEZONES, Tenant
from skm.tenants.invitations.models import Invitation
from skm.tenants.surveys.models import Survey


def survey_answerable(now: datetime) -> Exists:
    """SQL correlated to ``Invitation``: its survey is open and its period has not ended at ``now``."""
    return (select(Survey.id).join(Tenant, Tenant.id == Survey.tenant_id)
            .where(Survey.id == Invitation.survey_id, Survey.status == "open", Survey.ends_on >= _local_today(now))
            .exists())


def _local_today(now: datetime) -> Case:
    """The tenant's date at ``now`` as SQL: computed here for each supported zone, chosen by the tenant's."""
    return case({zone: now.astimezone(ZoneInfo(zone)).date() for zone in TIMEZONES}, value=Tenant.timezone)
