// Shared by every screen of the room. Nothing a participant typed is ever parsed as
// HTML: every text goes in with textContent, every element is made with createElement.
"use strict";

const Room = (() => {
  const ROLES = JSON.parse(document.body.dataset.roles || "[]");
  const ROLE_LABEL = Object.fromEntries(ROLES);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  // A text box whose limit the phone says rather than enforces: maxlength cut a pasted
  // 5,000 characters to 500 without a word. The box keeps everything typed; its counter
  // says when it is over, and overLimit() stops the send until it is shortened.
  function limitedBox(tag, attrs, limit) {
    const counter = el("p", { id: `${attrs.id}-count`, class: "counter hint", "aria-live": "polite" });
    const box = el(tag, { ...attrs, "data-limit": String(limit), "aria-describedby": [attrs["aria-describedby"], counter.id].filter(Boolean).join(" ") });
    box.updateCount = () => {
      const n = [...box.value.trim()].length;
      const over = n > limit;
      counter.classList.toggle("over", over);
      counter.textContent = over ? `${limit} characters at most; yours is ${n}: shorten it before sending (nothing has been cut)`
        : n > 0.8 * limit ? `${n} of ${limit} characters` : "";
    };
    box.addEventListener("input", box.updateCount);
    return [box, counter];
  }

  // The first limited box of a form that is over its limit, focused and its counter shown; or null.
  function overLimit(form) {
    const boxes = [...form.querySelectorAll("[data-limit]")];
    boxes.forEach((box) => box.updateCount && box.updateCount());
    const over = boxes.find((box) => [...box.value.trim()].length > Number(box.dataset.limit));
    if (over) over.focus();
    return over || null;
  }

  function setText(id, text) {
    const node = document.getElementById(id);
    if (node) node.textContent = text || "";
  }

  // Server time minus this device's time, so countdowns follow the server's clock.
  let clockOffset = 0;
  function syncClock(serverNow, sentAt, receivedAt) {
    clockOffset = serverNow * 1000 - (sentAt + receivedAt) / 2;
  }
  function serverNow() {
    return (Date.now() + clockOffset) / 1000;
  }

  // What is left on the room's one clock (state.clock: an activity's own, or the agenda item's).
  function remaining(clock) {
    if (!clock) return "";
    const left = Math.round(clock.ends_at - serverNow());
    if (left <= 0) return "Time is up";
    const minutes = Math.floor(left / 60);
    const seconds = String(left % 60).padStart(2, "0");
    return `${minutes}:${seconds} left`;
  }

  async function getJSON(url) {
    const sentAt = Date.now();
    const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    const data = await response.json();
    if (typeof data.now === "number") syncClock(data.now, sentAt, Date.now());
    return data;
  }

  // A screen's whole state, fetched when its activity changes. A state event that arrives while
  // the request is out may be newer than the reply (the activity closed meanwhile): the reply is
  // then fetched again rather than drawn over what the event said.
  let stateEvents = 0;
  async function getState(url) {
    for (let attempt = 0; ; attempt++) {
      const before = stateEvents;
      const data = await getJSON(url);
      if (stateEvents === before || attempt === 5) return data;
    }
  }

  async function postJSON(url, body) {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    let data = {};
    try { data = await response.json(); } catch (error) { data = {}; }
    return { status: response.status, ok: response.ok, data };
  }

  function newKey() {
    // crypto.randomUUID needs HTTPS; getRandomValues works on the room's plain HTTP too.
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function describeActivity(activity) {
    // Written once, by the server (activities/base.py describe_activity), for the export too.
    return activity.description;
  }

  function fillParts(list, activity) {
    // Numbered by value: a projector page showing parts 3 and 4 must not call them 1 and 2.
    list.replaceChildren(...(activity ? activity.parts : []).map((part, n) => el("li", { value: String(n + 1), text: `${part.label} (${part.minutes} min)` })));
  }

  function phaseText(activity) {
    if (!activity) return "";
    if (!activity.accepts_answers) return "Work in your groups; use the buttons below to say whether you are stuck or done.";
    if (activity.phase === "open") return "Open for answers.";
    if (activity.phase === "closed") return "Closed: no more answers.";
    return "Not open for answers yet.";
  }

  // --- Kinds of activity: one renderer each, in one map -----------------------------------
  //
  // Each kind's script (static/kinds/, listed by the kind's ``assets`` on the server) adds
  // its entry here (ARCHITECTURE.md, "Adding a kind", says more): Room.kinds[name] = {
  //   form(activity, context)   the phone's form while the activity is open; returns the form
  //                             (context: mine, status, queue(payload, shown), me);
  //   ownsArea: true            instead, form(area, activity, context) draws the phone's answer
  //                             area itself, open or closed (a pair's map, a game's seat);
  //   summary(activity, body)   one line for an answer in "Your answers";
  //   mine(activity, mine)      after "Your answers" is drawn;
  //   results(activity, results, options)   results on every screen (options: role, split, voting);
  //   splits: true              the projector offers "Split by role";
  //   update(results, event)    results brought up to date by a kind's own live event;
  //   console(box, activity, view, act)   the console's extra controls (moderating the wall);
  //                             returns true when they replace the results there; consoleTitle: their heading;
  //   stage(box, activity)      the projector's own part while the activity is on (a game's curtain);
  //   event(activity, event)    a live event of the kind's own ("kind" events).
  // }
  const kinds = {};

  // The heading level of a part of the results: the projector's page has no h2 above them.
  const resultHeading = document.body.classList.contains("projector") ? "h2" : "h3";

  // What a live event changes in a screen's view ({state, results, flags, roster}). Returns
  // "activity" when another activity came on (the screen fetches afresh), "kind" for the
  // current kind's own cue (handed to its event()), else "changed".
  function applyEvent(view, event) {
    const activity = view.state.activity;
    const current = Boolean(activity) && event.activity === activity.id;
    const kind = activity && kinds[activity.kind];
    switch (event.type) {
      case "state": {
        stateEvents += 1;
        const before = activity && activity.id;
        view.state = event.state;
        view.results = event.results;
        return before !== (event.state.activity && event.state.activity.id) ? "activity" : "changed";
      }
      case "results": if (current) view.results = event.results; return "changed";
      case "flags": view.flags = event.flags; return "changed";
      case "roster": view.roster = event.roster; return "changed";
      case "kind": if (current && kind && kind.event) kind.event(activity, event); return "kind";
      // A kind's delta adds to shown results; while they wait for more people there are none.
      default: if (current && kind && kind.update && view.results && !view.results.waiting) view.results = kind.update(view.results, event); return "changed";
    }
  }

  function renderResults(activity, results, options) {
    const kind = activity && kinds[activity.kind];
    if (!kind || !results || !kind.results) return el("p", {});
    if (results.waiting) {
      // privacy.py's gate: the results of one or two people would show whose they are.
      const people = results.people === 1 ? "1 person has" : `${results.people} people have`;
      return el("p", { class: "results-waiting", text: `The results are shown once ${results.min_group} people have answered (${people} so far).` });
    }
    return kind.results(activity, results, { role: "all", split: false, voting: null, ...options });
  }

  function renderFlags(container, flags, tag) {
    const entries = Object.entries(flags || {});
    const stuck = entries.filter(([, f]) => f.state === "stuck").map(([team]) => team);
    const done = entries.filter(([, f]) => f.state === "done").map(([team]) => team);
    container.replaceChildren(
      stuck.length ? el(tag, { class: "flag stuck" }, el("strong", { text: "Stuck: " }), stuck.join(", ")) : "",
      done.length ? el(tag, { class: "flag done" }, el("strong", { text: "Done: " }), done.join(", ")) : "",
    );
  }

  function rosterText(roster) {
    if (!roster) return "";
    return `${roster.total} joined`;
  }

  function setConnection(state) {
    const node = document.getElementById("connection");
    if (!node) return;
    const texts = {
      online: "Connected",
      offline: document.body.classList.contains("phone") ? "Offline: what you type is kept and sent when you are back" : "Offline: the room server does not answer",
      connecting: "Connecting…",
      sending: "Sending…",
    };
    node.textContent = texts[state] || state;
    node.dataset.state = state;
  }

  // One EventSource; it reconnects by itself and sends Last-Event-ID, so the server resends what was missed.
  function listen(url, onEvent, onOpen) {
    const source = new EventSource(url);
    source.onmessage = (message) => {
      document.body.dataset.lastEventId = message.lastEventId;
      onEvent(JSON.parse(message.data));
    };
    source.onopen = () => { setConnection("online"); if (onOpen) onOpen(); };
    source.onerror = () => setConnection(navigator.onLine === false ? "offline" : "connecting");
    return source;
  }

  return { kinds, resultHeading, ROLES, ROLE_LABEL, el, limitedBox, overLimit, setText, serverNow, remaining, getJSON, getState, postJSON, newKey, describeActivity, fillParts, phaseText, applyEvent, renderResults, renderFlags, rosterText, setConnection, listen };
})();
