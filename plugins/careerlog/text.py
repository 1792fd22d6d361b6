"""How dates and numbers read on the page and in the terminal.

Month names are spelled here rather than taken from the C library, so the
output never depends on the machine's locale (builds stay reproducible).
"""

from __future__ import annotations

import datetime as dt

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def human_date(value: dt.date) -> str:
    """2026-06-01 -> '1 Jun 2026'."""
    return f"{value.day} {MONTHS[value.month - 1][:3]} {value.year}"


def month_label(value: dt.date, *, short: bool = False) -> str:
    """2026-03-xx -> 'March 2026' (or 'Mar 2026')."""
    name = MONTHS[value.month - 1]
    return f"{name[:3] if short else name} {value.year}"


def number(value: float | None) -> str:
    """A number as a reader writes it: 3, 2.5, 0.125; '—' for none."""
    if value is None:
        return "—"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
