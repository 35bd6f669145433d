"""The web layer every page shares: blueprints, errors, sessions, languages, labels, security headers,
health checks, and the one way a page commits a change."""
