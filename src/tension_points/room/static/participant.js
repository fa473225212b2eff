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
  }

  function onEvent(event) {
    if (!view) return;
    if (event.type === "state") {
      const before = view.state.activity && view.state.activity.id;
      view.state = event.state;
      view.results = event.results;
      const after = event.state.activity && event.state.activity.id;
      if (before !== after) { mine = []; load().catch(() => {}); }
    } else if (event.type === "results" && current() && event.activity === current().id) {
      view.results = event.results;
    } else if (event.type === "wall" && current() && event.activity === current().id) {
      view.results = Room.applyWall(view.results, event);
    } else if (event.type === "flags") {
      view.flags = event.flags;
    } else if (event.type === "roster") {
      view.roster = event.roster;
    }
    render();
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

  function drawForm(activity) {
    const area = document.getElementById("answer-area");
    area.replaceChildren();
    const own = activity && Room.kinds[activity.kind];
    if (own && own.keepsOwnForm) { own.form(area, activity, view.me); return; }  // closed, it still offers the downloads
    if (!activity || !activity.accepts_answers || activity.phase !== "open") return;
    const form = el("form", { id: "answer-form", novalidate: true });
    const status = el("p", { id: "answer-status", role: "status", "aria-live": "polite" });
    const kind = Room.kinds[activity.kind]; // the surveys and the action plan draw their own form (forms.js)
    if (kind) { area.append(kind.form(activity, { mine, status, queue: (payload, shown) => queue(activity, payload, shown) })); return; }
    if (activity.kind === "open" || activity.kind === "wordcloud") {
      const cloud = activity.kind === "wordcloud";
      const label = el("label", { for: "answer-text", text: cloud ? "One to three words" : "Your answer" });
      const input = cloud
        ? el("input", { id: "answer-text", maxlength: 120, autocomplete: "off" })
        : el("textarea", { id: "answer-text", rows: 4, maxlength: 500 });
      input.value = localStorage.getItem(draftKey(activity)) || "";
      input.addEventListener("input", () => localStorage.setItem(draftKey(activity), input.value));
      form.append(label, input);
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const text = input.value.trim();
        if (!text) { status.textContent = "Type something first."; return; }
        queue(activity, { text }, text);
        input.value = "";
        localStorage.removeItem(draftKey(activity));
        input.focus();
      });
    } else {
      const multiple = activity.kind === "poll" && activity.multiple;
      const labels = activity.kind === "poll" ? activity.options : [1, 2, 3, 4, 5].map((n) => (n === 1 && activity.scale_labels[0] ? `1 ${activity.scale_labels[0]}` : n === 5 && activity.scale_labels[1] ? `5 ${activity.scale_labels[1]}` : String(n)));
      const fieldset = el("fieldset", {}, el("legend", { text: multiple ? "Pick one or more" : "Pick one" }));
      labels.forEach((label, i) => {
        fieldset.append(el("label", { class: "choice" }, el("input", { type: multiple ? "checkbox" : "radio", name: "choice", value: String(i) }), ` ${label}`));
      });
      form.append(fieldset);
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const picked = [...form.querySelectorAll("input[name=choice]:checked")].map((input) => Number(input.value));
        if (!picked.length) { status.textContent = "Pick an option first."; return; }
        if (activity.kind === "poll") queue(activity, { choices: picked }, picked.map((i) => activity.options[i]).join(", "));
        else queue(activity, { value: picked[0] + 1 }, labels[picked[0]]);
      });
    }
    form.append(el("button", { type: "submit", text: "Send" }), status);
    area.append(form);
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
    if (Room.kinds[activity.kind] && Room.kinds[activity.kind].summary) return Room.kinds[activity.kind].summary(activity, body);
    if (body.text) return body.text;
    if (body.choices) return body.choices.map((i) => activity.options[i]).join(", ");
    if (body.value) return String(body.value);
    return "";
  }

  function drawMine(activity) {
    const list = document.getElementById("my-answers");
    if (activity && Room.kinds[activity.kind] && Room.kinds[activity.kind].keepsOwnForm) { document.getElementById("my-answers-box").hidden = true; return; }  // its form shows what was saved
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
    const show = Boolean(activity && activity.revealed && view.results && activity.kind !== "timer");
    box.hidden = !show;
    if (!show) return;
    const role = document.getElementById("role-filter").value || "all";
    const voting = activity.kind === "open" && activity.phase !== "ready"
      ? (answer) => el("button", { type: "button", class: "vote", "aria-pressed": String(votes.has(answer.id)), disabled: votes.has(answer.id), "aria-label": `Vote for: ${answer.text}`, text: votes.has(answer.id) ? "Voted" : "+1", onclick: () => vote(answer.id) })
      : null;
    document.getElementById("results").replaceChildren(Room.renderResults(activity, view.results, role, false, voting));
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
