"""The web server of ``supervisor-tui serve``.

The aiohttp application is assembled here from textual-serve's public pieces — its
``Server.handle_websocket`` and ``Server.handle_download`` handlers (one dashboard process per
browser session) and its static files (xterm.js bundle, CSS, the Roboto Mono font) — plus:

- our page (``templates/index.html``): a title, a favicon, the font served from this server
  (no request to any other host; a Content-Security-Policy holds the browser to that), the
  script and websocket pointing at the public URL, and the keyboard focused on load;
- access control when a token is set: every route that carries data (the page, the websocket,
  downloads) needs the token, from the link (``?token=``) or from the cookie the page sets,
  compared in constant time; each refusal is one log line without the secret.

No private textual-serve attribute or method is used.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import secrets
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

from supervisor_tui.errors import UserError

log = logging.getLogger("supervisor_tui.serve")

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
#: The cookie that carries the token after the first visit with ``?token=`` (one per port:
#: browsers share cookies between ports of a host, and two servers have two tokens).
COOKIE = "supervisor_tui_token_{port}"
#: Paths anyone may fetch: assets of the package, no data.
PUBLIC_PREFIXES = ("/static/",)
PUBLIC_PATHS = frozenset({"/favicon.ico", "/favicon.svg"})
#: A kiosk page restarts its session this long after it ends.
KIOSK_RESTART_MS = 3000


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_wildcard(host: str) -> bool:
    """An address that means every interface (no browser can use it)."""
    if host in ("", "*"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return False


def _host_in_url(host: str) -> str:
    try:
        if ipaddress.ip_address(host.strip("[]")).version == 6:
            return f"[{host.strip('[]')}]"
    except ValueError:
        pass
    return host


def public_url_for(host: str, port: int, given: str | None) -> str:
    """The address browsers use, without a trailing slash.

    ``given`` (``--public-url``) is checked; without it the URL is derived from a concrete
    host, and a wildcard host is refused with what to pass."""
    if given is None:
        if is_wildcard(host):
            shown = host or '""'
            raise UserError(
                f"serve --host {shown} listens on every interface, so browsers need an address "
                f"to use: pass --public-url http://<this machine's name or address>:{port}"
            )
        netloc = _host_in_url(host) + ("" if port == 80 else f":{port}")
        return f"http://{netloc}"
    hint = "e.g. --public-url http://wall-pc.example.police.uk:8000"
    try:
        parts = urlsplit(given.strip())
        parts.port  # noqa: B018 - a bad port raises here
    except ValueError:
        raise UserError(f"--public-url {given!r} is not a valid address; {hint}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UserError(
            f"--public-url {given!r}: expected an http:// or https:// address that browsers "
            f"use to reach this server; {hint}"
        )
    if parts.query or parts.fragment or parts.username or parts.password:
        raise UserError(
            f"--public-url {given!r}: give the address only, without user, ?query or #fragment; "
            f"{hint}"
        )
    if is_wildcard(parts.hostname):
        raise UserError(
            f"--public-url {given!r}: {parts.hostname} is not an address a browser can use; "
            f"give this machine's name or address; {hint}"
        )
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def public_host(public_url: str) -> str:
    return urlsplit(public_url).hostname or ""


def new_token() -> str:
    return secrets.token_urlsafe(24)


def same_secret(given: str, token: str) -> bool:
    """Constant-time comparison (bytes, so any text compares without a TypeError)."""
    return hmac.compare_digest(given.encode("utf-8", "replace"), token.encode("utf-8"))


def link_with_token(public_url: str, token: str | None) -> str:
    if token is None:
        return public_url + "/"
    return f"{public_url}/?token={quote(token, safe='')}"


@dataclass(frozen=True)
class ServePlan:
    """Everything the server needs, checked before it starts."""

    command: str
    host: str
    port: int
    public_url: str
    #: None: no access control (loopback, no configured token).
    token: str | None
    title: str
    kiosk: bool = False


def browser_origin(url: str) -> str:
    """``scheme://host[:port]`` as a browser sends it in ``Origin`` (no default port)."""
    parts = urlsplit(url.lower())
    default = {"http": 80, "https": 443, "ws": 80, "wss": 443}.get(parts.scheme)
    try:
        port = "" if parts.port in (None, default) else f":{parts.port}"
    except ValueError:  # a malformed Origin header: matches nothing
        return url.lower()
    return f"{parts.scheme}://{_host_in_url(parts.hostname or '')}{port}"


def _websocket_url(public_url: str) -> str:
    scheme, rest = public_url.split(":", 1)
    return ("wss:" if scheme == "https" else "ws:") + rest + "/ws"


def _content_security_policy(public_url: str) -> str:
    ws = browser_origin(_websocket_url(public_url))
    return (
        "default-src 'self'; "
        f"connect-src 'self' {ws}; "
        "script-src 'self' 'unsafe-inline'; "
        "style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self'; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )


Handler = Callable[..., Awaitable[object]]


def build_application(plan: ServePlan):  # -> aiohttp.web.Application
    """The aiohttp application for ``plan`` (not started)."""
    import jinja2
    import textual_serve
    from aiohttp import web
    from textual_serve.server import Server, to_int

    sessions = Server(
        plan.command,
        host=plan.host,
        port=plan.port,
        title=plan.title,
        public_url=plan.public_url,
    )
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, keep_trailing_newline=True
    )
    template = environment.get_template("index.html")
    serve_static = Path(textual_serve.__file__).parent / "static"
    policy = _content_security_policy(plan.public_url)
    public_origin = browser_origin(plan.public_url)
    secure_cookie = plan.public_url.startswith("https:")
    cookie = COOKIE.format(port=plan.port)

    def refuse(request: web.Request, reason: str) -> web.Response:
        forwarded = request.headers.get("X-Forwarded-For")
        via = f" (forwarded for {forwarded})" if forwarded else ""
        log.warning(
            "refused %s %s from %s%s: %s", request.method, request.path, request.remote, via, reason
        )
        return web.Response(
            status=403,
            text="supervisor-tui: access refused. Open the address printed when the server "
            "started (it carries the token), or ask whoever runs it.\n",
        )

    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        path = request.path
        if plan.token is None or path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES):
            return await handler(request)  # type: ignore[return-value]
        from_link = request.query.get("token")
        given = from_link if from_link is not None else request.cookies.get(cookie)
        if given is None:
            return refuse(request, "no token")
        if not same_secret(given, plan.token):
            return refuse(request, "wrong token")
        origin = request.headers.get("Origin")
        if path == "/ws" and origin is not None and browser_origin(origin) != public_origin:
            return refuse(request, f"websocket from another site ({origin})")
        if from_link is not None and path == "/":
            # Keep the secret out of the address bar, history and photos of the wall: a cookie
            # carries it from here on, and the page reloads without it.
            rest = urlencode([(k, v) for k, v in request.query.items() if k != "token"])
            response = web.Response(
                status=303, headers={"Location": "./" + (f"?{rest}" if rest else "")}
            )
            response.set_cookie(
                cookie,
                plan.token,
                httponly=True,
                samesite="Lax",  # Strict would drop it after a link from another page
                secure=secure_cookie,
                path="/",
            )
            return response
        return await handler(request)  # type: ignore[return-value]

    async def index(request: web.Request) -> web.Response:
        html = template.render(
            title=plan.title,
            base_url=plan.public_url,
            static_url=plan.public_url + "/static/",
            websocket_url=_websocket_url(plan.public_url),
            font_size=max(6, min(to_int(request.query.get("fontsize", "16"), 16), 64)),
            kiosk=plan.kiosk,
            restart_ms=KIOSK_RESTART_MS,
        )
        return web.Response(
            text=html,
            content_type="text/html",
            headers={
                "Cache-Control": "no-store",
                "Content-Security-Policy": policy,
                "Referrer-Policy": "no-referrer",
                "X-Content-Type-Options": "nosniff",
            },
        )

    async def favicon_ico(request: web.Request) -> web.FileResponse:
        return web.FileResponse(STATIC / "favicon.ico", headers={"Content-Type": "image/x-icon"})

    async def favicon_svg(request: web.Request) -> web.FileResponse:
        return web.FileResponse(STATIC / "favicon.svg", headers={"Content-Type": "image/svg+xml"})

    app = web.Application(middlewares=[guard])
    app.add_routes(
        [
            web.get("/", index, name="index"),
            web.get("/ws", sessions.handle_websocket, name="websocket"),
            web.get("/download/{key}", sessions.handle_download, name="download"),
            web.get("/favicon.ico", favicon_ico),
            web.get("/favicon.svg", favicon_svg),
            web.static("/static", serve_static, show_index=False, name="static"),
        ]
    )
    return app


def setup_logging() -> None:
    """One plain line per event on stderr (no access log: request lines could carry the
    token)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("supervisor-tui serve: %(message)s"))
    for name in ("supervisor_tui.serve", "textual-serve"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.INFO)
        logger.propagate = False


def serve(plan: ServePlan) -> None:
    """Run the server until SIGINT or SIGTERM."""
    from aiohttp import web

    setup_logging()
    try:
        web.run_app(
            build_application(plan),
            host=plan.host or None,
            port=plan.port,
            access_log=None,
            print=None,
            shutdown_timeout=5.0,
        )
    except OSError as exc:
        raise UserError(
            f"serve: cannot listen on {plan.host or '*'}:{plan.port} ({exc.strerror or exc}); "
            "choose another --port or --host"
        ) from None
