"""supervisor-tui caps glibc's malloc arenas (supervisor_tui.memory) before anything else, so reads
on many threads share two arenas instead of each growing its own (see docs/reliability.md)."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

#: Eight threads allocating at once, then glibc's own count of its heaps (malloc_info).
ARENAS = """
import sys
if sys.argv[1] == "plain":  # the libraries alone, as a process that never imports supervisor-tui
    import duckdb, polars, textual
import ctypes, ctypes.util, tempfile, threading
if sys.argv[1] == "cli":  # what the `supervisor-tui` command imports, the dashboard's too
    import supervisor_tui.cli
    from supervisor_tui.app.app import DashboardApp
    DashboardApp(db_path="unused.duckdb")
libc = ctypes.CDLL(ctypes.util.find_library("c"))
barrier = threading.Barrier(8)
def work():
    barrier.wait()
    keep = [bytearray(4096) for _ in range(2000)]
    barrier.wait()
threads = [threading.Thread(target=work) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join()
libc.fopen.restype = ctypes.c_void_p
with tempfile.NamedTemporaryFile("r") as out:
    f = libc.fopen(out.name.encode(), b"w")
    libc.malloc_info(0, ctypes.c_void_p(f))
    libc.fclose(ctypes.c_void_p(f))
    print(open(out.name).read().count("<heap nr="))
"""


def heaps(mode: str) -> int:
    out = subprocess.run(
        [sys.executable, "-c", ARENAS, mode],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return int(out.stdout.strip())


@pytest.mark.skipif(
    platform.system() != "Linux" or platform.libc_ver()[0] != "glibc", reason="needs glibc"
)
def test_a_supervisor_tui_process_allocates_from_at_most_two_arenas() -> None:
    assert heaps("plain") > 2  # without the cap, threads allocating at once get their own
    assert heaps("cli") <= 2
