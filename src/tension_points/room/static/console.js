// The facilitator's console: every event from the room is a cue to fetch the full view
// (one screen, so the simplest way to stay exact), coalesced to a few fetches a second.
"use strict";
(() => {
  const { el, setText } = Room;
  let view = null;
  let timer = null;
  let skew = 0;  // the server's clock minus this screen's, in seconds
  let askedFor = null;  // the minutes behind a fetch was last asked for, so a clock tick fetches once

  async function load() {
    view = await Room.getJSON("/f/api/state");
    skew = view.now - Date.now() / 1000;
    render();
  }

  // Never an uncaught error: a view that cannot be fetched leaves the last one on screen.
  const reload = () => load().catch(() => Room.setConnection("connecting"));

  function soon() {
    if (timer) return;
    timer = setTimeout(() => { timer = null; reload(); }, 150);
  }

  // A facilitator's press is applied now or refused where the facilitator looks, never kept to
  // be replayed later: a "Next item" pressed twice while the server was down, replayed after
  // the restart, would skip an item nobody chose to skip.
  async function act(url, body) {
    setText("action-error", "");
    try {
      const result = await Room.postJSON(url, body);
      if (!result.ok) setText("action-error", result.data.error || `Refused (${result.status})`);
    } catch (failure) {
      Room.setConnection("offline");
      setText("action-error", "Not done: the room server does not answer, so nothing changed. Press again once the console says Connected.");
      return;
    }
    await reload();
  }

  function render() {
    const { state } = view;
    const segment = state.segment;
    const activity = state.activity;
    // The title beside the countdown is what it counts: an activity run off the agenda, on its
    // own clock, is named with its own minutes, and the agenda item it interrupts below it.
    const itemMinutes = segment ? `(${segment.planned_minutes}${segment.extended_minutes ? ` + ${segment.extended_minutes}` : ""} min)` : "";
    const itemText = segment ? `${segment.title} ${itemMinutes}` : "";
    const offAgenda = Boolean(activity && state.clock && !state.clock.agenda);
    setText("segment-title", offAgenda ? `${activity.title} (${state.clock.minutes} min), off the agenda` : segment ? itemText : (state.finished ? "Session ended" : "Not started"));
    setText("interrupts", !offAgenda ? "" : segment && state.clock.interrupts ? `It interrupts the agenda item “${segment.title}” ${itemMinutes}: the activity's minutes are added to that item, so the plan counts them.` : "No agenda item is running.");
    setText("extend-what", offAgenda ? `+1 and +5 add to “${activity.title}”${segment && state.clock.interrupts ? `, and the same minutes to “${segment.title}”` : ""}.` : segment ? `+1 and +5 add to “${segment.title}”.` : "");
    setText("next", segment ? "Next item" : "Start the first item");
    // On the agenda's last item, "Next item" could only end the session (the button beside it
    // says so); once ended, it would start the agenda over. A row's Start still runs any item.
    const runnable = view.agenda.filter((item) => item.kind !== "late");
    const last = runnable.length ? runnable[runnable.length - 1] : null;
    document.getElementById("next").hidden = Boolean(state.finished || (segment && last && segment.index === last.index));
    setText("activity-name", activity ? `${activity.title} · ${Room.describeActivity(activity)}` : "None selected");
    setText("activity-prompt", activity ? activity.prompt : "");
    setText("activity-phase", activity ? `${Room.phaseText(activity)}${activity.revealed ? " Results are shown to the room." : " Results are not shown yet."}` : "");
    const kind = activity && Room.kinds[activity.kind];
    // An agenda item without a live activity: no button that could only answer "nothing selected".
    for (const id of ["open", "close", "reveal", "conceal"]) document.getElementById(id).hidden = !activity;
    setText("no-activity", activity ? "" : "This agenda item has no live activity. To run one anyway, pick it below.");
    const split = document.getElementById("split");
    split.hidden = !(kind && kind.splits);  // a survey or a plan has nothing to split
    split.setAttribute("aria-pressed", String(Boolean(state.split)));
    const roles = view.roster.by_role;
    setText("roster", `${view.roster.total} joined: ` + Room.ROLES.map(([r, label]) => `${label} ${roles[r] || 0}`).join(", "));
    drawFlags();
    drawResults(activity);
    drawAgenda(segment);
    drawLate(segment);
    drawActivities(activity);
    tick();
  }

  // The planner's late plan for the minutes the room is behind (the server's, in the printed
  // sheet's words): what to cut before the next pause, and a press that makes the cuts.
  function drawLate(segment) {
    const pace = view.pace;
    const plan = pace && pace.late_plan;
    const cuts = document.getElementById("late-cuts");
    const accept = document.getElementById("accept-late");
    cuts.replaceChildren(...(plan ? plan.cuts.map((cut) => el("li", { text: cut.text })) : []));
    const later = document.getElementById("late-later");
    later.replaceChildren(...(plan ? plan.later.map((cut) => el("li", { text: cut.text })) : []));
    accept.hidden = !(plan && (plan.cuts.length || plan.later.length));
    let status = "Start the first item: when the room falls behind, the cuts to make show here.";
    let after = "", laterText = "", overText = "";
    if (view.state.finished) status = "The session has ended.";
    else if (segment && !plan) status = "On time: nothing to cut.";
    else if (plan) {
      const amount = `${plan.behind} ${plan.behind === 1 ? "minute" : "minutes"}`;
      status = plan.cuts.length ? `${amount} behind. Before ${plan.until}, cut in this order:` : `${amount} behind, and nothing left to cut before ${plan.until}.`;
      const pause = plan.until.replace(/ at .*/, "");
      if (plan.cuts.length) after = `These give back ${plan.saved} min${plan.short ? `; ${pause} still starts ${plan.short} min late.` : "."}`;
      else after = `${pause[0].toUpperCase()}${pause.slice(1)} starts ${plan.short} min late.`;
      if (plan.later.length) laterText = `To still end at ${plan.end}, then, as you reach them:`;
      if (plan.over) overText = `Even with every cut the day ends ${plan.over} min late, after ${plan.end}: nothing else can go without breaking the agenda's rules.`;
      else if (plan.later.length) overText = `With these the day ends on time, at ${plan.end}.`;
    }
    setText("late-status", status);
    setText("late-after", after);
    setText("late-then", laterText);
    setText("late-over", overText);
  }

  function tick() {
    const now = new Date();
    // 24-hour, as the agenda's planned and started times are: one format on the screen.
    setText("clock", [now.getHours(), now.getMinutes(), now.getSeconds()].map((n) => String(n).padStart(2, "0")).join(":"));
    if (!view) return;
    setText("countdown", Room.remaining(view.state.clock));
    const segment = view.state.segment;
    if (segment && view.pace) {
      // Behind: the item running now will end after the next one is planned to begin (an item
      // running past its countdown makes the room later by every minute it runs on).
      const now = Date.now() / 1000 + skew;
      // An activity run off the agenda past its own countdown keeps the item it interrupts later too.
      const clock = view.state.clock;
      const overrun = clock && !clock.agenda && clock.interrupts ? Math.max(0, now - clock.ends_at) : 0;
      const drift = Math.round((Math.max(segment.ends_at + overrun, now) - view.pace.due) / 60);
      setText("drift", drift > 0 ? `${drift} min behind the plan` : drift < 0 ? `${-drift} min ahead of the plan` : "On time");
      const behind = Math.max(0, drift);
      if (behind !== view.pace.behind && behind !== askedFor) { askedFor = behind; soon(); }
      if (!view.pace.late_plan) setText("late-status", drift < 0 ? "Ahead of the plan: nothing to cut." : "On time: nothing to cut.");
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
      // A row of minutes the room lost (an accepted late plan) is a record, not an item to run.
      const start = item.kind === "late" ? null : el("button", { type: "button", text: "Start", "aria-label": `Start ${item.title}`, onclick: () => act("/f/api/segment", { action: "start", index: item.index }) });
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
  on("accept-late", () => { if (view && view.pace && view.pace.late_plan) act("/f/api/segment", { action: "accept-late", behind: view.pace.late_plan.behind }); });
  on("open", () => act("/f/api/activity", { action: "open" }));
  on("close", () => act("/f/api/activity", { action: "close" }));
  on("reveal", () => act("/f/api/activity", { action: "reveal" }));
  on("conceal", () => act("/f/api/activity", { action: "conceal" }));
  on("split", () => act("/f/api/activity", { action: view && view.state.split ? "unsplit" : "split" }));
  // The preview: the projector's own page at 1280x720, scaled to the panel, so it shows exactly
  // what the room sees (the same layout and the same page at the same moment).
  const previewBox = document.getElementById("preview-box");
  new ResizeObserver(() => { document.getElementById("preview").style.transform = `scale(${previewBox.clientWidth / 1280})`; }).observe(previewBox);
  on("open-other", () => act("/f/api/activity", { action: "open", activity: document.getElementById("other-activity").value }));
  setInterval(tick, 1000);
  function start() {
    load().then(() => Room.listen("/f/api/events", soon, () => { setText("action-error", ""); soon(); }))
      .catch(() => { Room.setConnection("connecting"); setTimeout(start, 3000); });
  }
  start();
})();
