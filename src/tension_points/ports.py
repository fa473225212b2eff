"""The ports the kit's servers listen on unless told otherwise: one place for the tools that
serve them and for ``tension-points doctor``, which checks the Wizard of Oz's is free."""

WOZ_PORT = 8765  # tension-points woz serve
ROOM_PORT = 8770  # tension-points room
