"""The Wizard of Oz role-play: a person behind a curtain plays the model.

Packs (pack.py) describe a scenario; a Session (session.py) plays it and keeps
its state in a JSON Lines log (log.py); terminal.py and web.py are the two ways
to play; debrief.py turns logs into the debrief (rendered by tension_points.reports).
"""
