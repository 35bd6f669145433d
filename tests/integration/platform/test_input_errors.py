"""Service refusals are translated when read, so workers and the CLI get Indonesian unless a locale is forced."""

import pytest
from flask_babel import force_locale

from skm.platform.agencies.services import create_tenant
from skm.platform.inputs.errors import InputError


def test_a_refusal_is_indonesian_outside_a_request_and_follows_a_forced_locale(app_ctx):
    with pytest.raises(InputError) as caught:
        create_tenant("admin", "Instansi")
    assert str(caught.value) == "slug: Kode ini dicadangkan; pilih kode lain."
    with force_locale("en"):
        assert caught.value.message == "This code is reserved; choose another."
