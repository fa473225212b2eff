"""The kinds of room activity: ``base`` (the protocol), one module per kind (the simple ones
together), and ``registry`` (every kind by name; nothing imports it back)."""
