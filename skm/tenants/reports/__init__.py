"""Reports: the official SKM report (PDF), spreadsheets (XLSX, CSV) and the public summary, built by workers."""
