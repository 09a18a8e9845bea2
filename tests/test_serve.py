"""``supervisor-tui serve`` beyond loopback, tried as a browser would: a real server process on a
free port, HTTP and websocket checks with aiohttp's client (textual-serve's own protocol: the
websocket carries the dashboard's terminal output), and a real headless Chromium where Debian's
``chromium`` is installed.

Seeded marker names (tests/test_redaction.py) show whether names reach the served screen."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import pytest

from test_redaction import OFFICER, seeded

AS_OF = "2026-03-10T12:00Z"
ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")
START_WAIT_S = 20
SCREEN_WAIT_S = 20


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def isolated_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUPERVISOR_TUI_")}
    env.update(XDG_CONFIG_HOME=str(home / "config"), XDG_CACHE_HOME=str(home / "cache"), TZ="UTC")
    return env


@dataclass
class Served:
    proc: subprocess.Popen
    port: int
    public_url: str
    link: str  # the address printed at start (with the token when there is one)
    log_path: Path

    @property
    def token(self) -> str | None:
        query = urlsplit(self.link).query
        return query.split("=", 1)[1] if query.startswith("token=") else None

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def launch(db: Path, home: Path, *extra: str, host: str = "0.0.0.0") -> Served:
    """Start ``serve`` (not waiting for it); on a wildcard host with a loopback public URL."""
    port = free_port()
    public = f"http://127.0.0.1:{port}"
    argv = [sys.executable, "-m", "supervisor_tui", "serve", "--db", str(db), "--host", host,
            "--port", str(port), "--as-of", AS_OF, *extra]  # fmt: skip
    if host == "0.0.0.0":
        argv += ["--public-url", public]
    log_path = home / f"serve-{port}.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            argv, stdout=log, stderr=subprocess.STDOUT, env=isolated_env(home), cwd=home
        )
    return Served(proc, port, public, "", log_path)


def wait_listening(served: Served) -> Served:
    """Wait for the start line (the link) and the port to accept connections."""
    deadline = time.monotonic() + START_WAIT_S
    while time.monotonic() < deadline:
        found = re.search(r"serving the dashboard at (\S+)", served.log())
        if found:
            served.link = found.group(1)
            try:
                socket.create_connection(("127.0.0.1", served.port), timeout=1).close()
                return served
            except OSError:
                pass
        if served.proc.poll() is not None:
            break
        time.sleep(0.05)
    served.proc.kill()
    raise AssertionError(f"server did not start: {served.log()}")


def stop(*servers: Served) -> None:
    for served in servers:
        served.proc.terminate()
    for served in servers:
        try:
            served.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            served.proc.kill()
            served.proc.wait()


SECRET = "a-configured-secret-0123456789"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("serve-home")


@pytest.fixture(scope="module")
def marker_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded(tmp_path_factory.mktemp("serve-db"))


@pytest.fixture(scope="module")
def servers(marker_db: Path, home: Path) -> Iterator[dict[str, Served]]:
    """Four servers, started together: ``network`` (every interface with a public URL: a token
    is made, names are hidden), ``shown`` (the same with --show-names), ``configured`` (the
    token from [serve] token) and ``local`` (loopback, as before)."""
    config = home / "serve.toml"
    config.write_text(f'[serve]\ntoken = "{SECRET}"\n')
    started = {
        "network": launch(marker_db, home),
        "shown": launch(marker_db, home, "--show-names"),
        "configured": launch(marker_db, home, "--config", str(config)),
        "local": launch(marker_db, home, host="127.0.0.1"),
    }
    try:
        for served in started.values():
            wait_listening(served)
        yield started
    finally:
        stop(*started.values())


@pytest.fixture(scope="module")
def network(servers: dict[str, Served]) -> Served:
    return servers["network"]


def jar() -> aiohttp.CookieJar:
    return aiohttp.CookieJar(unsafe=True)  # keep cookies from an IP-address host


async def screen_text(
    session: aiohttp.ClientSession, url: str, until: str, **ws_options: object
) -> str:
    """Drive textual-serve's protocol until ``until`` is on the screen: connect, say the size,
    collect the terminal output (escape sequences stripped)."""
    chunks: list[str] = []
    sep = "" if url.endswith("&") else "?"
    async with session.ws_connect(f"{url}{sep}width=160&height=60", **ws_options) as ws:
        await ws.send_str(json.dumps(["resize", {"width": 160, "height": 60}]))
        deadline = time.monotonic() + SCREEN_WAIT_S
        while time.monotonic() < deadline:
            try:
                message = await ws.receive(timeout=deadline - time.monotonic())
            except TimeoutError:
                break
            if message.type == aiohttp.WSMsgType.BINARY:
                chunks.append(ANSI.sub("", message.data.decode("utf-8", "replace")))
                if until in "".join(chunks):
                    break
            elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                break
    return "".join(chunks)


def ws_url(served: Served) -> str:
    return "ws" + served.public_url.removeprefix("http") + "/ws"


# -- the command line -------------------------------------------------------------------------


def test_a_wildcard_host_without_public_url_is_one_line_and_exit_2(
    marker_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from supervisor_tui.cli import main

    for host in ("0.0.0.0", "::"):
        code = main(["serve", "--db", str(marker_db), "--host", host, "--port", "8000"])
        assert code == 2
        lines = capsys.readouterr().err.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in lines[0]
        assert f"serve --host {host} listens on every interface" in lines[0]
        assert "pass --public-url http://" in lines[0]


def test_public_url_checks_and_derivation() -> None:
    from supervisor_tui.errors import UserError
    from supervisor_tui.serving.server import browser_origin, public_url_for

    assert public_url_for("192.168.1.20", 8000, None) == "http://192.168.1.20:8000"
    assert public_url_for("fd00::5", 8000, None) == "http://[fd00::5]:8000"
    assert public_url_for("wall-pc", 80, None) == "http://wall-pc"
    # the websocket's Origin check compares as a browser writes Origin (no default port)
    assert (
        browser_origin("HTTP://Wall-PC:80/dash")
        == browser_origin("http://wall-pc")
        == "http://wall-pc"
    )
    given = "https://wall.example.police.uk/dash/"
    assert public_url_for("0.0.0.0", 8000, given) == "https://wall.example.police.uk/dash"
    for bad in (
        "ftp://x",
        "wall-pc:8000",
        "http://0.0.0.0:8000",
        "http://x/?a=1",
        "http://x:99999",
    ):
        with pytest.raises(UserError) as caught:
            public_url_for("0.0.0.0", 8000, bad)
        assert "--public-url" in str(caught.value) and "\n" not in str(caught.value)


def test_serve_passes_every_dashboard_option_on() -> None:
    import shlex

    from supervisor_tui.cli import build_parser
    from supervisor_tui.commands.serve import dashboard_command, plan_from
    from supervisor_tui.errors import UserError

    args = build_parser().parse_args(
        ["serve", "--db", "/d.duckdb", "--host", "0.0.0.0", "--public-url", "http://wall:8000",
         "--team", "LEI-R1", "--kiosk"]
    )  # fmt: skip
    plan = plan_from(args, None, "t")
    assert plan.token is not None and len(plan.token) >= 24 and args.redact is True
    argv = shlex.split(dashboard_command(args, "/d.duckdb"))
    assert argv[1:] == ["-m", "supervisor_tui", "--db", "/d.duckdb", "--team", "LEI-R1",
                        "--window", "24h", "--redact", "--kiosk"]  # fmt: skip
    shown = build_parser().parse_args(
        ["serve", "--db", "/d.duckdb", "--host", "10.1.2.3", "--show-names"]
    )
    plan = plan_from(shown, "s" * 20, "t")
    assert plan.public_url == "http://10.1.2.3:8000" and plan.token == "s" * 20
    assert not shown.redact
    local = build_parser().parse_args(["serve", "--db", "/d.duckdb"])
    plan = plan_from(local, None, "t")
    assert plan.token is None and not local.redact  # loopback: as before
    travel = build_parser().parse_args(["serve", "--kiosk", "--as-of", "2026-03-10T12:00"])
    with pytest.raises(UserError, match="--kiosk shows live figures"):
        plan_from(travel, None, "t")


def test_a_kiosk_page_restarts_its_own_session() -> None:
    from aiohttp.test_utils import TestClient, TestServer

    from supervisor_tui.serving.server import KIOSK_RESTART_MS, ServePlan, build_application

    async def page(kiosk: bool) -> str:
        plan = ServePlan("true", "127.0.0.1", 8000, "http://127.0.0.1:8000", None, "t", kiosk)
        async with TestClient(TestServer(build_application(plan))) as client:
            response = await client.get("/")
            assert response.status == 200
            return await response.text()

    wall, desk = asyncio.run(page(True)), asyncio.run(page(False))
    assert 'data-kiosk="true"' in wall and f"setTimeout(refresh, {KIOSK_RESTART_MS})" in wall
    assert 'data-kiosk="false"' in desk and "setTimeout(refresh" not in desk
    assert "focusTerminal" in wall and "focusTerminal" in desk  # keys without a click


def test_serve_token_in_the_config_file(tmp_path: Path) -> None:
    from supervisor_tui.config import load_config
    from supervisor_tui.errors import UserError

    path = tmp_path / "c.toml"
    path.write_text('[serve]\ntoken = "correct-horse-battery-staple"\n')
    config = load_config(path)
    assert config.serve_token == "correct-horse-battery-staple"
    assert "correct-horse" not in repr(config)
    path.write_text('[serve]\ntoken = "hunter2"\n')
    with pytest.raises(UserError) as caught:
        load_config(path)
    assert "serve.token" in str(caught.value) and "hunter2" not in str(caught.value)


# -- the page -------------------------------------------------------------------------------


def test_the_page_has_a_title_a_favicon_and_only_this_servers_urls(network: Served) -> None:
    async def check() -> None:
        async with aiohttp.ClientSession(cookie_jar=jar()) as session:
            async with session.get(network.link) as page:  # redirected, token now in a cookie
                assert page.status == 200
                assert "token=" not in str(page.url)
                html = await page.text()
                policy = page.headers["Content-Security-Policy"]
            assert "default-src 'self'" in policy and "font-src 'self'" in policy
            assert "<title>supervisor-tui — scenario.duckdb</title>" in html
            assert f'<link rel="icon" sizes="32x32" href="{network.public_url}/favicon.ico"' in html
            assert f'data-session-websocket-url="ws://127.0.0.1:{network.port}/ws"' in html
            links = re.findall(r'(?:href|src)="([^"]+)"', html)
            links += re.findall(r'url\("([^"]+)"\)', html)
            assert len(links) >= 6
            texts = {"page": html}
            for link in links:
                assert link.startswith(network.public_url + "/"), link
                async with session.get(link) as asset:
                    assert asset.status == 200, link
                    body = await asset.read()
                if link.endswith((".css", ".js")):
                    texts[link] = body.decode("utf-8")
            async with (
                aiohttp.ClientSession() as anyone,  # no token: assets only, no data
                anyone.get(f"{network.public_url}/favicon.ico") as icon,
            ):
                assert icon.status == 200 and icon.content_type == "image/x-icon"
                assert (await icon.read())[:4] == b"\x00\x00\x01\x00"
        assert any(k.endswith("textual.js") for k in texts)
        for name, text in texts.items():
            if name.endswith(".css"):
                text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)  # credits in comments
            for url in re.findall(r"https?://[^\s\"'`)]+", text):
                assert url.startswith(network.public_url), (name, url)
            if name.endswith(".css"):  # what a stylesheet loads is local (relative or ours)
                for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", text):
                    assert url.startswith(("data:", network.public_url)) or "//" not in url
            assert "googleapis" not in text and "fonts.gstatic" not in text

    asyncio.run(check())


# -- access control -------------------------------------------------------------------------


def test_without_the_token_page_and_websocket_are_refused_and_logged(network: Served) -> None:
    wrong = "not-the-token-" + "x" * 20

    async def check() -> None:
        async with aiohttp.ClientSession() as anyone:
            async with anyone.get(network.public_url + "/") as page:
                assert page.status == 403
                assert "Zebedee" not in await page.text()
            async with anyone.get(f"{network.public_url}/?token={wrong}") as page:
                assert page.status == 403
            async with anyone.get(f"{network.public_url}/download/abc") as download:
                assert download.status == 403
            for url in (ws_url(network), f"{ws_url(network)}?token={wrong}"):
                with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                    async with anyone.ws_connect(url):
                        pass
                assert refused.value.status == 403
        async with aiohttp.ClientSession(
            cookies={f"supervisor_tui_token_{network.port}": wrong}
        ) as forged:
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                async with forged.ws_connect(ws_url(network)):
                    pass
            assert refused.value.status == 403
        # the right token from another site's page (cross-site websocket hijacking) is refused
        async with aiohttp.ClientSession(cookie_jar=jar()) as session:
            async with session.get(network.link) as page:
                assert page.status == 200
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                async with session.ws_connect(ws_url(network), origin="http://evil.example"):
                    pass
            assert refused.value.status == 403

    asyncio.run(check())
    log = network.log()
    assert "refused GET / from 127.0.0.1: no token" in log
    assert "refused GET / from 127.0.0.1: wrong token" in log
    assert "refused GET /ws from 127.0.0.1: no token" in log
    assert "refused GET /ws from 127.0.0.1: wrong token" in log
    assert "refused GET /ws from 127.0.0.1: websocket from another site" in log
    assert wrong not in log
    assert network.token is not None and log.count(network.token) == 1  # the start line only


# -- names on the served screen -------------------------------------------------------------


def test_names_are_hidden_beyond_loopback_unless_show_names(
    servers: dict[str, Served],
) -> None:
    """Two sessions at once: one as a browser (the link, then the cookie and the page's origin),
    one with the token in the websocket address (a non-browser client)."""
    network, shown = servers["network"], servers["shown"]

    async def both() -> tuple[str, str]:
        async with (
            aiohttp.ClientSession(cookie_jar=jar()) as browser,
            aiohttp.ClientSession() as client,
        ):
            async with browser.get(network.link) as page:  # the token becomes a cookie
                assert page.status == 200
            return await asyncio.gather(
                screen_text(browser, ws_url(network), "(name hidden)", origin=network.public_url),
                screen_text(client, f"{ws_url(shown)}?token={shown.token}&", OFFICER),
            )

    hidden, names = asyncio.run(both())
    assert "Workload" in hidden and "(name hidden)" in hidden and "REDACTED" in hidden
    assert OFFICER not in hidden
    assert f"{OFFICER} 2" in names
    assert "names are hidden (pass --show-names" in network.log()
    assert "names are hidden" not in shown.log()


def test_loopback_serves_without_a_token_and_a_configured_token_is_used(
    servers: dict[str, Served],
) -> None:
    local, configured = servers["local"], servers["configured"]

    async def check() -> None:
        async with aiohttp.ClientSession(cookie_jar=jar()) as anyone:
            async with anyone.get(local.link) as page:
                assert page.status == 200 and local.token is None
                assert local.link == f"http://127.0.0.1:{local.port}/"
            async with anyone.get(f"{configured.public_url}/?token={SECRET}") as page:
                assert page.status == 200
            async with anyone.get(f"{configured.public_url}/?token={SECRET[:-1]}") as page:
                assert page.status == 403

    asyncio.run(check())
    assert configured.token == SECRET
    assert "a new one was made" not in configured.log()
    assert "a new one was made" in servers["network"].log()


# -- a real browser -------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
def test_in_a_real_browser_keys_work_without_a_click_and_nothing_leaves_the_server(
    network: Served, tmp_path: Path
) -> None:
    """Headless Chromium opens the printed link: the page connects (first terminal byte), the
    keyboard is on the terminal without a click, and every request went to this server."""
    port = free_port()
    browser = subprocess.Popen(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--remote-debugging-port={port}",
         f"--user-data-dir={tempfile.mkdtemp(dir=tmp_path)}", "--window-size=1200,800",
         "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        state, requests, shot = asyncio.run(drive_browser(port, network.link))
    finally:
        browser.terminate()
        browser.wait(timeout=10)
    body_class, focused, title = state
    assert "-first-byte" in body_class
    assert focused == "xterm-helper-textarea"
    assert title == "supervisor-tui — scenario.duckdb"
    assert requests and all(url.startswith(network.public_url + "/") for url in requests), requests
    assert any(url.endswith(".ttf") for url in requests)
    assert shot[:8] == b"\x89PNG\r\n\x1a\n"


async def drive_browser(port: int, link: str) -> tuple[list[str], list[str], bytes]:
    async with aiohttp.ClientSession() as http:
        pages: list[dict] = []
        deadline = time.monotonic() + START_WAIT_S
        while not pages and time.monotonic() < deadline:
            try:
                async with http.get(f"http://127.0.0.1:{port}/json/list") as listing:
                    pages = [p for p in await listing.json() if p["type"] == "page"]
            except aiohttp.ClientError:
                await asyncio.sleep(0.1)
        async with http.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0) as cdp:
            ids = iter(range(1, 1_000_000))
            requests: list[str] = []

            async def call(method: str, **params: object) -> dict:
                my = next(ids)
                await cdp.send_json({"id": my, "method": method, "params": params})
                while True:
                    message = await cdp.receive_json()
                    if message.get("method") == "Network.requestWillBeSent":
                        requests.append(message["params"]["request"]["url"])
                    if message.get("id") == my:
                        return message.get("result", {})

            await call("Network.enable")
            await call("Page.navigate", url=link)
            state: list[str] = ["", "", ""]
            deadline = time.monotonic() + SCREEN_WAIT_S
            while time.monotonic() < deadline:
                result = await call(
                    "Runtime.evaluate",
                    expression="[document.body ? document.body.className : '', "
                    "document.activeElement ? document.activeElement.className : '', "
                    "document.title]",
                    returnByValue=True,
                )
                state = result["result"]["value"]
                if "-first-byte" in state[0] and state[1]:
                    break
                await asyncio.sleep(0.2)
            shot = await call("Page.captureScreenshot", format="png")
            return state, requests, base64.b64decode(shot["data"])
