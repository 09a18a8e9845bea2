"""Errors a user can act on. The CLI prints them as one line and exits non-zero."""


class UserError(Exception):
    """Bad input or environment: the message says what, where and how to fix it."""

    exit_code = 2


class DatabaseError(UserError):
    """The database cannot be opened or is not a supervisor-tui database."""


class DatabaseBusy(DatabaseError):
    """Another process holds the database lock for longer than the retry budget."""


class SampleError(UserError):
    """Arguments the sample generator cannot honour (days, seed, scale, end, path)."""
