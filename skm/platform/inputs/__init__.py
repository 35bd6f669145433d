"""Input from people and files: the InputError every service raises, request guards, contact checks,
and the CSV/XLSX grid reader (answers, paper imports, contact lists)."""
