"""Data foundations: the tenant scope every query obeys, column types, the clock."""
