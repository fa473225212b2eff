"""Fixtures for the Wizard of Oz tests."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from woz.woz_fixtures import fruit_pack, run_cli


@pytest.fixture
def pack_data() -> dict:
    return copy.deepcopy(fruit_pack())


@pytest.fixture
def write_pack(tmp_path):
    def write(data: dict, name: str = "fruit.yaml") -> Path:
        path = tmp_path / name
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        return path

    return write


@pytest.fixture
def cli():
    return run_cli
