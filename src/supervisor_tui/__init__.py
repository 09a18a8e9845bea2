"""supervisor-tui: a live terminal dashboard for police duty supervisors.

The package root and every module outside ``supervisor_tui.app`` form the core: they load
config, open the database, run the metric queries in ``queries/`` and return polars frames
or small dataclasses. The core never imports Textual.

Importing the package caps the process's malloc arenas (:mod:`supervisor_tui.memory`) before
polars, DuckDB or Textual start a thread: every entry point imports it first.
"""

from supervisor_tui.memory import limit_arenas

__version__ = "0.1.0"

limit_arenas()
