// The facilitator's console: every event from the room is a cue to fetch the full view
// (one screen, so the simplest way to stay exact), coalesced to a few fetches a second.
"use strict";
(() => {
  const { el, setText } = Room;
  let view = null;
  let timer = null;

  async function load() {
    view = await Room.getJSON("/f/api/state");
    render();
  }

  function soon() {
    if (timer) return;
    timer = setTimeout(() => { timer = null; load().catch(() => Room.setConnection("connecting")); }, 150);
  }

  async function act(url, body) {
    setText("action-error", "");
    try {
      const result = await Room.postJSON(url, body);
      if (!result.ok) setText("action-error", result.data.error || `Refused (${result.status})`);
    } catch (failure) {
      setText("action-error", "The room server does not answer. Is it still running?");
    }
    await load();
  }

  function render() {
    const { state } = view;
    const segment = state.segment;
    const activity = state.activity;
    setText("segment-title", segment ? `${segment.title} (${segment.planned_minutes}${segment.extended_minutes ? ` + ${segment.extended_minutes}` : ""} min)` : (state.finished ? "Session ended" : "Not started"));
    setText("next", segment ? "Next item" : "Start the first item");
    setText("activity-name", activity ? `${activity.title} · ${Room.describeActivity(activity)}` : "None selected");
    setText("activity-prompt", activity ? activity.prompt : "");
    setText("activity-phase", activity ? `${Room.phaseText(activity)}${activity.revealed ? " Results are shown to the room." : " Results are not shown yet."}` : "");
    const roles = view.roster.by_role;
    setText("roster", `${view.roster.total} joined: ` + Room.ROLES.map(([r, label]) => `${label} ${roles[r] || 0}`).join(", "));
    drawFlags();
    drawResults(activity);
    drawAgenda(segment);
    drawActivities(activity);
    tick();
  }

  function tick() {
    const now = new Date();
    setText("clock", now.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" }));
    if (!view) return;
    setText("countdown", Room.remaining(view.state.clock));
    const segment = view.state.segment;
    if (segment) {
      const item = view.agenda[segment.index];
      const plannedEnd = view.agenda_start + (item.offset + item.minutes) * 60;
      const drift = Math.round((segment.ends_at - plannedEnd) / 60);
      setText("drift", drift > 0 ? `${drift} min behind the plan` : drift < 0 ? `${-drift} min ahead of the plan` : "On time");
    } else setText("drift", "");
  }

  function drawFlags() {
    const list = document.getElementById("flags");
    const items = view.flags.map((f) => {
      const minutes = Math.max(0, Math.round((view.now - f.since) / 60));
      return el("li", { class: `flag ${f.state}` }, el("strong", { text: f.state === "stuck" ? "Stuck" : "Done" }), `: ${f.team} (${minutes} min ago)`);
    });
    list.replaceChildren(...(items.length ? items : [el("li", { text: "Nobody has flagged anything." })]));
  }

  // The answers so far, split by role; a kind with controls of its own (the wall's moderation,
  // a game's groups) draws them below, in place of the results when it says so.
  function drawResults(activity) {
    const box = document.getElementById("results");
    const extra = document.getElementById("kind-console");
    const kind = activity && Room.kinds[activity.kind];
    setText("results-title", (kind && kind.consoleTitle) || "Answers (only you see them until you reveal)");
    if (!activity || !view.results) { box.replaceChildren(); extra.replaceChildren(); return; }
    const count = el("p", { id: "answered", text: `${view.answered} ${view.answered === 1 ? "answer" : "answers"}; ${view.roster.total} joined` });
    const replaced = Boolean(kind && kind.console && kind.console(extra, activity, view, act));
    if (!(kind && kind.console)) extra.replaceChildren();
    box.replaceChildren(count, ...(replaced ? [] : [Room.renderResults(activity, view.results, { split: true })]));
  }

  function drawAgenda(segment) {
    const body = document.querySelector("#agenda tbody");
    body.replaceChildren(...view.agenda.map((item) => {
      const start = el("button", { type: "button", text: "Start", "aria-label": `Start ${item.title}`, onclick: () => act("/f/api/segment", { action: "start", index: item.index }) });
      const row = el("tr", { class: segment && segment.index === item.index ? "current" : "" },
        el("td", { text: item.planned_clock }),
        el("th", { scope: "row" }, item.title, item.module ? el("span", { class: "meta", text: ` · ${item.module}` }) : null),
        el("td", { text: item.kind }),
        el("td", { text: String(item.minutes) }),
        el("td", { text: item.actual_clock || "" }),
        el("td", { text: item.used_minutes === null ? "" : `${item.used_minutes}` }),
        el("td", {}, start));
      if (segment && segment.index === item.index) row.setAttribute("aria-current", "step");
      return row;
    }));
  }

  function drawActivities(activity) {
    const select = document.getElementById("other-activity");
    if (select.options.length !== view.activities.length) {
      select.replaceChildren(...view.activities.map((a) => el("option", { value: a.id, text: `${a.module}: ${a.title} (${a.kind})` })));
    }
  }

  const on = (id, handler) => document.getElementById(id).addEventListener("click", handler);
  on("next", () => act("/f/api/segment", { action: "next" }));
  on("extend1", () => act("/f/api/segment", { action: "extend", minutes: 1 }));
  on("extend5", () => act("/f/api/segment", { action: "extend", minutes: 5 }));
  on("finish", () => act("/f/api/segment", { action: "finish" }));
  on("open", () => act("/f/api/activity", { action: "open" }));
  on("close", () => act("/f/api/activity", { action: "close" }));
  on("reveal", () => act("/f/api/activity", { action: "reveal" }));
  on("conceal", () => act("/f/api/activity", { action: "conceal" }));
  on("open-other", () => act("/f/api/activity", { action: "open", activity: document.getElementById("other-activity").value }));
  setInterval(tick, 1000);
  load().then(() => Room.listen("/f/api/events", soon, soon));
})();
