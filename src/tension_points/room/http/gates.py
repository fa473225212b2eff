"""The gates in front of the routes: the facilitator's token, the participant's cookie, and the
security headers on every answer. A route added under /f cannot forget the token."""

from __future__ import annotations

import hmac
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse

from tension_points.room.http.pages import locked_page

SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}


def cookie_value(scope, name: str) -> str | None:
    for key, value in scope["headers"]:
        if key == b"cookie":
            for part in value.decode("latin-1").split(";"):
                cookie_name, _, cookie = part.strip().partition("=")
                if cookie_name == name:
                    return cookie
    return None


def participant_cookie(room) -> str:
    return f"tp_p_{room.store.room_id}"


def facilitator_cookie(room) -> str:
    return f"tp_f_{room.store.room_id}"


class FacilitatorGate:
    """The one check of the facilitator's token, in front of every route under /f."""

    def __init__(self, app, room):
        self.app = app
        self.room = room

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request = Request(scope)
        token = self.room.store.token
        offered = request.query_params.get("token")
        if offered is not None and scope["method"] == "GET" and hmac.compare_digest(offered.encode(), token.encode()):
            # The token came in the link: keep it in a cookie and take it out of the address bar.
            rest = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "token"])
            response = RedirectResponse(request.url.path + (f"?{rest}" if rest else ""), status_code=303)
            response.set_cookie(facilitator_cookie(self.room), token, httponly=True, samesite="strict", path="/f")
            return await response(scope, receive, send)
        bearer = request.headers.get("authorization", "")
        presented = bearer[7:] if bearer.startswith("Bearer ") else cookie_value(scope, facilitator_cookie(self.room))
        if presented is None or not hmac.compare_digest(presented.encode(), token.encode()):
            if "/api/" in scope["path"]:
                response = JSONResponse({"error": "the facilitator's token is needed"}, status_code=401)
            else:
                response = locked_page("This page is the facilitator's. Open it with the link the room command printed.", 401, "Facilitator only")
            return await response(scope, receive, send)
        await self.app(scope, receive, send)


class ParticipantGate:
    """Participants' routes need the cookie given at join; the participant is put in the scope."""

    def __init__(self, app, room):
        self.app = app
        self.room = room

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        secret = cookie_value(scope, participant_cookie(self.room))
        participant = self.room.store.participant(secret) if secret else None
        if participant is None:
            if "/api/" in scope["path"]:
                response = JSONResponse({"error": "join the room first", "code": "join"}, status_code=401)
            else:
                response = RedirectResponse("/", status_code=303)
            return await response(scope, receive, send)
        scope.setdefault("state", {})["participant"] = participant
        await self.app(scope, receive, send)


class SecurityHeaders:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                present = {key.lower() for key, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items() if k.encode() not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)
