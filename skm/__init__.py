"""SKM: the public-service satisfaction survey platform (PermenPANRB 14/2017)."""

from skm.app import create_app

__all__ = ["create_app"]
