"""Handing the build's free memory back to the system before its largest moment.

A build's memory peaks when the search plugin writes its index: the whole index
as one JSON text, made at the end, when every page's content is still held. By
then rendering some 5000 pages has left room that the C allocator keeps for
later (freed strings between ones still alive): at 5000 entries some 16 MB
that nothing uses. glibc's `malloc_trim` returns the whole pages of that room
to the system, so the index is written in memory the build gives back first
instead of on top of it (README, Performance, has the figures).

Elsewhere (another C library, another system) there is no such call and nothing
is done.
"""

from __future__ import annotations

import ctypes
import sys


def give_back() -> bool:
    """Return the C allocator's free pages to the system; whether it could be asked."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        trim = ctypes.CDLL(None).malloc_trim  # (glibc; musl has no such function)
    except (OSError, AttributeError):
        return False
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    trim(0)
    return True
