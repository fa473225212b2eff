"""Server-sent events with ids, and replay from the last id a screen saw.

Each event has an id ``BOOT.N``: BOOT counts the server starts of this room file, N the
events since. A screen that reconnects (EventSource sends ``Last-Event-ID`` by itself) is
sent the events it missed, from a ring of recent events; if its id is from an earlier
start or older than the ring, it is sent a fresh snapshot instead. Every event is
encoded once and the same bytes are queued for every screen of its audience.
"""

from __future__ import annotations

import asyncio
import json
from collections import deque
from dataclasses import dataclass, field

PUBLIC = "public"  # participants' phones, the projector and the facilitator
FACILITATOR = "facilitator"  # the facilitator's console only
RING = 2000
QUEUE_LIMIT = 500  # a screen this far behind is dropped; it reconnects and gets a snapshot


def encode(event_id: str, payload: dict) -> bytes:
    return f"id: {event_id}\ndata: {json.dumps(payload, separators=(',', ':'))}\n\n".encode()


@dataclass
class Event:
    seq: int
    audience: str
    payload: dict
    data: bytes = b""


@dataclass(eq=False)  # compared and hashed by identity: listeners live in a set
class Listener:
    audiences: frozenset
    queue: asyncio.Queue = field(default_factory=lambda: asyncio.Queue(QUEUE_LIMIT))
    dropped: bool = False


class Broadcaster:
    def __init__(self, boot: int):
        self.boot = boot
        self.seq = 0
        self.ring: deque[Event] = deque(maxlen=RING)
        self.listeners: set[Listener] = set()
        self.closed = False

    def event_id(self, seq: int) -> str:
        return f"{self.boot}.{seq}"

    @property
    def last_id(self) -> str:
        return self.event_id(self.seq)

    def publish(self, audience: str, payload: dict) -> None:
        self.seq += 1
        event = Event(self.seq, audience, payload, encode(self.event_id(self.seq), payload))
        self.ring.append(event)
        for listener in list(self.listeners):
            if audience in listener.audiences:
                self.deliver(listener, event.data)

    def deliver(self, listener: Listener, data: bytes) -> None:
        try:
            listener.queue.put_nowait(data)
        except asyncio.QueueFull:
            # Too far behind: end its stream so it reconnects and gets a snapshot.
            listener.dropped = True
            self.end(listener)

    def missed(self, last_event_id: str | None, audiences: frozenset) -> list[bytes] | None:
        """The events after ``last_event_id`` for these audiences, or None when a snapshot is needed."""
        if not last_event_id:
            return None
        boot, _, seq_text = last_event_id.partition(".")
        if boot != str(self.boot) or not seq_text.isdigit() or len(seq_text) > 12:
            return None
        seq = int(seq_text)
        if seq > self.seq:
            return None
        if seq == self.seq:
            return []
        if not self.ring or self.ring[0].seq > seq + 1:
            return None
        return [event.data for event in self.ring if event.seq > seq and event.audience in audiences]

    def scrub(self, predicate, rewrite) -> None:
        """Rewrite stored public events (an answer hidden after it was sent) so a replay never shows it."""
        for event in self.ring:
            if event.audience == PUBLIC and predicate(event.payload):
                event.payload = rewrite(event.payload)
                event.data = encode(self.event_id(event.seq), event.payload)

    def listen(self, audiences: frozenset) -> Listener:
        listener = Listener(audiences)
        self.listeners.add(listener)
        if self.closed:
            self.end(listener)
        return listener

    def end(self, listener: Listener) -> None:
        """End one screen's stream (a None in its queue): it reconnects, to a snapshot, when it can."""
        self.listeners.discard(listener)
        while not listener.queue.empty():
            listener.queue.get_nowait()
        listener.queue.put_nowait(None)

    def close(self) -> None:
        """The server is stopping: every stream ends now, rather than being cut off after the grace period."""
        self.closed = True
        for listener in list(self.listeners):
            self.end(listener)

    def forget(self, listener: Listener) -> None:
        self.listeners.discard(listener)
