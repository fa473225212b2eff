"""The live room: one workshop server that phones join over the room's network.

Layout, one concern a module:

- ``activities/``: the kinds of activity as plug-ins: ``base`` (the protocol every kind
  implements), one module per kind (``simple``: timer, wall, poll, scale, word cloud;
  ``survey``, ``plan``, ``maps``, ``woz``) and ``registry`` (every kind by name);
- ``catalogue``: the room's activities, read from the course model, and the agenda;
- ``live``: the running room: its typed state, what each screen is shown, the facilitator's actions;
- ``http/``: the Starlette application: ``gates`` (token, cookie, headers), ``participant``,
  ``facilitator``, ``streams`` (server-sent events), ``pages`` (templates, QR code);
- ``store``: the room file (SQLite, WAL): every answer is committed before it is acknowledged;
- ``events``: the event ring with ids, replayed from the last id a screen saw;
- ``guards``: bounded bodies, bounded JSON, Host and Origin checks, rate limits;
- ``roles``: the roles participants pick; ``network``: the address phones use, the socket;
- ``serve``: starting the room; ``export``: the session's record; ``command``: the CLI.
"""
