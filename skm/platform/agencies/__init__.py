"""Tenants: the agencies (OPD) that run their own surveys on the platform."""
