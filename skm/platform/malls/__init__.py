"""Service malls (Mal Pelayanan Publik): counters of several agencies under one roof, one QR code."""
