"""supervisor-tui: a live terminal dashboard for police duty supervisors.

The package root and every module outside ``supervisor_tui.app`` form the core: they load
config, open the database, run the metric queries in ``queries/`` and return polars frames
or small dataclasses. The core never imports Textual.
"""

__version__ = "0.1.0"
