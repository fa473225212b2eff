"""The workshop planner (``planner``, pure) and its command (``command``)."""
