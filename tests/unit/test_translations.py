"""Every UI string has its English translation, and the compiled catalogue is up to date.

Indonesian is the source language; a string added without an English entry (or a .po changed
without `make translations`) fails here instead of silently showing Indonesian to English users.
"""

import gettext
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "translations" / "en" / "LC_MESSAGES" / "messages.po"
METHODS = [("skm/**.py", "python"), ("templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "_l": None, "lazy_gettext": None, "ngettext": (1, 2)}


def _catalog():
    with PO.open("rb") as handle:
        return read_po(handle, locale="en")


def test_every_ui_string_has_an_english_translation():
    catalog = _catalog()
    used = {message[2] for message in extract_from_dir(str(ROOT), METHODS, keywords=KEYWORDS)
            if not str(message[0]).startswith((".venv", "tests", "bench"))}
    used = {m if isinstance(m, str) else m[0] for m in used}
    missing = sorted(m for m in used if not (catalog.get(m) and catalog.get(m).string))
    assert not missing, f"run `make translations` and translate: {missing[:20]}"


def test_compiled_catalogue_matches_the_po_file():
    with PO.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [m.id for m in _catalog() if m.id and isinstance(m.id, str) and compiled.gettext(m.id) != m.string]
    assert not stale, f"run `make translations` to compile: {stale[:10]}"
