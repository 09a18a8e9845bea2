"""``supervisor-tui serve``: the same dashboard in a browser (textual-serve), for a wall display."""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys

from supervisor_tui.commands._shared import config_from, ensure_readable, target_from
from supervisor_tui.commands.dashboard import add_dashboard_options
from supervisor_tui.errors import UserError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"port {text!r} is not a number (1-65535)") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port {port} is out of range (1-65535)")
    return port


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def dashboard_command(args: argparse.Namespace, db_path: str) -> str:
    """The shell command textual-serve runs for each browser session."""
    argv = [sys.executable, "-m", "supervisor_tui", "--db", db_path]
    if args.config:
        argv += ["--config", args.config]
    for option in ("area", "window", "as_of", "refresh", "theme"):
        value = getattr(args, option, None)
        if value is not None:
            argv += [f"--{option.replace('_', '-')}", str(value)]
    if args.redact:
        argv.append("--redact")
    return shlex.join(argv)


def run(args: argparse.Namespace) -> int:
    try:
        from textual_serve.server import Server
    except ImportError:
        raise UserError(
            "serve needs textual-serve, which is not installed; install the serve extra: "
            "pip install 'supervisor-tui[serve]'"
        ) from None
    from supervisor_tui.app import build_app

    config = config_from(args)
    target = ensure_readable(target_from(args, config))
    build_app(args, config, target)  # every option checked here, before serving
    if not is_loopback(args.host):
        print(
            f"supervisor-tui: warning: serving on {args.host}: anyone who can reach this "
            f"machine on port {args.port} can see the dashboard",
            file=sys.stderr,
        )
    print(
        f"supervisor-tui: serving the dashboard at http://{args.host}:{args.port}", file=sys.stderr
    )
    server = Server(
        dashboard_command(args, str(target.path)),
        host=args.host,
        port=args.port,
        title="supervisor-tui",
    )
    server.serve()
    return 0


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "serve",
        parents=[common],
        help="serve the dashboard to a web browser (textual-serve; loopback only by default)",
    )
    parser.add_argument(
        "--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST})"
    )
    parser.add_argument(
        "--port", type=_port, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})"
    )
    add_dashboard_options(parser)
    parser.set_defaults(handler=run)
