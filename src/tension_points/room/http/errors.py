"""Server errors as one logged line on the facilitator's terminal, never a traceback: a request
that fails on a bug gets a 500 with a short JSON message, and the terminal one line naming the
request and the error."""

from __future__ import annotations

import json

from tension_points.room.logs import LOGGER


class ErrorsLogged:
    """Outermost of the application's own middleware: a bug in a route is logged in one line
    and answered 500, instead of reaching uvicorn (which prints the traceback)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def watching(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watching)
        except Exception:
            LOGGER.error("%s %s failed; the screen was told", scope["method"], scope["path"][:200], exc_info=True)
            if started:
                return  # a stream already under way simply ends; the screen reconnects
            body = json.dumps({"error": "the room server failed on this request (the facilitator's terminal says why); try again"}).encode()
            await send({"type": "http.response.start", "status": 500,
                        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})
