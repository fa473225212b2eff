"""Server-sent events to a screen: what it missed since its Last-Event-ID (or a snapshot), then
every new event of its audiences, with a keep-alive comment when nothing happens."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import anyio
from starlette.requests import Request
from starlette.responses import StreamingResponse

from tension_points.room.events import Broadcaster, encode

KEEPALIVE_SECONDS = 15


def event_stream(request: Request, broadcaster: Broadcaster, audiences: frozenset, snapshot: Callable[[], dict]) -> StreamingResponse:
    listener = broadcaster.listen(audiences)
    missed = broadcaster.missed(request.headers.get("last-event-id"), audiences)
    snapshot_id = broadcaster.last_id

    async def stream():
        try:
            yield b"retry: 2000\n\n"
            if missed is None:
                yield encode(snapshot_id, await anyio.to_thread.run_sync(snapshot))
            else:
                for data in missed:
                    yield data
            while True:
                try:
                    data = await asyncio.wait_for(listener.queue.get(), KEEPALIVE_SECONDS)
                except asyncio.TimeoutError:
                    yield b": keep-alive\n\n"
                    continue
                if data is None:
                    return  # too far behind: the screen reconnects and gets a snapshot
                yield data
        finally:
            broadcaster.forget(listener)

    headers = {"cache-control": "no-store", "x-accel-buffering": "no"}
    return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)
