// The participant's phone. Answers wait in localStorage until the server has stored them:
// each carries an idempotency key, so sending it again after a lost reply never duplicates it.
"use strict";
(() => {
  const { el, setText } = Room;
  const PENDING = "tp-room-pending";
  let view = null; // {state, results, flags, roster}
  let mine = []; // answers the server has stored for the current activity
  let votes = new Set();
  let rendered = ""; // activity id + phase the answer form was drawn for
  let flushing = false;
  const sent = new Map(); // idempotency key -> answer the server acknowledged, this page's life

  function remember(activity, answer) {
    // A poll, a scale, a survey or a plan keeps one answer a participant: the latest replaces the earlier one.
    if (activity.one_per_participant) mine = [answer];
    else mine.push(answer);
  }

  const pending = () => JSON.parse(localStorage.getItem(PENDING) || "[]");
  const savePending = (list) => localStorage.setItem(PENDING, JSON.stringify(list));
  const draftKey = (activity) => `tp-room-draft-${activity.id}`;

  async function load() {
    const data = await Room.getJSON("/p/api/state");
    view = data;
    // The server's list, plus answers stored while this request was on its way.
    mine = data.mine;
    const activity = current();
    for (const answer of sent.values()) {
      if (activity && answer.activity === activity.id && !mine.some((m) => m.key === answer.key)) remember(activity, answer);
    }
    votes = new Set(data.votes);
    render();
    const kind = activity && Room.kinds[activity.kind];
    if (kind && kind.event) kind.event(activity, { type: "reload" });  // a kind that fetches its own view
  }

  function onEvent(event) {
    if (!view) return;
    const what = Room.applyEvent(view, event);
    if (what === "activity") { mine = []; load().catch(() => {}); }
    if (what !== "kind") render();
  }

  const current = () => view && view.state.activity;

  function render() {
    const activity = current();
    setText("activity-title", activity ? activity.title : (view.state.finished ? "The session has ended" : "Waiting for the facilitator"));
    setText("activity-meta", activity ? Room.describeActivity(activity) : "");
    setText("activity-prompt", activity ? activity.prompt : "");
    Room.fillParts(document.getElementById("activity-parts"), activity);
    setText("activity-phase", Room.phaseText(activity));
    tick();
    const signature = activity ? `${activity.id}:${activity.phase}` : "";
    if (signature !== rendered) { drawForm(activity); rendered = signature; }
    drawMine(activity);
    document.getElementById("flags-box").hidden = !activity;
    drawFlagButtons(activity);
    drawResults(activity);
  }

  function tick() { setText("countdown", view ? Room.remaining(view.state.segment) : ""); }

  // The answer area is the kind's: its form while the activity is open (or, for a kind that
  // owns the area, whatever it draws, open or closed).
  function drawForm(activity) {
    const area = document.getElementById("answer-area");
    area.replaceChildren();
    const kind = activity && Room.kinds[activity.kind];
    if (!kind || !kind.form) return;
    const context = { mine, me: view.me, status: el("p", { id: "answer-status", role: "status", "aria-live": "polite" }), queue: (payload, shown) => queue(activity, payload, shown) };
    if (kind.ownsArea) { kind.form(area, activity, context); return; }
    if (!activity.accepts_answers || activity.phase !== "open") return;
    area.append(kind.form(activity, context));
  }

  function queue(activity, payload, shown) {
    const list = pending();
    list.push({ key: Room.newKey(), activity: activity.id, payload, shown, problem: "" });
    savePending(list);
    drawMine(activity);
    flush();
  }

  async function flush() {
    if (flushing) return;
    flushing = true;
    try {
      for (const item of pending()) {
        if (item.problem) continue;
        Room.setConnection("sending");
        let result;
        try {
          result = await Room.postJSON("/p/api/answer", { activity: item.activity, key: item.key, ...item.payload });
        } catch (failure) {
          Room.setConnection("offline");
          return; // still queued: sent when the connection is back
        }
        if (result.status === 429 || result.status >= 500) { Room.setConnection("online"); setTimeout(flush, 2000); return; }
        const list = pending();
        const index = list.findIndex((entry) => entry.key === item.key);
        if (result.ok) {
          if (index >= 0) list.splice(index, 1);
          const answer = { id: result.data.id, key: item.key, activity: item.activity, body: { ...item.payload, shown: item.shown } };
          sent.set(item.key, answer);
          if (current() && current().id === item.activity && !mine.some((m) => m.key === item.key)) remember(current(), answer);
        } else if (index >= 0) {
          list[index].problem = result.data.error || `not stored (${result.status})`;
        }
        savePending(list);
        Room.setConnection("online");
      }
    } finally {
      flushing = false;
      if (view) drawMine(current());
    }
  }

  function answerText(activity, body) {
    if (body.shown) return body.shown;
    const kind = Room.kinds[activity.kind];
    if (kind && kind.summary) return kind.summary(activity, body);
    return body.text || "";
  }

  function drawMine(activity) {
    const list = document.getElementById("my-answers");
    if (activity && Room.kinds[activity.kind] && Room.kinds[activity.kind].ownsArea) { document.getElementById("my-answers-box").hidden = true; return; }  // its area shows what was saved
    const waiting = pending().filter((p) => activity && p.activity === activity.id);
    const items = [];
    for (const answer of activity ? mine : []) items.push(el("li", {}, el("span", { text: answerText(activity, answer.body) }), el("span", { class: "sent", text: " ✓ sent" })));
    for (const item of waiting) {
      const note = item.problem ? ` ✗ ${item.problem}` : " … waiting to send";
      items.push(el("li", { class: item.problem ? "problem" : "waiting" }, el("span", { text: item.shown }), el("span", { class: "note", text: note })));
    }
    list.replaceChildren(...items);
    document.getElementById("my-answers-box").hidden = items.length === 0;
    const kind = activity && Room.kinds[activity.kind];
    if (kind && kind.mine) kind.mine(activity, mine);
  }

  function drawFlagButtons(activity) {
    const mineFlag = view.flags && view.me && Object.entries(view.flags).find(([team]) => team === (view.me.team || ""));
    for (const button of document.querySelectorAll("[data-flag]")) {
      if (button.dataset.flag === "none") continue;
      button.setAttribute("aria-pressed", String(Boolean(mineFlag && mineFlag[1].state === button.dataset.flag)));
    }
  }

  function drawResults(activity) {
    const box = document.getElementById("results-box");
    const show = Boolean(activity && activity.revealed && view.results && Object.keys(view.results).length);
    box.hidden = !show;
    if (!show) return;
    const role = document.getElementById("role-filter").value || "all";
    const voting = view.votes && activity.phase !== "ready"  // a kind whose answers take votes (the wall)
      ? (answer) => el("button", { type: "button", class: "vote", "aria-pressed": String(votes.has(answer.id)), disabled: votes.has(answer.id), "aria-label": `Vote for: ${answer.text}`, text: votes.has(answer.id) ? "Voted" : "+1", onclick: () => vote(answer.id) })
      : null;
    document.getElementById("results").replaceChildren(Room.renderResults(activity, view.results, { role, voting }));
  }

  async function vote(answerId) {
    votes.add(answerId);
    render();
    try { await Room.postJSON("/p/api/vote", { answer: answerId }); } catch (failure) { votes.delete(answerId); render(); }
  }

  async function setFlag(state) {
    try {
      const result = await Room.postJSON("/p/api/flag", { state });
      if (result.ok) {
        view.flags = view.flags || {};
        view.me.team = view.me.team || result.data.team;
        if (state === "none") delete view.flags[result.data.team]; else view.flags[result.data.team] = { state };
        render();
      }
    } catch (failure) { Room.setConnection("offline"); }
  }

  Room.roleOptions(document.getElementById("role-filter"));
  document.getElementById("role-filter").addEventListener("change", () => view && render());
  for (const button of document.querySelectorAll("[data-flag]")) button.addEventListener("click", () => setFlag(button.dataset.flag));
  window.addEventListener("online", flush);
  setInterval(() => { tick(); }, 1000);
  setInterval(() => { if (pending().some((p) => !p.problem)) flush(); }, 3000);
  let opened = false;
  function start() {
    load().then(() => {
      Room.listen("/p/api/events", onEvent, () => { if (opened) load().catch(() => {}); opened = true; flush(); });
      drawMine(current());
    }).catch(() => { Room.setConnection("offline"); setTimeout(start, 3000); });
  }
  start();
})();
