"""Every input bounded: request bodies, JSON depth, Host and Origin, requests per participant.

The guard is ASGI middleware in front of every route: a request that declares a negative,
malformed or too large ``Content-Length``, or a body with neither a length nor chunked
encoding, is refused before any handler runs. Starlette's ``RequestBodyLimitMiddleware``
(installed behind it) counts the bytes of every body as they arrive, chunked ones included,
and cuts them off at the same limit.
"""

from __future__ import annotations

import json
import re
import time

MAX_BODY = 16 * 1024
MAX_JSON_DEPTH = 8
BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
DIGITS = re.compile(rb"[0-9]{1,12}")


class BadRequest(Exception):
    """A request refused: the status, the message the screen shows, and any other fields of the
    JSON answer (``conflict=True``: the screen was out of date). The application's exception
    handler writes the answer."""

    def __init__(self, status: int, message: str, **extra):
        super().__init__(message)
        self.status = status
        self.message = message
        self.extra = extra


async def send_error(send, status: int, message: str) -> None:
    body = json.dumps({"error": message}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), (b"connection", b"close")],
        }
    )
    await send({"type": "http.response.body", "body": body})


def header_values(scope, name: bytes) -> list[bytes]:
    return [value for key, value in scope["headers"] if key == name]


class GuardMiddleware:
    """Bounded bodies and the Host and Origin checks, for every request."""

    def __init__(self, app, allowed_hosts: set[str], max_body: int = MAX_BODY):
        self.app = app
        self.allowed_hosts = allowed_hosts
        self.max_body = max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        try:
            self.check_host_and_origin(scope)
            if scope["method"] in BODY_METHODS:
                self.check_length(scope)
        except BadRequest as refused:
            return await send_error(send, refused.status, refused.message)
        await self.app(scope, receive, send)

    def check_host_and_origin(self, scope) -> None:
        hosts = header_values(scope, b"host")
        if len(hosts) != 1:
            raise BadRequest(400, "one Host header expected")
        host = hosts[0].decode("latin-1")
        if host_name(host) not in self.allowed_hosts:
            raise BadRequest(421, "this server does not answer for that host name")
        if scope["method"] not in ("GET", "HEAD"):
            for origin in header_values(scope, b"origin"):
                if origin.decode("latin-1") != f"http://{host}":
                    raise BadRequest(403, "requests from another site are refused")
            for site in header_values(scope, b"sec-fetch-site"):
                if site == b"cross-site":
                    raise BadRequest(403, "requests from another site are refused")

    def check_length(self, scope) -> None:
        lengths = header_values(scope, b"content-length")
        chunked = any(b"chunked" in v.lower() for v in header_values(scope, b"transfer-encoding"))
        if len(lengths) > 1:
            raise BadRequest(400, "more than one Content-Length")
        if lengths:
            if not DIGITS.fullmatch(lengths[0].strip()):
                raise BadRequest(400, "Content-Length must be a whole number of bytes")
            if int(lengths[0]) > self.max_body:
                raise BadRequest(413, f"request body larger than {self.max_body} bytes")
        elif not chunked:
            raise BadRequest(411, "Content-Length required")


def host_name(host: str) -> str:
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if ":" in host else host


def json_depth_exceeds(text: str, limit: int) -> bool:
    """Whether brackets nest deeper than ``limit`` (outside strings), without parsing."""
    depth, in_string, escaped = 0, False, False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return True
        elif ch in "]}":
            depth -= 1
    return False


# Numbers a request may carry: JavaScript's safe integers. Ids, indexes and counts are far
# smaller, and nothing larger reaches SQLite (whose integers stop at 2**63 - 1).
MAX_NUMBER = 2**53


def bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > 16 or abs(value := int(text)) > MAX_NUMBER:
        raise BadRequest(422, "a number in the request is too large")
    return value


def bounded_float(text: str) -> float:
    value = float(text)
    if not abs(value) <= MAX_NUMBER:  # also false for inf and nan
        raise BadRequest(422, "a number in the request is too large")
    return value


def no_constant(name: str):
    raise BadRequest(400, f"{name} is not JSON")


def record_id(value, what: str) -> int:
    """An id a request names (an answer's): a whole number in range, or the request is refused."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_NUMBER:
        raise BadRequest(422, f"{what} must be the id of one (a whole number)")
    return value


def parse_json_object(body: bytes) -> dict:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest(400, "the body is not UTF-8") from None
    if json_depth_exceeds(text, MAX_JSON_DEPTH):
        raise BadRequest(400, f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
    try:
        value = json.loads(text, parse_int=bounded_int, parse_float=bounded_float, parse_constant=no_constant)
    except ValueError:
        raise BadRequest(400, "the body is not JSON") from None
    if not isinstance(value, dict):
        raise BadRequest(400, "a JSON object expected")
    return value


class RateLimiter:
    """A token bucket per key (a participant, a client address): a burst of ``burst``
    requests, then ``rate`` a second. At most ``max_keys`` buckets are kept, the least
    recently used dropped first, so a flood of new keys cannot grow it without end."""

    def __init__(self, rate: float = 3.0, burst: int = 15, clock=time.monotonic, max_keys: int = 10_000):
        self.rate = rate
        self.burst = burst
        self.clock = clock
        self.max_keys = max_keys
        self.buckets: dict[object, tuple[float, float]] = {}

    def allow(self, key, spend: bool = True) -> bool:
        """Whether a request may go ahead; ``spend=False`` only looks."""
        now = self.clock()
        tokens, then = self.buckets.pop(key, (float(self.burst), now))
        tokens = min(self.burst, tokens + (now - then) * self.rate)
        allowed = tokens >= 1
        self.buckets[key] = (tokens - 1 if allowed and spend else tokens, now)  # re-inserted: now the most recent
        while len(self.buckets) > self.max_keys:
            del self.buckets[next(iter(self.buckets))]
        return allowed
