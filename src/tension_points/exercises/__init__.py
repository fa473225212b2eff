"""Code behind the course's runnable exercises (used from the exercise notebooks)."""
