"""``supervisor-tui serve``: the same dashboard in a browser (textual-serve), for a wall display.

On loopback it serves as before. Beyond loopback (a non-loopback ``--host``, or a
``--public-url`` other machines use) browsers need the shared secret (``[serve] token``, or one
generated and printed at start) and names are hidden unless ``--show-names``. The server itself
is :mod:`supervisor_tui.serving.server`.
"""

from __future__ import annotations

import argparse
import shlex
import sys

from supervisor_tui.commands._shared import config_from, ensure_readable, target_from
from supervisor_tui.commands.dashboard import (
    DASHBOARD_OPTIONS,
    add_dashboard_options,
    check_kiosk,
)
from supervisor_tui.errors import UserError
from supervisor_tui.serving.server import (
    ServePlan,
    is_loopback,
    link_with_token,
    new_token,
    public_host,
    public_url_for,
)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000

__all__ = ["dashboard_command", "is_loopback", "register", "run"]


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"port {text!r} is not a number (1-65535)") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port {port} is out of range (1-65535)")
    return port


def dashboard_command(args: argparse.Namespace, db_path: str) -> str:
    """The shell command textual-serve runs for each browser session: every dashboard option
    given to ``serve`` is passed on (flags as flags)."""
    argv = [sys.executable, "-m", "supervisor_tui", "--db", db_path]
    if getattr(args, "config", None):
        argv += ["--config", args.config]
    for name in DASHBOARD_OPTIONS:
        value = getattr(args, name, None)
        option = "--" + name.replace("_", "-")
        if value is True:
            argv.append(option)
        elif value not in (None, False):
            argv += [option, str(value)]
    return shlex.join(argv)


def plan_from(args: argparse.Namespace, config_token: str | None, title: str) -> ServePlan:
    """Check the network options and decide access control and redaction (``args.redact`` is
    set when names must be hidden). Prints nothing."""
    check_kiosk(args)
    public_url = public_url_for(args.host, args.port, args.public_url)
    beyond = not is_loopback(args.host) or not is_loopback(public_host(public_url))
    token = config_token
    if beyond and token is None:
        token = new_token()
    if beyond and not args.show_names:
        args.redact = True
    return ServePlan(
        command="",
        host=args.host,
        port=args.port,
        public_url=public_url,
        token=token,
        title=title,
        kiosk=bool(getattr(args, "kiosk", False)),
    )


def run(args: argparse.Namespace) -> int:
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        raise UserError(
            "serve needs textual-serve, which is not installed; install the serve extra: "
            "pip install 'supervisor-tui[serve]'"
        ) from None
    from dataclasses import replace

    from supervisor_tui.app import build_app
    from supervisor_tui.serving.server import serve

    config = config_from(args)
    target = ensure_readable(target_from(args, config))
    plan = plan_from(args, config.serve_token, f"supervisor-tui — {target.path.name}")
    build_app(args, config, target)  # every dashboard option checked here, before serving
    plan = replace(plan, command=dashboard_command(args, str(target.path)))
    say = lambda text: print(f"supervisor-tui: {text}", file=sys.stderr)  # noqa: E731
    if plan.token is not None:
        if config.serve_token is None:
            say(
                "access needs a token; a new one was made for this run (set [serve] token in "
                "the config file to keep one across restarts)"
            )
        else:
            say("access needs the [serve] token from the config file")
    if args.redact or config.redact:
        hint = "" if args.show_names else " (pass --show-names to show them)"
        say(f"names are hidden{hint}")
    say(f"serving the dashboard at {link_with_token(plan.public_url, plan.token)}")
    sys.stderr.flush()
    serve(plan)
    return 0


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "serve",
        parents=[common],
        help="serve the dashboard to web browsers (textual-serve; loopback only by default)",
        description="Serve the dashboard to web browsers. Beyond loopback, browsers need a "
        "token (printed at start, or [serve] token) and names are hidden unless --show-names.",
    )
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default {DEFAULT_HOST}; 0.0.0.0 needs --public-url)",
    )
    parser.add_argument(
        "--port", type=_port, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})"
    )
    parser.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers use, e.g. http://wall-pc:8000 (default: from --host; "
        "required with a wildcard host such as 0.0.0.0)",
    )
    parser.add_argument(
        "--show-names",
        action="store_true",
        help="show personal names when serving beyond loopback (hidden by default there)",
    )
    add_dashboard_options(parser)  # --kiosk among them: a read-only wall that restarts itself
    parser.set_defaults(handler=run)
