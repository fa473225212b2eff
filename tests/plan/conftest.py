from __future__ import annotations

from pathlib import Path

import pytest

from tension_points.course import load_course

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def kit_modules():
    """The kit's own modules, as the planner reads them."""
    return list(load_course(REPO).modules)
