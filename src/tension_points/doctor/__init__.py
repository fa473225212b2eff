"""``tension-points doctor``: check that a machine is ready for the exercises and the tools."""
