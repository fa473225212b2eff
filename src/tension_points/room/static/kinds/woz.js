// The Wizard of Oz's renderer in the room: the phone's seat picker, the console's start and
// release controls, the projector's curtain and debrief. The game screens themselves are
// their own pages (/p/woz/...), opened from the phone. Each part fetches its own view when
// it is drawn and again at every "kind" event the server sends for the game (a seat taken,
// a question asked, a round started). Everything goes in with textContent (Room.el).
"use strict";
(() => {
  const { el } = Room;
  const path = window.location.pathname;
  const screen = path.startsWith("/p/") ? "phone" : path.startsWith("/f/projector") ? "projector" : "console";
  const url = { phone: "/p/api/woz", console: "/f/api/woz", projector: "/f/api/woz/projector" }[screen];
  const ROLE_NAMES = { user: "user", wizard: "wizard", observer: "observer" };
  let body = null;  // where this screen draws the game: the phone's answer area, the console's box, the projector's stage
  let shownFor = "";  // what the form was built for: a new game rebuilds it, new counts do not
  let lastText = "";

  function roundLine(group) {
    if (!group.round) return "All rounds played";
    return `Round ${group.round.number} of ${group.round.of}: ${group.round.title}`;
  }

  function curtain(group) {
    if (group.finished) return "Finished: every item answered";
    if (group.awaiting_release) return `Paused before round ${group.awaiting_release}: the facilitator starts it`;
    if (!group.asked) return "Waiting for the user's next question";
    return group.shown ? "Behind the curtain: the wizard is answering" : "The question is on its way to the wizard";
  }

  function seatsText(seats) {
    return ["user", "wizard", "observer"].map((role) => `${seats[role]} ${ROLE_NAMES[role]}${seats[role] === 1 ? "" : "s"}`).join(", ");
  }

  function groupsList(view) {
    return el("ul", { class: "woz-groups", id: "woz-groups" }, ...view.groups.map((group) =>
      el("li", { "data-group": group.group },
        el("strong", { text: `Group ${group.group}: ` }),
        `${seatsText(group.seats)} · ${roundLine(group)} · ${group.answered} of ${group.total} answered · ${curtain(group)}`)));
  }

  // --- The phone -------------------------------------------------------------------------

  function seatForm(view) {
    const [myGroup, myRole] = view.seat || [null, null];
    const groupChoices = el("fieldset", {}, el("legend", { text: "Your group" }), ...view.groups.map((group) =>
      el("label", { class: "choice" }, el("input", { type: "radio", name: "woz-group", value: group.group, checked: group.group === myGroup }), `Group ${group.group}`)));
    // The role's name labels the radio; its mission (from the role cards) describes it.
    const roleChoices = el("fieldset", {}, el("legend", { text: "Your role" }), ...view.roles.map((role) => el("div", { class: "woz-role" },
      el("label", { class: "choice" }, el("input", { type: "radio", name: "woz-role", value: role.id, checked: role.id === myRole, "aria-describedby": `woz-mission-${role.id}` }),
        el("strong", { text: role.title })),
      el("p", { class: "hint", id: `woz-mission-${role.id}`, text: role.mission }))));
    const status = el("p", { id: "woz-seat-status", role: "status", "aria-live": "polite" });
    const form = el("form", { id: "woz-seat-form" }, groupChoices, roleChoices, el("button", { type: "submit", text: "Take this seat" }), status);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const group = form.querySelector("input[name=woz-group]:checked");
      const role = form.querySelector("input[name=woz-role]:checked");
      if (!group || !role) { status.textContent = "Pick a group and a role first."; return; }
      const answer = await Room.postJSON("/p/api/woz/seat", { activity: view.activity, group: Number(group.value), role: role.value });
      status.textContent = answer.ok ? "" : `Not taken: ${answer.data.error || answer.status}`;
      if (answer.ok) soon();
    });
    return form;
  }

  function seatLink(view) {
    if (!view.seat) return el("p", { id: "woz-my-seat", text: "Take a seat to get your screen." });
    const [group, role] = view.seat;
    const href = `/p/woz/${encodeURIComponent(view.activity)}/${group}/${role === "user" ? "" : role}`;
    return el("p", { id: "woz-my-seat" }, `Your seat: the ${ROLE_NAMES[role]} of group ${group}. `,
      el("a", { href, class: "button", text: `Open the ${ROLE_NAMES[role]}'s screen` }));
  }

  function renderPhone(view) {
    if (!view.started) { shownFor = ""; body.replaceChildren(el("p", { text: "Waiting for the facilitator to start the game." })); return; }
    const key = `${view.activity}/${view.groups.length}/${view.seat}`;
    if (key !== shownFor) {
      shownFor = key;
      body.replaceChildren(seatForm(view), el("div", { id: "woz-mine" }), el("h3", { text: "The groups" }), el("div", { id: "woz-list" }));
    }
    document.getElementById("woz-mine").replaceChildren(seatLink(view));
    document.getElementById("woz-list").replaceChildren(groupsList(view));
  }

  // --- The console -----------------------------------------------------------------------

  async function act(payload, status) {
    const answer = await Room.postJSON("/f/api/woz", payload);
    status.textContent = answer.ok ? "" : `Not done: ${answer.data.error || answer.status}`;
    soon();
  }

  function startForm(view) {
    const status = el("p", { id: "woz-console-status", role: "status", "aria-live": "polite" });
    const groups = el("input", { id: "woz-groups-count", type: "number", min: 1, max: view.max_groups, value: 2, inputmode: "numeric" });
    const items = el("input", { id: "woz-items-count", type: "number", min: 1, max: view.pack_items, value: view.items, inputmode: "numeric" });
    const form = el("form", { id: "woz-start" },
      el("p", { text: `Pack: ${view.pack}. Each group needs a user, a wizard and an observer; their phones pick a seat once the game starts.` }),
      el("label", { for: "woz-groups-count", text: "Number of groups" }), groups,
      el("label", { for: "woz-items-count", text: `Items a round (of the pack's ${view.pack_items}; fewer when the room is behind)` }), items,
      el("button", { type: "submit", text: "Start the game" }), status);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      act({ action: "start", activity: view.activity, groups: Number(groups.value), items: Number(items.value) }, status);
    });
    return form;
  }

  function releaseTable(view) {
    const status = el("p", { id: "woz-console-status", role: "status", "aria-live": "polite" });
    const waiting = view.groups.filter((group) => group.awaiting_release);
    const all = el("button", { type: "button", id: "woz-release-all", disabled: !waiting.length,
      text: "Start the next round for every group waiting", onclick: () => act({ action: "release", activity: view.activity }, status) });
    const rows = view.groups.map((group) => el("tr", {},
      el("th", { scope: "row", text: `Group ${group.group}` }),
      el("td", { text: seatsText(group.seats) }),
      el("td", { text: roundLine(group) }),
      el("td", { text: `${group.answered} of ${group.total}` }),
      el("td", { text: `${curtain(group)}${group.refused ? ` · ${group.refused} stale answers refused` : ""}` }),
      el("td", {}, group.awaiting_release
        ? el("button", { type: "button", text: `Start round ${group.awaiting_release} for group ${group.group}`,
          onclick: () => act({ action: "release", activity: view.activity, group: group.group }, status) })
        : "")));
    const table = el("table", { id: "woz-console-groups" }, el("caption", { text: "Groups" }),
      el("thead", {}, el("tr", {}, ...["Group", "Seats", "Round", "Answered", "Now", "Round boundary"].map((h) => el("th", { scope: "col", text: h })))),
      el("tbody", {}, ...rows));
    return el("div", {}, all, table, status);
  }

  function renderConsole(view) {
    if (view.started) { shownFor = ""; body.replaceChildren(releaseTable(view)); return; }
    if (shownFor !== view.activity) { shownFor = view.activity; body.replaceChildren(startForm(view)); }
  }

  // --- The projector ---------------------------------------------------------------------

  function block(item) {
    if (item.type === "heading") return el(`h${Math.min(item.level + 1, 6)}`, { text: item.text });
    if (item.type === "paragraph") return el("p", { text: item.text });
    if (item.type === "listblock") return el(item.numbered ? "ol" : "ul", {}, ...item.items.map((text) => el("li", { text })));
    if (item.type === "table") {
      return el("div", { class: "woz-table" }, el("table", {},
        el("thead", {}, el("tr", {}, ...item.headers.map((h) => el("th", { scope: "col", text: h })))),
        el("tbody", {}, ...item.rows.map((row) => el("tr", {}, ...row.map((cell, i) => el(i === 0 && item.row_headers ? "th" : "td", i === 0 && item.row_headers ? { scope: "row", text: cell } : { text: cell })))))));
    }
    return el("p", { text: item.text || "" });
  }

  function renderProjector(view) {
    if (!view.started) { body.replaceChildren(el("p", { text: "The game starts when the facilitator has made the groups." })); return; }
    const cards = el("ul", { class: "woz-groups", id: "woz-curtain" }, ...view.groups.map((group) =>
      el("li", { "data-group": group.group }, el("h2", { text: `Group ${group.group}` }),
        el("p", { text: roundLine(group) }), el("p", { class: "woz-curtain", text: curtain(group) }),
        el("p", { text: `${group.answered} of ${group.total} answered` }))));
    const parts = [cards];
    if (view.debrief) parts.push(el("section", { id: "woz-debrief", "aria-label": "Debrief" }, ...view.debrief.blocks.map(block)));
    body.replaceChildren(...parts);
  }

  // --- Fetching: when drawn, and at each of the game's events (coalesced) -------------------

  const renderers = { phone: renderPhone, console: renderConsole, projector: renderProjector };
  let pending = null;
  async function refresh() {
    pending = null;
    if (!body) return;
    try {
      const view = await Room.getJSON(url);
      const { now, ...rest } = view;
      const text = JSON.stringify(rest);
      if (view.activity && text !== lastText) renderers[screen](view);
      lastText = text;
    } catch (error) {
      lastText = "";  // the server is back: render afresh
    }
  }
  function soon() { if (!pending) pending = setTimeout(refresh, 100); }

  function show(box) {
    if (body !== box) { body = box; shownFor = ""; lastText = ""; }
    soon();
  }

  Room.kinds.woz = {
    ownsArea: true,
    consoleTitle: "Wizard of Oz",
    form(area, activity) {
      area.replaceChildren(el("h2", { id: "woz-title", text: "Wizard of Oz: your group and role" }), el("div", { id: "woz-body" }));
      body = null;
      show(document.getElementById("woz-body"));
    },
    console(box) { show(box); return true; },
    stage(box) { show(box); },
    event() { soon(); },
    results: () => el("p", {}),
  };
})();
