"""Import every model module so that mappers and Alembic see every table."""

from skm.platform import audit  # noqa: F401
from skm.platform.accounts import models as accounts  # noqa: F401
from skm.platform.agencies import models as agencies  # noqa: F401
