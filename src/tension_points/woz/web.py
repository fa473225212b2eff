"""The Wizard of Oz in browsers: the user's, wizard's, observer's and facilitator's screens,
for one group or several, served by the standard library.

Safe for a room by default: it listens on 127.0.0.1 unless --host says
otherwise; every screen but the user's needs its own token (one check, on every
route, compared in constant time), kept beside the log (mode 0600) so a restart
keeps the same addresses; bodies are bounded (a missing, negative or oversized
Content-Length is refused with a 4xx) and so is JSON nesting; every response
carries a strict Content-Security-Policy and the pages insert all text with
textContent; no resource comes from outside the package. State lives in each
group's session log, so a refresh or a restart with the same --log loses nothing.

Screens learn of changes by long polling: a state request that names the
version the screen already has waits (up to LONG_POLL_SECONDS) until the
session moves on, so an idle screen costs one request per LONG_POLL_SECONDS
and a change reaches every screen at once.
"""

from __future__ import annotations

import hmac
import html
import ipaddress
import json
import os
import re
import secrets
import shlex
import signal
import socket
import sys
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable
from urllib.parse import parse_qs, urlsplit

from tension_points.datafiles import package_path
from tension_points.errors import UserError
from tension_points.woz.screens import (
    do_answer, do_ask, do_note, do_release, do_undo, facilitator_state, observer_state, user_state, wizard_state,
)
from tension_points.woz.session import Conflict, Session

MAX_BODY_BYTES = 8 * 1024
MAX_JSON_DEPTH = 4  # every body the screens send is one flat object
# Oversized bodies up to this size are read and dropped so the client sees the 413, not a reset.
DRAIN_LIMIT_BYTES = 1024 * 1024
LONG_POLL_SECONDS = 20
MAX_WAITING_SCREENS = 64  # long polls held at once; beyond that, state requests answer at once
LISTEN_BACKLOG = 128  # a room's screens connecting together must not be reset
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
TOKEN_ROLES = ("wizard", "observer", "facilitator")  # the user's screen needs no token
SCREEN_NAMES = {"user": "User's screen", "wizard": "Wizard's screen", "observer": "Observer's screen", "facilitator": "Facilitator's screen"}
STATIC_FILES = {
    f"/static/{name}": (name, "text/css; charset=utf-8" if name.endswith(".css") else "text/javascript; charset=utf-8")
    for name in ("woz.css", "common.js", "user.js", "wizard.js", "observer.js", "facilitator.js")
}
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
GROUP_PATH = re.compile(r"^/group/([1-9][0-9]?)(/.*)$")


class RequestError(Exception):
    def __init__(self, status: HTTPStatus, message: str):
        super().__init__(message)
        self.status = status


def asset(name: str) -> bytes:
    return package_path(f"data/woz/web/{name}").read_bytes()


# -- groups and their tokens ------------------------------------------------------

@dataclass
class Group:
    number: int | None  # None when the server plays one group
    session: Session
    tokens: dict[str, str]

    @property
    def prefix(self) -> str:
        return "" if self.number is None else f"/group/{self.number}"


def tokens_path(log_path: Path) -> Path:
    return log_path.with_name(log_path.stem + ".tokens.json")


def load_or_create_tokens(log_path: Path) -> dict[str, str]:
    """The screens' tokens, kept beside the log (mode 0600): the same log gives the same addresses."""
    path = tokens_path(log_path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        tokens = {role: secrets.token_urlsafe(18) for role in TOKEN_ROLES}
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as error:
            raise UserError(f"{path}: cannot write the screens' tokens ({error.strerror})") from None
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(tokens, handle)
        return tokens
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"{path}: cannot read the screens' tokens ({error})") from None
    try:
        tokens = json.loads(text)
    except json.JSONDecodeError:
        tokens = None
    if not isinstance(tokens, dict) or any(not isinstance(tokens.get(role), str) or len(tokens[role]) < 16 for role in TOKEN_ROLES):
        raise UserError(f"{path}: not a woz token file (delete it and new tokens are made)")
    return {role: tokens[role] for role in TOKEN_ROLES}


# (role that may use it, what it does): one table, one token check for every route.
PAGES: dict[str, tuple[str, str]] = {
    "/": ("user", "user.html"),
    "/wizard": ("wizard", "wizard.html"),
    "/observer": ("observer", "observer.html"),
    "/facilitator": ("facilitator", "facilitator.html"),
}
STATES: dict[str, tuple[str, Callable[[Session], dict[str, Any]]]] = {
    "/api/user/state": ("user", user_state),
    "/api/wizard/state": ("wizard", wizard_state),
    "/api/observer/state": ("observer", observer_state),
    "/api/facilitator/state": ("facilitator", facilitator_state),
}
ACTIONS: dict[str, tuple[str, Callable[[Session, dict[str, Any]], None]]] = {
    "/api/user/ask": ("user", do_ask),
    "/api/wizard/answer": ("wizard", do_answer),
    "/api/wizard/undo": ("wizard", do_undo),
    "/api/observer/note": ("observer", do_note),
    "/api/facilitator/release": ("facilitator", do_release),
}


# -- HTTP -----------------------------------------------------------------------

class WozServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = LISTEN_BACKLOG

    def __init__(self, address: tuple[str, int], groups: list[Group], loopback_only: bool):
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, WozHandler)
        self.groups = {group.number: group for group in groups}
        self.loopback_only = loopback_only
        self.waiting = threading.BoundedSemaphore(MAX_WAITING_SCREENS)

    def handle_error(self, request, client_address) -> None:
        """One line on the console, never a traceback: the console belongs to the facilitator."""
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionResetError, BrokenPipeError)):
            return  # the client went away; nothing for the facilitator to do
        print(f"woz serve: a request from {client_address[0]} failed: {type(error).__name__}: {error}", file=sys.stderr)


class WozHandler(BaseHTTPRequestHandler):
    server: WozServer
    server_version = "tension-points-woz"
    sys_version = ""
    timeout = 15  # a stalled client must not hold a thread for ever

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the console belongs to the facilitator."""

    def do_GET(self) -> None:
        self.handle_safely(self.route_get)

    def do_POST(self) -> None:
        self.handle_safely(self.route_post)

    def do_HEAD(self) -> None:
        self.handle_safely(self.route_get)

    def handle_safely(self, route) -> None:
        try:
            self.check_host()
            url = urlsplit(self.path)
            group, path = self.find_group(url.path)
            route(url, group, path)
        except RequestError as error:
            self.send_json({"error": str(error)}, error.status)
        except Conflict as error:  # a stale screen, a round not started: the screen is told, nothing applied
            self.send_json({"error": str(error), "conflict": True}, HTTPStatus.CONFLICT)
        except UserError as error:
            self.send_json({"error": str(error)}, HTTPStatus.BAD_REQUEST)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            self.close_connection = True
        except Exception as error:  # a bug: one line on the console, a 500 to the screen
            print(f"woz serve: internal error on {self.command} {urlsplit(self.path).path}: {type(error).__name__}: {error}", file=sys.stderr)
            self.close_connection = True
            try:
                self.send_json({"error": "internal error; see the server's console"}, HTTPStatus.INTERNAL_SERVER_ERROR)
            except OSError:
                pass

    def find_group(self, path: str) -> tuple[Group | None, str]:
        """The group a path belongs to ('/group/2/wizard' -> group 2, '/wizard'), or None for shared files."""
        if path in STATIC_FILES or path == "/favicon.ico":
            return None, path
        groups = self.server.groups
        if None in groups:
            return groups[None], path
        if path == "/":
            return None, path
        match = GROUP_PATH.match(path)
        if match and int(match.group(1)) in groups:
            return groups[int(match.group(1))], match.group(2)
        raise RequestError(HTTPStatus.NOT_FOUND, "not found")

    def route_get(self, url, group: Group | None, path: str) -> None:
        query = parse_qs(url.query)
        if group is None:
            if path in STATIC_FILES:
                name, content_type = STATIC_FILES[path]
                self.send_bytes(asset(name), content_type)
            elif path == "/favicon.ico":
                self.send_bytes(b"", "image/x-icon", HTTPStatus.NO_CONTENT)
            else:
                self.send_bytes(groups_page(self.server.groups.values()), "text/html; charset=utf-8")
        elif path in PAGES:
            role, page = PAGES[path]
            self.authorise(group, role, query)
            self.send_bytes(asset(page), "text/html; charset=utf-8")
        elif path in STATES:
            role, build = STATES[path]
            self.authorise(group, role, query)
            self.send_json(self.state_when_changed(group.session, role, build, query))
        else:
            raise RequestError(HTTPStatus.NOT_FOUND, "not found")

    def route_post(self, url, group: Group | None, path: str) -> None:
        if group is None or path not in ACTIONS:
            raise RequestError(HTTPStatus.NOT_FOUND, "not found")
        role, action = ACTIONS[path]
        self.authorise(group, role, parse_qs(url.query))
        body = self.read_json()
        action(group.session, body)
        self.send_json({"ok": True})

    def state_when_changed(self, session: Session, role: str, build, query) -> dict[str, Any]:
        """The screen's state; with ?since=VERSION, waits until the session has moved past VERSION."""
        since = query.get("since", [""])[0]
        if since.isdigit() and len(since) < 10 and int(since) == session.version:
            if self.server.waiting.acquire(blocking=False):
                try:
                    session.wait_for_change(int(since), LONG_POLL_SECONDS)
                finally:
                    self.server.waiting.release()
        if role == "wizard" and (key := session.current_key()) is not None:
            session.mark_shown(*key)  # the wizard is about to see it: the answer is timed from now
        return build(session)

    # checks

    def check_host(self) -> None:
        """On 127.0.0.1, refuse other Host names: a web page elsewhere cannot rebind its name to us."""
        if not self.server.loopback_only:
            return
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]")
        if host not in LOOPBACK_HOSTS:
            raise RequestError(HTTPStatus.FORBIDDEN, "unexpected Host header")

    def authorise(self, group: Group, role: str, query: dict[str, list[str]]) -> None:
        """The one token check: every screen but the user's shows its token (header or ?token=)."""
        if role == "user":
            return
        given = self.headers.get("X-Woz-Token") or query.get("token", [""])[0]
        if not hmac.compare_digest(given.encode("utf-8"), group.tokens[role].encode("utf-8")):
            raise RequestError(HTTPStatus.FORBIDDEN, f"the {SCREEN_NAMES[role].lower()} needs its address with its token")

    def read_json(self) -> dict[str, Any]:
        if self.headers.get("Content-Type", "").split(";")[0].strip() != "application/json":
            raise RequestError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "send JSON")
        origin = self.headers.get("Origin")
        if origin and urlsplit(origin).netloc != self.headers.get("Host"):
            raise RequestError(HTTPStatus.FORBIDDEN, "cross-origin request refused")
        self.close_connection = True  # whatever goes wrong below, never read a half-consumed body as a request
        if self.headers.get("Transfer-Encoding"):
            raise RequestError(HTTPStatus.LENGTH_REQUIRED, "send the body with a Content-Length, not chunked")
        lengths = self.headers.get_all("Content-Length") or []
        if not lengths:
            raise RequestError(HTTPStatus.LENGTH_REQUIRED, "Content-Length required")
        if len(set(lengths)) > 1 or not lengths[0].strip().isdigit() or len(lengths[0].strip()) > 12:
            raise RequestError(HTTPStatus.BAD_REQUEST, "Content-Length must be one whole number of bytes")
        length = int(lengths[0])
        if length > MAX_BODY_BYTES:
            if length <= DRAIN_LIMIT_BYTES:
                self.rfile.read(length)
            raise RequestError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request too large (at most {MAX_BODY_BYTES} bytes)")
        raw = self.rfile.read(length)
        if len(raw) != length:
            raise RequestError(HTTPStatus.BAD_REQUEST, "the body is shorter than its Content-Length")
        self.close_connection = False
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise RequestError(HTTPStatus.BAD_REQUEST, "not valid JSON (UTF-8 expected)") from None
        if json_depth(text) > MAX_JSON_DEPTH:
            raise RequestError(HTTPStatus.BAD_REQUEST, f"JSON nested too deeply (at most {MAX_JSON_DEPTH} levels)")
        try:
            body = json.loads(text)
        except (json.JSONDecodeError, RecursionError):
            raise RequestError(HTTPStatus.BAD_REQUEST, "not valid JSON") from None
        if not isinstance(body, dict):
            raise RequestError(HTTPStatus.BAD_REQUEST, "expected a JSON object")
        return body

    # responses

    def send_bytes(self, data: bytes, content_type: str, status: HTTPStatus = HTTPStatus.OK) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def send_json(self, payload: dict[str, Any], status: HTTPStatus = HTTPStatus.OK) -> None:
        self.send_bytes(json.dumps(payload, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8", status)


def json_depth(text: str) -> int:
    """How deeply arrays and objects nest in a JSON text, counted without parsing it
    (parsing a deep one is what must be avoided)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def groups_page(groups) -> bytes:
    """With several groups, the address without a group lists each group's user screen (no tokens)."""
    items = "".join(
        f'<li><a href="/group/{group.number}/">Group {group.number}: the user\'s screen</a></li>' for group in groups
    )
    title = html.escape(next(iter(groups)).session.pack.title)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>Groups · {title}</title><link rel="stylesheet" href="/static/woz.css"></head>'
        f'<body><header><p class="screen-name">Wizard of Oz</p><h1>{title}</h1></header>'
        f"<main><p>Each group has its own screens and its own log.</p><ul>{items}</ul></main></body></html>"
    ).encode("utf-8")


# -- running it -------------------------------------------------------------------

def network_addresses() -> list[str]:
    """This computer's IPv4 addresses on the network (not loopback), the one with the default route first."""
    found = []
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.254.254.254", 9))  # UDP connect sends nothing; it picks the outgoing interface
            found.append(probe.getsockname()[0])
    except OSError:
        pass
    try:
        found += [info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)]
    except OSError:
        pass
    return [a for a in dict.fromkeys(found) if not ipaddress.ip_address(a).is_loopback and not ipaddress.ip_address(a).is_unspecified]


def participant_host(host: str, addresses: list[str]) -> str | None:
    """The host other devices should type; for 'all interfaces', this computer's network address (None if it has none)."""
    if host in ("0.0.0.0", "::", ""):
        return addresses[0] if addresses else None
    return f"[{host}]" if ":" in host else host


def stop_on_signals(stop: threading.Event) -> None:
    """Ctrl-C and SIGTERM both end the server cleanly, even when started in the background
    (where a shell leaves SIGINT ignored). The handler only sets ``stop``: an exception raised
    from a signal handler can land inside the threading machinery of a request being started
    and be turned into a RuntimeError there, which the server reported and then kept serving."""
    if threading.current_thread() is not threading.main_thread():
        return

    def request_stop(signum, frame):
        stop.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)


def screen_addresses(base: str, group: Group) -> list[tuple[str, str]]:
    prefix = base + group.prefix
    return [("user", f"{prefix}/")] + [(role, f"{prefix}/{role}?token={group.tokens[role]}") for role in TOKEN_ROLES]


def print_addresses(base: str, groups: list[Group]) -> None:
    for group in groups:
        if group.number is not None:
            print(f"Group {group.number} (log {group.session.log_path}):")
        indent = "  " if group.number is not None else ""
        for role, address in screen_addresses(base, group):
            print(f"{indent}{(SCREEN_NAMES[role] + ':').ljust(22)}{address}")


def print_start(host: str, actual_port: int, groups: list[Group]) -> None:
    addresses = network_addresses() if host in ("0.0.0.0", "::", "") else []
    shown_host = participant_host(host, addresses)
    if shown_host is None:
        print("No network address found for this computer: join it to the room's Wi-Fi (or start a hotspot) "
              "and start again. Until then only this computer can open the screens:")
        shown_host = "127.0.0.1"
    print_addresses(f"http://{shown_host}:{actual_port}", groups)
    if len(addresses) > 1:
        print(f"This computer is also on: {', '.join(addresses[1:])} (use whichever network the other devices are on)")
    if host not in LOOPBACK_HOSTS:
        print("Listening beyond this computer, over plain HTTP: anyone on the network can open the user's screen "
              "and see what is sent; give each token address only to the person who needs it.")
    print("Press Ctrl-C to stop; the logs and tokens are kept and the same command resumes.", flush=True)


def serve(groups: list[Group], host: str, port: int, resume_command: Callable[[int], str]) -> int:
    try:
        server = WozServer((host, port), groups, loopback_only=host in LOOPBACK_HOSTS)
    except OSError as error:
        raise UserError(f"cannot listen on {host}:{port} ({error.strerror}); pick another with --port") from None
    actual_port = server.server_address[1]
    stop = threading.Event()
    stop_on_signals(stop)  # before the addresses are printed: a Ctrl-C right after them stops cleanly too
    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.25}, daemon=True)
    try:
        print_start(host, actual_port, groups)
        serving.start()
        while not stop.wait(0.5) and serving.is_alive():
            pass
    except KeyboardInterrupt:  # a Ctrl-C before the handlers were in place
        pass
    finally:
        if serving.is_alive():
            server.shutdown()
        server.server_close()
        for group in groups:
            group.session.pause("server stopped")
    logs = [str(group.session.log_path) for group in groups]
    print(f"\nStopped. Session log{'s' if len(groups) > 1 else ''}: {' '.join(logs)}", flush=True)
    print(f"To resume: {resume_command(actual_port)}", flush=True)
    print(f"Debrief: {shlex.join(['tension-points', 'woz', 'debrief', *logs])}", flush=True)
    sys.stdout.flush()
    return 0
