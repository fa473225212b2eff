from __future__ import annotations
import pytest
from playwright.sync_api import expect
from browsing import needs_chromium
from room.room_fixtures import start_server, stop_server
from room.test_browser_projector import ROLES, note, answer, facilitator_act, room, projectors  # noqa

pytestmark = needs_chromium

FILL = """() => {
  const area = document.getElementById("area").getBoundingClientRect();
  const items = [...document.querySelectorAll("[data-on-page]")].filter((e) => e.getClientRects().length);
  const bottom = Math.max(...items.map((e) => e.getBoundingClientRect().bottom));
  return {page: Number(document.body.dataset.page), pages: Number(document.body.dataset.pages), n: items.length,
          fill: Math.round(100 * (bottom - area.top) / area.height), h: Math.round(area.height),
          heights: items.map((e) => Math.round(e.getBoundingClientRect().height))};
}"""

def dump(page, label):
    page.clock.run_for(1000)
    first = page.evaluate(FILL)
    out = []
    for k in range(first["pages"]):
        out.append(page.evaluate(FILL))
        page.clock.run_for(20_000)
    if page.viewport_size["width"] == 1280: page.screenshot(path=f"/tmp/fix26/{label}.png")
    print(label, page.viewport_size, first["pages"], [(o["page"], o["n"], o["fill"]) for o in out])
    print("   heights", [o["heights"] for o in out][:3], "area", first["h"])

def test_diag(room, projectors):
    server, phones = room
    answer(server, phones, "handoffs-wall", 49, lambda n: {"text": note(n)})
    for page in projectors:
        expect(page.locator("#results .wall > li")).to_have_count(49)
        dump(page, "wall49")
    facilitator_act(server, action="split")
    for page in projectors:
        expect(page.locator("#results .split-wall")).to_have_count(1)
        dump(page, "wall49split")
    facilitator_act(server, action="unsplit")
    from tension_points.course.forms import load_forms
    statements = [s["id"] for s in load_forms().self_assessment]
    answer(server, phones, "opening-welcome", 15, lambda n: {"answers": {"confidence": {s: 1 + (n+2) % 5 for s in statements}}})
    for page in projectors:
        expect(page.locator("#results .survey-results tbody tr")).to_have_count(len(statements))
        dump(page, "survey-pre")
    answer(server, phones, "closing-last-word", 15, lambda n: {"answers": {"confidence": {s: 1 + n % 5 for s in statements}}})
    for page in projectors:
        expect(page.locator("#results .survey-results tbody tr")).to_have_count(len(statements))
        dump(page, "survey")
