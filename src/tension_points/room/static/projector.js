// The projector: the join code and QR (in the page), the current prompt, the one clock and
// the results once the facilitator reveals them, split by role when the console says so.
// Whatever does not fit the screen is paged: the results are laid out at the screen's size,
// cut into pages that fit, and the pages turn every PAGE_SECONDS by the server's clock, so
// every projector screen (and the console's preview of it) shows the same page at once.
"use strict";
(() => {
  const { setText, el } = Room;
  const PAGE_SECONDS = 20;
  // The lists a screenful is cut from: their items, or, for an item holding a list itself,
  // that list's items (a group's heading stays with the part of its list that is shown).
  // An activity's prompt, parts and phase are one of them: a game's six parts under its prompt
  // once ran off the bottom of the screen. A kind's renderer marks a list of its own with the
  // class "paged" (ARCHITECTURE.md, the renderer's table), rather than being named here.
  const PAGED = "#activity-text, #activity-parts, .paged, .wall, .cloud, .bars, .split-groups, .split-clouds, .map-gallery, .findings-lines, tbody, .woz-groups, #woz-debrief";
  let view = null;
  let pages = [];
  let shown = -1;

  // The pages count from the last reveal (or split), so every reveal opens on page 1: from
  // the server's time of it when the page loads, from its event's arrival after that (every
  // screen gets the event within moments, so the screens showing it turn together).
  let pagesSince = 0;
  const shownSince = () => (view && view.state.activity && view.state.activity.shown_since) || 0;

  async function load() {
    view = await Room.getState("/f/api/projector-state");
    pagesSince = shownSince();
    render();
    drawStage();
  }

  function onEvent(event) {
    if (!view) return;
    const before = shownSince();
    const what = Room.applyEvent(view, event);
    if (shownSince() !== before) pagesSince = Room.serverNow();
    if (what === "activity") load().catch(() => {});
    else if (what !== "kind") render();
    if (event.type === "state") drawStage();  // a reveal may change what the kind shows
  }

  // A kind's own part of the stage, while its activity is on (a game's curtain and debrief).
  function drawStage() {
    const activity = view.state.activity;
    const kind = activity && Room.kinds[activity.kind];
    const stage = document.getElementById("kind-stage");
    stage.hidden = !(kind && kind.stage);
    if (kind && kind.stage) kind.stage(stage, activity);
    else stage.replaceChildren();
    paginate();
  }

  function render() {
    const activity = view.state.activity;
    const segment = view.state.segment;
    // With an activity on screen, the agenda item's name would only compete with it.
    setText("segment-title", segment && !activity ? segment.title : "");
    setText("activity-title", activity ? activity.title : (segment ? segment.title : (view.state.finished ? "Thank you" : "Welcome")));
    setText("activity-meta", activity ? Room.describeActivity(activity) : "");
    setText("activity-prompt", activity ? activity.prompt : "");
    Room.fillParts(document.getElementById("activity-parts"), activity);
    setText("activity-phase", activity && activity.accepts_answers ? Room.phaseText(activity) : "");
    setText("roster", Room.rosterText(view.roster));
    setText("countdown", Room.remaining(view.state.clock));
    const show = Boolean(activity && activity.revealed && view.results && Object.keys(view.results).length);
    document.getElementById("results-box").hidden = !show;
    document.body.classList.toggle("revealed", show);  // results need the room the prompt and parts took
    // Once the room has joined and an activity is on, the join panel shrinks to a strip.
    document.body.classList.toggle("joined", Boolean(activity && view.roster && view.roster.total > 0));
    if (show) {
      const results = Room.renderResults(activity, view.results, { split: Boolean(view.state.split) });
      for (const note of results.querySelectorAll(".wall > li")) if (note.textContent.length > 160) note.classList.add("long");
      document.getElementById("results").replaceChildren(results);
    } else document.getElementById("results").replaceChildren();
    Room.renderFlags(document.getElementById("flags"), view.flags, "p");
    paginate();
  }

  // --- Pages ----------------------------------------------------------------------------

  function pageItems(area) {
    const lists = [...area.querySelectorAll(PAGED)];
    return lists.flatMap((list) => [...list.children].filter((item) => !item.matches(PAGED) && !item.querySelector(PAGED)));
  }

  const overflowing = (area) => area.scrollHeight > area.clientHeight + 1 || area.scrollWidth > area.clientWidth + 1;

  // Everything between an item and the area: shown when any item inside it is.
  function showContainers(area, items) {
    const on = new Set();
    for (const item of items) {
      if (item.classList.contains("off-page")) continue;
      for (let node = item.parentElement; node && node !== area; node = node.parentElement) on.add(node);
    }
    for (const node of area.querySelectorAll("*")) {
      if (items.includes(node)) continue;
      if (node.querySelector(PAGED) || node.matches(PAGED) || node.parentElement && node.parentElement.matches(PAGED)) node.classList.toggle("off-page", !on.has(node));
    }
  }

  // Cut the items into screenfuls, each as full as the screen allows. A page takes items in
  // order until one does not fit; then, in a list whose order is loose (a wall's notes, a
  // cloud's words: LOOSE), the later items of that list that still fit fill the rest of the
  // page, so a long note that does not fit leaves no half-empty page behind it. A table's rows
  // and every other list keep their order (a table's header shows again above its rows on each
  // page, being their container). A heading never ends a page: it moves to the next page with
  // the first item under it.
  const LOOSE = ".wall, .cloud";
  const HEADING = "h1, h2, h3, h4, h5, h6, .group-heading";
  function paginate() {
    const area = document.getElementById("area");
    for (const item of area.querySelectorAll(".off-page")) item.classList.remove("off-page");
    // Only what is drawn: the prompt and parts hidden once results show would make an empty page.
    const items = pageItems(area).filter((item) => item.getClientRects().length > 0);
    pages = [];
    if (overflowing(area) && items.length > 1) {
      for (const item of items) item.classList.add("off-page");
      const fits = (item) => {
        item.classList.remove("off-page");
        showContainers(area, items);
        if (!overflowing(area)) return true;
        item.classList.add("off-page");
        return false;
      };
      let left = items.slice();
      while (left.length) {
        const page = [left[0]];
        left[0].classList.remove("off-page");
        let next = 1;
        while (next < left.length && fits(left[next])) page.push(left[next++]);
        const stopped = left[next];
        if (stopped && stopped.parentElement.matches(LOOSE)) {
          for (const later of left.slice(next + 1)) {
            if (later.parentElement !== stopped.parentElement || later.matches(HEADING)) break;  // the next group's: not before its heading
            if (fits(later)) page.push(later);
          }
        }
        while (page.length > 1 && page[page.length - 1].matches(HEADING) && page.length < left.length) page.pop().classList.add("off-page");
        for (const item of page) item.classList.add("off-page");
        pages.push(page);
        left = left.filter((item) => !page.includes(item));
      }
    }
    pages.forEach((page, n) => { for (const item of page) item.dataset.onPage = String(n + 1); });
    shown = -1;
    turn();
  }

  function turn() {
    const area = document.getElementById("area");
    const count = Math.max(1, pages.length);
    const index = Math.floor(Math.max(0, Room.serverNow() - pagesSince) / PAGE_SECONDS) % count;
    document.body.dataset.pages = String(count);
    document.body.dataset.page = String(index + 1);
    setText("page-number", count > 1 ? `Page ${index + 1} of ${count}` : "");
    if (index === shown || pages.length < 2) return;
    shown = index;
    const items = pages.flat();
    pages.forEach((page, n) => { for (const item of page) item.classList.toggle("off-page", n !== index); });
    showContainers(area, items);
  }

  // A kind that draws its stage later (a game fetches its own view), or an image that arrives,
  // changes what fits: cut the pages again, once per frame at most.
  let again = 0;
  const soon = () => { if (!again) again = requestAnimationFrame(() => { again = 0; paginate(); }); };
  new MutationObserver(soon).observe(document.getElementById("kind-stage"), { childList: true, subtree: true });
  document.getElementById("area").addEventListener("load", soon, true);
  window.addEventListener("resize", () => { if (view) paginate(); });
  setInterval(() => { if (view) { setText("countdown", Room.remaining(view.state.clock)); turn(); } }, 1000);
  let opened = false;
  function start() {
    load().then(() => Room.listen("/f/api/projector-events", onEvent, () => { if (opened) load().catch(() => {}); opened = true; }))
      .catch(() => { Room.setConnection("connecting"); setTimeout(start, 3000); });
  }
  start();
})();
