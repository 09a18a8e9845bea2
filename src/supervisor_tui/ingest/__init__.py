"""Getting data in: validated, idempotent loading of every schema table and the
data.police.uk street-level crime import. No Textual here."""

from supervisor_tui.ingest.errors import UnusableInput
from supervisor_tui.ingest.load import DEFAULT_LOCK_TIMEOUT, FileResult, LoadReport, load_files
from supervisor_tui.ingest.police_uk import PoliceReport, import_police_uk

__all__ = [
    "DEFAULT_LOCK_TIMEOUT",
    "FileResult",
    "LoadReport",
    "PoliceReport",
    "UnusableInput",
    "import_police_uk",
    "load_files",
]
