"""GSM 03.38 (GSM-7): what one SMS segment holds, and names made safe for it.

An SMS of GSM-7 characters holds 160 of them in one segment (153 per segment once split); a single
character outside the alphabet switches the whole message to UCS-2, 70 per segment. Each segment
is billed, so an invitation must stay within one: the SMS templates are short, and the agency's
name is brought into the alphabet and to at most :data:`NAME_LIMIT` characters.
"""

from __future__ import annotations

import unicodedata

BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
#: characters sent as an escape plus one (two septets each)
EXTENSION = set("^{}\\[~]|€\f")
SEGMENT = 160
#: the longest agency name an SMS carries (the templates leave room for it and a link)
NAME_LIMIT = 40
_LOOKALIKES = {"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "..."}


def is_gsm7(text: str) -> bool:
    return all(char in BASIC or char in EXTENSION for char in text)


def septets(text: str) -> int:
    """The length of ``text`` in GSM-7 septets (extension characters count twice)."""
    return sum(2 if char in EXTENSION else 1 for char in text)


def fits_one_segment(text: str) -> bool:
    return segments(text) == 1


def segments(text: str) -> int:
    """How many billed messages ``text`` is sent as (GSM-7: 160, then 153 each; UCS-2: 70, then 67)."""
    if is_gsm7(text):
        length, single, part = septets(text), SEGMENT, 153
    else:
        length, single, part = len(text.encode("utf-16-le")) // 2, 70, 67
    return 1 if length <= single else -(-length // part)


def sms_name(name: str) -> str:
    """``name`` in the GSM-7 alphabet, cut at a word boundary to :data:`NAME_LIMIT` characters."""
    safe = "".join(_to_gsm7(char) for char in name.strip())
    if len(safe) <= NAME_LIMIT:
        return safe
    cut = safe[:NAME_LIMIT + 1].rsplit(" ", 1)[0]
    return (cut if len(cut) <= NAME_LIMIT else safe[:NAME_LIMIT]).rstrip(" ,.-")


def _to_gsm7(char: str) -> str:
    if char in BASIC or char in EXTENSION:
        return char
    if char in _LOOKALIKES:
        return _LOOKALIKES[char]
    plain = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return plain if plain and all(c in BASIC for c in plain) else "?"
