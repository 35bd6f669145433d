"""Import every model module so that mappers and Alembic see every table."""

from skm.platform import audit  # noqa: F401
from skm.platform.accounts import models as accounts  # noqa: F401
from skm.platform.agencies import models as agencies  # noqa: F401
from skm.platform.malls import models as malls  # noqa: F401
from skm.platform.oversight import models as oversight  # noqa: F401
from skm.tenants.comments import models as comments  # noqa: F401
from skm.tenants.followups import models as followups  # noqa: F401
from skm.tenants.invitations import models as invitations  # noqa: F401
from skm.tenants.questionnaires import models as questionnaires  # noqa: F401
from skm.tenants.reports import models as reports  # noqa: F401
from skm.tenants.responses import models as responses  # noqa: F401
from skm.tenants.surveys import models as surveys  # noqa: F401
