"""axe-core, in Chromium, on every page of the built site: no serious or critical violations.

Every page is checked with every rule in the light colour scheme, and again for colour
contrast in the dark one, each time with the facilitator view on, so the facilitator
notes are checked too.
axe-core is vendored in tests/vendor/axe-core/ (see its README); it is never part of the site.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browsing import all_pages, needs_chromium

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}
# Violations that are the theme's own and cannot be fixed from the kit: rule id -> why.
# Keep this empty unless a fix is impossible from our CSS, JS, templates or extension.
ALLOWED: dict[str, str] = {}
OPTIONS = {
    "light": {"resultTypes": ["violations"]},
    "dark": {"resultTypes": ["violations"], "runOnly": {"type": "rule", "values": ["color-contrast"]}},
}

pytestmark = needs_chromium


def describe(page: str, violation: dict) -> str:
    nodes = violation["nodes"]
    where = ", ".join(" ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"]) for node in nodes[:3])
    return f"{page}: {violation['id']} ({violation['impact']}, {len(nodes)} elements: {where}): {violation['help']}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_page_has_a_serious_or_critical_accessibility_violation(site, browser, html_dir, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    found: list[str] = []
    pages = all_pages(html_dir)
    assert len(pages) >= 10
    for path in pages:
        page.goto(f"{site}/{path}?view=facilitator", wait_until="load")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("options => axe.run(document, options)", OPTIONS[scheme])
        found += [
            describe(path, violation) for violation in result["violations"]
            if violation["impact"] in BLOCKING and violation["id"] not in ALLOWED
        ]
    context.close()
    assert found == [], "\n".join(found)


def test_axe_is_vendored_with_its_licence():
    folder = AXE.parent
    assert AXE.read_text(encoding="utf-8").startswith("/*! axe v")
    assert (folder / "LICENSE").exists()
    version = AXE.read_text(encoding="utf-8").split("\n", 1)[0].removeprefix("/*! axe v").strip()
    assert version in (folder / "README.md").read_text(encoding="utf-8")
