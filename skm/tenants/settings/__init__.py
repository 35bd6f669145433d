"""The agency's own settings: identity, letterhead, head of agency, report texts, messaging."""
