"""Tension Points: a course and workshop kit on working across the data-science / engineering divide."""

__version__ = "0.1.0"
