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

  function remaining(segment) {
    if (!segment) return "";
    const left = Math.round(segment.ends_at - serverNow());
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
    const bits = [activity.kind_label];
    if (activity.format) bits.push(activity.format);
    bits.push(`${activity.minutes} min`);
    return bits.join(" · ");
  }

  function fillParts(list, activity) {
    list.replaceChildren(...(activity ? activity.parts : []).map((part) => el("li", { text: `${part.label} (${part.minutes} min)` })));
  }

  function phaseText(activity) {
    if (!activity) return "";
    if (!activity.accepts_answers) return "Work in your groups; use the buttons below to say whether you are stuck or done.";
    if (activity.phase === "open") return "Open for answers.";
    if (activity.phase === "closed") return "Closed: no more answers.";
    return "Not open for answers yet.";
  }

  // --- Results, one renderer per kind; role is "all" or a role id, split shows every role ---

  function roleOptions(select) {
    select.replaceChildren(el("option", { value: "all", text: "All roles" }), ...ROLES.map(([value, label]) => el("option", { value, text: label })));
  }

  function bars(labels, counts, total) {
    const list = el("ul", { class: "bars" });
    labels.forEach((label, i) => {
      const n = counts ? counts[i] : 0;
      const share = total ? Math.round((100 * n) / total) : 0;
      const bar = el("span", { class: "bar", style: null });
      bar.style.width = `${share}%`;
      list.append(el("li", {}, el("span", { class: "bar-label", text: label }), el("span", { class: "bar-track", "aria-hidden": "true" }, bar), el("span", { class: "bar-count", text: `${n} (${share}%)` })));
    });
    return list;
  }

  function splitTable(caption, labels, results, roles, cell) {
    const head = el("tr", {}, el("th", { scope: "col", text: "Answer" }), el("th", { scope: "col", text: "All" }), ...roles.map((r) => el("th", { scope: "col", text: ROLE_LABEL[r] || r })));
    const rows = labels.map((label, i) => el("tr", {}, el("th", { scope: "row", text: label }), el("td", { text: cell("all", i) }), ...roles.map((r) => el("td", { text: cell(r, i) }))));
    return el("table", { class: "split" }, el("caption", { text: caption }), el("thead", {}, head), el("tbody", {}, ...rows));
  }

  function answeredRoles(results) {
    const groups = results.counts || results.words || {};
    return ROLES.map(([r]) => r).filter((r) => r in groups);
  }

  function renderPoll(results, role, split, labels) {
    labels = labels || results.options;
    if (split) {
      const roles = answeredRoles(results);
      return splitTable("Answers by role", labels, results, roles, (r, i) => {
        const n = results.counts[r] ? results.counts[r][i] : 0;
        const total = results.respondents[r] || 0;
        return `${n} (${total ? Math.round((100 * n) / total) : 0}%)`;
      });
    }
    const counts = results.counts[role];
    const total = results.respondents[role] || 0;
    return el("div", {}, bars(labels, counts, total), el("p", { class: "meta", text: `${total} ${total === 1 ? "answer" : "answers"}${role === "all" ? "" : ` from ${ROLE_LABEL[role]}`}` }));
  }

  function renderScale(results, role, split) {
    const [low, high] = results.labels;
    const labels = [`1 ${low}`.trim(), "2", "3", "4", `5 ${high}`.trim()];
    const node = renderPoll(results, role, split, labels);
    const mean = results.means[role];
    if (!split) node.append(el("p", { class: "meta", text: mean === null || mean === undefined ? "No answers yet" : `Mean ${mean.toFixed(2)}` }));
    return node;
  }

  function cloud(words) {
    const top = words.length ? words[0][1] : 1;
    return el("ul", { class: "cloud" }, ...words.map(([word, n]) => {
      const item = el("li", {}, el("span", { text: word }), el("span", { class: "count", text: ` ${n}` }));
      item.style.fontSize = `${1 + (1.6 * n) / top}rem`;
      return item;
    }));
  }

  function renderCloud(results, role, split) {
    if (split) {
      const roles = answeredRoles(results).filter((r) => r !== "all");
      return el("div", { class: "split-clouds" }, ...roles.map((r) => el("section", {}, el("h3", { text: ROLE_LABEL[r] }), cloud(results.words[r] || []))));
    }
    const words = results.words[role] || [];
    return words.length ? cloud(words) : el("p", { class: "meta", text: "No words yet" });
  }

  function renderWall(answers, role, split, voting) {
    const shown = answers.filter((a) => role === "all" || a.role === role);
    const sorted = [...shown].sort((a, b) => (b.pinned - a.pinned) || (b.votes - a.votes) || (a.id - b.id));
    const item = (a) => el("li", { class: a.pinned ? "pinned" : "" },
      a.pinned ? el("span", { class: "tag", text: "Pinned" }) : null,
      el("p", { class: "text", text: a.text }),
      el("p", { class: "meta" }, el("span", { text: ROLE_LABEL[a.role] || a.role }), " · ", el("span", { text: `${a.votes} ${a.votes === 1 ? "vote" : "votes"}` }),
        voting ? voting(a) : null));
    if (split) {
      const roles = ROLES.map(([r]) => r).filter((r) => sorted.some((a) => a.role === r));
      return el("div", { class: "split-walls" }, ...roles.map((r) => el("section", {}, el("h3", { text: ROLE_LABEL[r] }), el("ul", { class: "wall" }, ...sorted.filter((a) => a.role === r).map(item)))));
    }
    return sorted.length ? el("ul", { class: "wall" }, ...sorted.map(item)) : el("p", { class: "meta", text: "No answers yet" });
  }

  // Kinds with a static file of their own register here, one entry per kind, with
  // results(activity, results) for the projector and a phone form: forms.js (surveys, action
  // plan) gives form(activity, context) returning the form while the activity is open;
  // maps.js (hand-off map, ownership matrix) sets keepsOwnForm and form(area, activity, me)
  // draws into the answer area, open or closed, showing what the pair saved and its downloads.
  const kinds = {};

  function renderResults(activity, results, role, split, voting) {
    if (!activity || !results) return el("p", {});
    if (kinds[activity.kind]) return kinds[activity.kind].results(activity, results);
    if (activity.kind === "poll") return renderPoll(results, role, split);
    if (activity.kind === "scale") return renderScale(results, role, split);
    if (activity.kind === "wordcloud") return renderCloud(results, role, split);
    if (activity.kind === "open") return renderWall(results.answers, role, split, voting);
    return el("p", {});
  }

  // Wall deltas from the server: new answers, vote counts, pins, hidden answers.
  function applyWall(results, delta) {
    if (!results || !results.answers) return results;
    const byId = new Map(results.answers.map((a) => [a.id, a]));
    for (const a of delta.added || []) byId.set(a.id, a);
    for (const [id, votes] of Object.entries(delta.votes || {})) if (byId.has(Number(id))) byId.get(Number(id)).votes = votes;
    for (const [id, pinned] of Object.entries(delta.pinned || {})) if (byId.has(Number(id))) byId.get(Number(id)).pinned = pinned;
    for (const id of delta.hidden || []) byId.delete(id);
    return { answers: [...byId.values()] };
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
      offline: "Offline: what you type is kept and sent when you are back",
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

  return { kinds, ROLES, ROLE_LABEL, el, setText, serverNow, remaining, getJSON, postJSON, newKey, describeActivity, fillParts, phaseText, roleOptions, renderResults, applyWall, renderFlags, rosterText, setConnection, listen };
})();
