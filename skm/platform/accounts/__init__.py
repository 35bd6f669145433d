"""Users, their memberships and roles, passwords and API tokens."""
