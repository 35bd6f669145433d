"""The audit trail: an append-only log of who did what, in which tenant, from where.

Writing an entry: ``record(action, tenant_id=None, target=None, actor=None, **detail)`` adds
one :class:`AuditEntry` to the session; the caller's commit stores it with the change itself
(so a rolled-back change leaves no entry). ``action`` must be a code of
:data:`ACTIONS` (``skm/platform/audit/catalogue.py``), for example::

    record("survey.opened", target=survey)                      # inside the tenant's scope
    record("tenant.settings_changed", tenant_id=tenant.id, target=tenant,
           before={"sender": "A"}, after={"sender": "B"})        # before → after for settings
    record("mall.changed", target=mall, before=old, after=new)  # platform-wide

The tenant is ``tenant_id`` or, when omitted, the active tenant scope; with neither the entry
is platform-wide (seen by platform admins only). ``target`` is a model instance (its table's
singular name and id) or a ``(type, id)`` pair. ``actor`` overrides the logged-in user (a
sign-in records the user who just signed in; a failed one the address that was tried).

Reading: tenant admins see their tenant's entries (``/t/<slug>/audit``, ``GET
/api/v1/tenants/<slug>/audit``), platform admins every entry (``/admin/audit``, ``GET
/api/v1/audit``), both filterable and exportable as CSV (``skm/platform/audit/queries.py``).

Nothing in the application changes or deletes an entry: there is no such route, and on
PostgreSQL a trigger refuses UPDATE and DELETE even from the tables' owner. Entries older than
``SKM_AUDIT_RETENTION_DAYS`` (default two years) are pruned by the ``audit.prune`` beat task
through the one narrow opening the trigger leaves (``skm/platform/audit/retention.py``).
"""

from skm.platform.audit.catalogue import ACTIONS
from skm.platform.audit.models import AuditEntry
from skm.platform.audit.recording import record

__all__ = ["ACTIONS", "AuditEntry", "record"]
