"""Keep a long-running reader's memory from spreading: cap glibc's malloc arenas.

A dashboard reads from a pool of worker threads while DuckDB runs its own threads. glibc's
allocator gives each thread that allocates concurrently an arena of its own (up to eight per
core) and keeps what a read frees in that arena for reuse, so reads landing on different
threads spread the process's free memory over many heaps. Measured: after eight threads
allocate at once a plain process has nine heaps, a supervisor-tui process two
(tests/test_memory.py). The soak's figures with and without the cap are in
docs/reliability.md; RSS swings too much within a refresh round to credit the cap with a
figure of its own.

On a system without glibc's ``mallopt`` (musl, macOS) this does nothing.
"""

from __future__ import annotations

import ctypes

#: mallopt's M_ARENA_MAX parameter number (malloc.h).
_M_ARENA_MAX = -8
#: The most arenas a reader process uses.
ARENAS = 2


def limit_arenas(arenas: int = ARENAS) -> bool:
    """Cap the malloc arenas of this process (call early, before reads start). True when
    applied (glibc); False where the C library has no ``mallopt``.

    Looks ``mallopt`` up among the symbols already loaded into this process (the C library
    the interpreter runs on), not with ``ctypes.util.find_library``, which runs ``ldconfig``
    and cost about 10 ms of every start."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(_M_ARENA_MAX, arenas))
