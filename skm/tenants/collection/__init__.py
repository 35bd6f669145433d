"""Collecting answers at the counter: QR codes, posters and ticket links for a survey."""
