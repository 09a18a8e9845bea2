"""Keep a long-running reader's memory flat: cap glibc's malloc arenas.

A dashboard reads from a pool of worker threads while DuckDB runs its own threads. glibc's
allocator gives each thread that allocates concurrently an arena of its own (up to eight per
core) and keeps what a read frees in that arena for reuse, so with reads landing on different
threads the resident size climbs arena by arena. Measured (benchmarks/soak.py's writer
against a headless dashboard, 150 rounds): 255 → 310 MB with the default, 229 → 245 MB
with two arenas, for the same figures and no measurable cost to a read.

On a system without glibc (musl, macOS) this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util

#: mallopt's M_ARENA_MAX parameter number (malloc.h).
_M_ARENA_MAX = -8
#: The most arenas a reader process uses.
ARENAS = 2


def limit_arenas(arenas: int = ARENAS) -> bool:
    """Cap the malloc arenas of this process (call early, before reads start). True when
    applied (glibc); False where the C library has no ``mallopt``."""
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(_M_ARENA_MAX, arenas))
