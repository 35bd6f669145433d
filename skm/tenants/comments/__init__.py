"""Residents' comments (kritik dan saran): staff triage, tags and approval for publication."""
