"""Test data for the Wizard of Oz tests: a small valid pack (twelve bananas) and a CLI runner."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


# Twelve fruit, ripe or not: the smallest pack the schema accepts.
FRUIT = [
    ("f01", "ripe", "yellow", "soft"), ("f02", "unripe", "green", "hard"),
    ("f03", "ripe", "yellow", "soft"), ("f04", "ripe", "green", "soft"),
    ("f05", "unripe", "yellow", "hard"), ("f06", "ripe", "brown spots", "soft"),
    ("f07", "unripe", "green", "hard"), ("f08", "ripe", "yellow", "soft"),
    ("f09", "unripe", "yellow", "hard"), ("f10", "ripe", "yellow", "soft"),
    ("f11", "unripe", "green", "firm"), ("f12", "ripe", "brown spots", "soft"),
]
TRUTHS = [truth for _, truth, _, _ in FRUIT]


def fruit_pack() -> dict:
    return {
        "title": "Is the banana ripe?",
        "summary": "A grocery app tells shoppers whether a banana is ripe.",
        "story": "A made-up pack for the tests.",
        "product_context": "A grocery app shows each banana and says ripe or unripe.",
        "persona": {"name": "Ada", "role": "Shopper", "goal": "Buy bananas to eat today."},
        "model_view": {
            "description": "The colour from the photo and, later, the firmness sensor.",
            "fields": [
                {"name": "colour", "label": "Colour", "description": "Main colour of the peel."},
                {"name": "firmness", "label": "Firmness", "description": "Sensor reading."},
            ],
        },
        "outputs": {
            "labels": [
                {"name": "ripe", "description": "Eat it today."},
                {"name": "unripe", "description": "Wait a few days."},
            ],
            "confidence": True,
        },
        "latency_budget": {"seconds": 10, "why": "The shopper is standing at the shelf."},
        "rounds": [
            {"title": "Colour only", "description": "Just the peel colour.", "view": ["colour"]},
            {"title": "Colour and firmness", "description": "Add the sensor.", "view": ["colour", "firmness"]},
        ],
        "data_catalogue": [
            {
                "name": "Firmness sensor", "matches": ["firm", "squeeze", "touch"],
                "at_prediction_time": "yes", "leakage": False, "speed": "fast",
                "requirement": "Read the sensor when the photo is taken.",
            },
            {
                "name": "Whether the shopper liked it", "matches": ["review", "liked"],
                "at_prediction_time": "no", "leakage": True, "speed": "fast",
                "requirement": "Future information: labels only, never an input.",
            },
        ],
        "debrief_questions": ["Would you trust colour alone?"],
        "items": [
            {
                "id": item_id,
                "request": "Is this one ripe?",
                "user_sees": f"A {colour} banana.",
                "model_view": {"colour": colour, "firmness": firmness},
                "truth": truth,
                "why": f"It is {truth}.",
            }
            for item_id, truth, colour, firmness in FRUIT
        ],
    }


def run_cli(*args: str, stdin: str = "", cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tension_points", "woz", *map(str, args)],
        input=stdin, capture_output=True, text=True, cwd=cwd, timeout=60,
    )
