"""Two screens in a browser: the user's and the wizard's, served by the standard library.

Safe for a room by default: it listens on 127.0.0.1 unless --host says
otherwise; the wizard's screen and API need a random token (compared in
constant time); bodies are bounded (413); every response carries a strict
Content-Security-Policy and the pages insert all text with textContent; no
resource comes from outside the package. State lives in the session log, so a
refresh or a restart with the same --log loses nothing.
"""

from __future__ import annotations

import hmac
import json
import secrets
import signal
import socket
import threading
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from typing import Any
from urllib.parse import parse_qs, urlsplit

from tension_points.datafiles import package_path
from tension_points.errors import UserError
from tension_points.woz.pack import Pack
from tension_points.woz.session import MAX_QUESTION_CHARS, MAX_WISH_CHARS, Session

MAX_BODY_BYTES = 8 * 1024
# Oversized bodies up to this size are read and dropped so the client sees the 413, not a reset.
DRAIN_LIMIT_BYTES = 1024 * 1024
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
STATIC_FILES = {
    "/static/woz.css": ("woz.css", "text/css; charset=utf-8"),
    "/static/common.js": ("common.js", "text/javascript; charset=utf-8"),
    "/static/user.js": ("user.js", "text/javascript; charset=utf-8"),
    "/static/wizard.js": ("wizard.js", "text/javascript; charset=utf-8"),
}
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


class RequestError(Exception):
    def __init__(self, status: HTTPStatus, message: str):
        super().__init__(message)
        self.status = status


def asset(name: str) -> bytes:
    return package_path(f"data/woz/web/{name}").read_bytes()


# -- what each screen may see ---------------------------------------------------

def round_info(pack: Pack, round_number: int | None) -> dict[str, Any] | None:
    if round_number is None:
        return None
    round_ = pack.rounds[round_number - 1]
    return {"number": round_number, "of": len(pack.rounds), "title": round_["title"], "description": round_["description"]}


def user_state(session: Session) -> dict[str, Any]:
    """The user's screen: what the product shows. Never the model's view, never the truth."""
    pack = session.pack
    with session.lock:
        current = session.current()
        pending = session.pending_question()
        questions = {(e["round"], e["item"]): e["text"] for e in session.events if e["event"] == "question"}
        history = [
            {
                "round": a["round"],
                "question": questions.get((a["round"], a["item"]), ""),
                "label": a["label"],
                "description": pack.labels[a["label"]],
                "confidence": a["confidence"],
            }
            for a in session.answers().values()
        ]
        return {
            "version": len(session.events),
            "pack": {
                "title": pack.title,
                "product_context": pack.data["product_context"],
                "persona": pack.data["persona"],
            },
            "log": session.log_path.name,
            "finished": current is None,
            "round": round_info(pack, current[0] if current else None),
            "current": None if current is None else {
                "position": session.position(),
                "total": len(session.plan),
                "key": f"{current[0]}/{current[1]['id']}",
                "user_sees": current[1]["user_sees"],
                "request": current[1]["request"],
            },
            "pending": None if pending is None else {"text": pending["text"]},
            "history": history,
        }


def wizard_state(session: Session) -> dict[str, Any]:
    """The wizard's screen: only the model's view for the current round, once the user has asked."""
    pack = session.pack
    with session.lock:
        current = session.current()
        pending = session.pending_question()
        question = None
        if pending is not None:
            round_number, item = current
            question = {
                "key": f"{round_number}/{item['id']}/{pending['time']}",
                "asked_at": pending["time"],
                "text": pending["text"],
                "fields": [{"label": label, "value": value} for label, value in pack.view_for(round_number, item)],
            }
        return {
            "version": len(session.events),
            "pack": {
                "title": pack.title,
                "model_view": pack.data["model_view"]["description"],
                "labels": [{"name": name, "description": text} for name, text in pack.labels.items()],
                "confidence": pack.asks_confidence,
                "budget_seconds": pack.budget_seconds,
                "budget_why": pack.data["latency_budget"]["why"],
                "max_wish": MAX_WISH_CHARS,
            },
            "finished": current is None,
            "round": round_info(pack, current[0] if current else None),
            "answered": len(session.answers()),
            "total": len(session.plan),
            "question": question,
        }


# -- HTTP -----------------------------------------------------------------------

class WozServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], session: Session, token: str, loopback_only: bool):
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, WozHandler)
        self.session = session
        self.token = token
        self.loopback_only = loopback_only


class WozHandler(BaseHTTPRequestHandler):
    server: WozServer
    server_version = "tension-points-woz"
    sys_version = ""
    timeout = 15  # a stalled client must not hold a thread for ever

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the console belongs to the facilitator."""

    # routing

    def do_GET(self) -> None:
        self.handle_safely(self.route_get)

    def do_POST(self) -> None:
        self.handle_safely(self.route_post)

    def do_HEAD(self) -> None:
        self.handle_safely(self.route_get)

    def handle_safely(self, route) -> None:
        try:
            self.check_host()
            route(urlsplit(self.path))
        except RequestError as error:
            self.send_json({"error": str(error)}, error.status)

    def route_get(self, url) -> None:
        if url.path == "/":
            self.send_bytes(asset("user.html"), "text/html; charset=utf-8")
        elif url.path == "/wizard":
            self.require_token(parse_qs(url.query).get("token", [""])[0])
            self.send_bytes(asset("wizard.html"), "text/html; charset=utf-8")
        elif url.path in STATIC_FILES:
            name, content_type = STATIC_FILES[url.path]
            self.send_bytes(asset(name), content_type)
        elif url.path == "/api/user/state":
            self.send_json(user_state(self.server.session))
        elif url.path == "/api/wizard/state":
            self.require_token(self.headers.get("X-Woz-Token", ""))
            self.send_json(wizard_state(self.server.session))
        elif url.path == "/favicon.ico":
            self.send_bytes(b"", "image/x-icon", HTTPStatus.NO_CONTENT)
        else:
            raise RequestError(HTTPStatus.NOT_FOUND, "not found")

    def route_post(self, url) -> None:
        if url.path == "/api/user/ask":
            body = self.read_json()
            self.act(lambda: self.server.session.ask(text_field(body, "text", MAX_QUESTION_CHARS)))
        elif url.path == "/api/wizard/answer":
            self.require_token(self.headers.get("X-Woz-Token", ""))
            body = self.read_json()
            label, confidence, wish = answer_fields(body, self.server.session.pack)
            self.act(lambda: self.server.session.answer(label, confidence, wish))
        else:
            raise RequestError(HTTPStatus.NOT_FOUND, "not found")

    def act(self, action) -> None:
        try:
            action()
        except UserError as error:  # asked twice, answered nothing, session over: a state conflict
            raise RequestError(HTTPStatus.CONFLICT, str(error)) from None
        self.send_json({"ok": True})

    # checks

    def check_host(self) -> None:
        """On 127.0.0.1, refuse other Host names: a web page elsewhere cannot rebind its name to us."""
        if not self.server.loopback_only:
            return
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]")
        if host not in LOOPBACK_HOSTS:
            raise RequestError(HTTPStatus.FORBIDDEN, "unexpected Host header")

    def require_token(self, given: str) -> None:
        if not hmac.compare_digest(given.encode("utf-8"), self.server.token.encode("utf-8")):
            raise RequestError(HTTPStatus.FORBIDDEN, "the wizard's screen needs the address with its token")

    def read_json(self) -> dict[str, Any]:
        if self.headers.get("Content-Type", "").split(";")[0].strip() != "application/json":
            raise RequestError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "send JSON")
        origin = self.headers.get("Origin")
        if origin and urlsplit(origin).netloc != self.headers.get("Host"):
            raise RequestError(HTTPStatus.FORBIDDEN, "cross-origin request refused")
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            raise RequestError(HTTPStatus.LENGTH_REQUIRED, "Content-Length required") from None
        if length > MAX_BODY_BYTES:
            if length <= DRAIN_LIMIT_BYTES:
                self.rfile.read(length)
            self.close_connection = True
            raise RequestError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request too large (at most {MAX_BODY_BYTES} bytes)")
        try:
            body = json.loads(self.rfile.read(length).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
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
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def send_json(self, payload: dict[str, Any], status: HTTPStatus = HTTPStatus.OK) -> None:
        self.send_bytes(json.dumps(payload, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8", status)


def text_field(body: dict[str, Any], name: str, limit: int) -> str:
    value = body.get(name, "")
    if not isinstance(value, str):
        raise RequestError(HTTPStatus.BAD_REQUEST, f"'{name}' must be text")
    if len(value) > limit:
        raise RequestError(HTTPStatus.BAD_REQUEST, f"'{name}' is too long (at most {limit} characters)")
    if not value.strip() and name == "text":
        raise RequestError(HTTPStatus.BAD_REQUEST, "type a question first")
    return value


def answer_fields(body: dict[str, Any], pack: Pack) -> tuple[str, float | None, str | None]:
    label = body.get("label")
    if label not in pack.labels:
        raise RequestError(HTTPStatus.BAD_REQUEST, "choose one of the labels")
    confidence = body.get("confidence")
    if confidence is not None:
        if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) or not 0 <= confidence <= 100:
            raise RequestError(HTTPStatus.BAD_REQUEST, "confidence must be a number from 0 to 100")
        confidence = confidence / 100
    wish = text_field(body, "wish", MAX_WISH_CHARS) or None
    return label, confidence, wish


# -- running it -------------------------------------------------------------------

def display_host(host: str) -> str:
    """The address people should type: for 'all interfaces', this computer's name on the network."""
    if host in ("0.0.0.0", "::", ""):
        try:
            return socket.gethostbyname(socket.gethostname())
        except OSError:
            return socket.gethostname()
    return f"[{host}]" if ":" in host else host


def stop_on_signals() -> None:
    """Ctrl-C and SIGTERM both end the server cleanly, even when started in the background
    (where a shell leaves SIGINT ignored)."""
    if threading.current_thread() is not threading.main_thread():
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)


def serve(session: Session, host: str, port: int) -> int:
    token = secrets.token_urlsafe(18)
    try:
        server = WozServer((host, port), session, token, loopback_only=host in LOOPBACK_HOSTS)
    except OSError as error:
        raise UserError(f"cannot listen on {host}:{port} ({error.strerror}); pick another with --port") from None
    address = f"http://{display_host(host)}:{server.server_address[1]}"
    print(f"User's screen:   {address}/")
    print(f"Wizard's screen: {address}/wizard?token={token}")
    if host not in LOOPBACK_HOSTS:
        print("Listening beyond this computer: anyone on the network can open the user's screen; "
              "give the wizard's address (with its token) only to the wizard.")
    print("Press Ctrl-C to stop; the log is kept and the same --log resumes the session.", flush=True)
    stop_on_signals()
    try:
        server.serve_forever(poll_interval=0.25)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        session.pause("server stopped")
    print(f"\nStopped. Session log: {session.log_path}", flush=True)
    print(f"Debrief: tension-points woz debrief {session.log_path}", flush=True)
    sys.stdout.flush()
    return 0
