"""The live room: one workshop server that phones join over the room's network.

Layout, one concern a module:

- ``kinds``: what each kind of activity accepts and how its results add up (a registry:
  a new kind, such as the Wizard of Oz or a survey, is one more class there);
- ``survey_activity``, ``plan_activity``: the pre and post surveys and the action plan, from
  ``data/forms.yaml``; ``plan_downloads``: a participant's own plan as Markdown and a page;
- ``catalogue``: the room's activities, read from the course model, and the agenda;
- ``store``: the room file (SQLite, WAL): every answer is committed before it is acknowledged;
- ``events``: server-sent events with ids, replayed from the last id a screen saw;
- ``guards``: bounded bodies, bounded JSON, Host and Origin checks, rate limits;
- ``app``: the Starlette application (participant, facilitator and projector screens);
- ``network``: the address phones use, the listening socket;
- ``export``: the session's record as Markdown, HTML and JSON;
- ``command``: ``tension-points room`` and ``tension-points room export``;
- ``maps_activity``: the hand-off map and the ownership matrix, checked and drawn by the
  exercises' own code; ``woz_kind``, ``woz_activity``: the Wizard of Oz played by groups.
"""

# The kinds first: the kinds in modules of their own build on kinds' classes and kinds
# registers them, so loading kinds before any of them is the one order in which both import.
from tension_points.room import kinds as _kinds  # noqa: E402,F401
