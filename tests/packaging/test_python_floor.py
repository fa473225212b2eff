"""Every pinned distribution installs on the oldest Python the kit says it runs on.

The offline bundle's wheels are the pins; a pin that needs a newer Python than pyproject's
`requires-python` stops the install on a learner's machine (soupsieve 3.0 and later need 3.11.5;
Debian 12's Python is 3.11.2, inside the kit's ">=3.11").
"""

from __future__ import annotations

import importlib.metadata
import re
import tomllib

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from paths import REPO


def oldest_python() -> Version:
    declared = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["requires-python"]
    floor = re.search(r">=\s*([\d.]+)", declared)
    assert floor, f"requires-python {declared!r} names no lower bound"
    return Version(floor.group(1) + ".0" * (2 - floor.group(1).count(".")))


def pins() -> dict[str, str]:
    found = {}
    for line in (REPO / "constraints.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            found[name.strip()] = version.strip()
    return found


def test_every_installed_pin_accepts_the_oldest_python_the_kit_declares():
    oldest = oldest_python()
    refused = []
    for name, version in pins().items():
        try:
            metadata = importlib.metadata.distribution(name).metadata
        except importlib.metadata.PackageNotFoundError:
            continue  # pinned for an extra this environment did not install
        needs = metadata.get("Requires-Python")
        if needs and not SpecifierSet(needs).contains(oldest):
            refused.append(f"{name}=={version} needs Python {needs}")
    assert not refused, f"pins a Python {oldest} cannot install: {refused}"
