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

  async function load() {
    const data = await Room.getState("/p/api/state");
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
    if (signature !== rendered) {
      // Closed while someone was typing: the form stays, read-only, so nothing typed is lost.
      const closing = activity && rendered === `${activity.id}:open` && activity.phase !== "open";
      if (!(closing && keepTyped(activity))) drawForm(activity);
      rendered = signature;
    }
    drawMine(activity);
    document.getElementById("flags-box").hidden = !activity;
    drawFlagButtons(activity);
    drawResults(activity);
  }

  function tick() { setText("countdown", view ? Room.remaining(view.state.clock) : ""); }

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

  const typedFields = (form) => [...form.querySelectorAll("textarea, input:not([type=radio]):not([type=checkbox]):not([type=hidden])")].filter((f) => f.value.trim());
  // The choices ticked in a form, by name and value: compared with what was last sent from it.
  const picks = (form) => JSON.stringify([...form.querySelectorAll("input[type=radio]:checked, input[type=checkbox]:checked")].map((i) => `${i.name}=${i.value}`));
  // What a ticked choice says: its label's text (a poll's option, a scale's "4", "5 very likely").
  const pickedLabels = (form) => [...form.querySelectorAll("input[type=radio]:checked, input[type=checkbox]:checked")]
    .map((input) => (input.closest("label") || (input.id && form.querySelector(`label[for="${input.id}"]`)) || { textContent: input.value }).textContent.trim());

  // The activity closed with text typed, or choices picked, and not sent: keep the form where it
  // is, read-only (text can still be selected and copied; picked choices stay ticked, greyed),
  // and say that it was not sent and what was picked. Choices the form already sent, unchanged
  // since, are not "not sent": those close as usual.
  function keepTyped(activity) {
    const form = document.getElementById("answer-form");
    const kind = Room.kinds[activity.kind];
    if (!form || (kind && kind.ownsArea)) return false;
    const typed = typedFields(form).length > 0;
    const picked = JSON.parse(picks(form)).length > 0 && picks(form) !== form.dataset.sentPicks;
    if (!typed && !picked) return false;
    const labels = picked ? pickedLabels(form) : [];
    for (const field of form.querySelectorAll("input, textarea, select")) {
      if (field.matches("textarea, input:not([type=radio]):not([type=checkbox])")) field.readOnly = true;
      else field.disabled = true;
    }
    for (const button of form.querySelectorAll("button")) button.remove();
    const said = picked ? ` You picked: ${labels.join(", ")}. It is shown below, not counted.` : "";
    if (!typed) {
      form.prepend(el("p", { class: "warning", id: "kept-note", role: "status", text: `Closed before you sent this: it was not sent.${said}` }));
      return true;
    }
    const text = typedFields(form).map((f) => f.value.trim()).join("\n\n");
    const status = el("p", { id: "kept-status", role: "status" });
    const copy = el("button", { type: "button", class: "secondary", text: "Copy my text", onclick: () => copyText(text, status) });
    form.prepend(el("p", { class: "warning", id: "kept-note", text: `Closed before you sent this: it was not sent. Your text stays here to copy; select it, or press Copy my text.${picked ? ` You picked: ${labels.join(", ")}.` : ""}` }));
    form.append(copy, status);
    return true;
  }

  async function copyText(text, status) {
    try {
      await navigator.clipboard.writeText(text);  // only on HTTPS or localhost
      status.textContent = "Copied.";
    } catch (failure) {
      const box = el("textarea", { readonly: true, class: "copy-box", "aria-label": "Your text, selected to copy" });
      box.value = text;
      status.replaceChildren("Your text is selected below: use your phone's Copy.", box);
      box.focus();
      box.select();
    }
  }

  function queue(activity, payload, shown) {
    // What this form sent, so closing it later does not call those same choices "not sent".
    const form = document.getElementById("answer-form");
    if (form) form.dataset.sentPicks = picks(form);
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
      const entry = el("li", { class: item.problem ? "problem" : "waiting" }, el("span", { text: item.shown }), el("span", { class: "note", text: note }));
      if (item.problem) entry.append(el("div", { class: "buttons" }, ...refusedButtons(activity, item)));
      items.push(entry);
    }
    list.replaceChildren(...items);
    document.getElementById("my-answers-box").hidden = items.length === 0;
    const kind = activity && Room.kinds[activity.kind];
    if (kind && kind.mine) kind.mine(activity, mine);
  }

  // A refused answer goes back into the form to be put right and sent again, or is dropped.
  function refusedButtons(activity, item) {
    const drop = () => { savePending(pending().filter((p) => p.key !== item.key)); drawMine(activity); };
    // The text box is looked up when pressed, not when drawn: the form may be drawn afresh in between.
    const textBox = () => document.getElementById("answer-text");
    const buttons = [];
    if (textBox() && !textBox().readOnly && typeof item.payload.text === "string") {
      buttons.push(el("button", { type: "button", class: "secondary", text: "Edit and send again", "aria-label": `Edit and send again: ${item.shown}`,
        onclick: () => {
          const input = textBox();
          if (!input || input.readOnly) return;
          input.value = item.payload.text; input.dispatchEvent(new Event("input")); drop(); input.focus();
        } }));
    }
    buttons.push(el("button", { type: "button", class: "secondary", text: "Remove", "aria-label": `Remove: ${item.shown}`, onclick: drop }));
    return buttons;
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
    // The filter offers the groups the results may show (privacy.py), and none when there is only one.
    const filter = document.getElementById("role-filter");
    const groups = view.results.groups || [];
    if (filter.dataset.groups !== JSON.stringify(groups)) {
      const chosen = filter.value;
      filter.replaceChildren(...groups.map(([value, label]) => el("option", { value, text: label })));
      filter.value = groups.some(([value]) => value === chosen) ? chosen : "all";
      filter.dataset.groups = JSON.stringify(groups);
    }
    document.getElementById("role-filter-box").hidden = groups.length < 2;
    const role = filter.value || "all";
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
