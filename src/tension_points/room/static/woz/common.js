// Shared helpers for every Wizard of Oz screen. Every piece of text goes in with textContent:
// people type into these pages, and what they type must never run.
// URLs are relative ("api/..."), so a group's screens under /p/woz/GAME/2/ talk to group 2.
"use strict";

const woz = {
  el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  },

  setText(id, text) {
    document.getElementById(id).textContent = text === undefined || text === null ? "" : String(text);
  },

  // What a screen says when the server does not answer, instead of the browser's "Failed to fetch".
  OFFLINE: "the room server does not answer",

  // fetch() itself failed (the server down or restarting, the network gone): an Error with
  // .offline set and a plain message, never the browser's own words.
  async reach(url, options) {
    try {
      return await fetch(url, options);
    } catch (failure) {
      const error = new Error(woz.OFFLINE);
      error.offline = true;
      throw error;
    }
  },

  // The connection indicator in words (templates/woz/connection.html), as on the room's phones;
  // screens subscribe with woz.onConnection(fn(state, before)) to say what it means for them.
  connection: "connecting",
  listeners: [],
  onConnection(listener) { woz.listeners.push(listener); },
  setConnection(state) {
    const before = woz.connection;
    woz.connection = state;
    const node = document.getElementById("connection");
    if (node) {
      const text = { online: "Connected", offline: "Offline: " + woz.OFFLINE + "; this screen keeps trying", connecting: "Connecting…" }[state];
      if (node.textContent !== text) node.textContent = text;
      node.dataset.state = state;
    }
    if (state !== before) woz.listeners.forEach((listener) => listener(state, before));
  },

  // A status line that said "Not sent: the room server does not answer..." says, once it is
  // back, that the thing is still to do: the words stay true after the outage.
  backOnline(id, text) {
    woz.onConnection((state, before) => {
      const node = document.getElementById(id);
      if (state === "online" && before === "offline" && node && node.textContent.includes(woz.OFFLINE)) node.textContent = text;
    });
  },

  async getJSON(url) {
    const response = await woz.reach(url, { cache: "no-store", credentials: "same-origin" });
    if (!response.ok) throw new Error((await response.json()).error || response.statusText);
    return response.json();
  },

  // Resolves with the payload; a refusal (409: this screen was out of date) rejects with error.conflict set.
  async postJSON(url, body) {
    const response = await woz.reach(url, {
      method: "POST",
      cache: "no-store",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    let payload = {};
    try { payload = await response.json(); } catch (error) { payload = {}; }
    if (!response.ok) {
      const error = new Error(payload.error || response.statusText);
      error.conflict = response.status === 409;
      throw error;
    }
    return payload;
  },

  // The screen's state, fetched when the page opens and again the moment the session changes:
  // the server's event stream (api/ROLE/events) wakes the screen, which then fetches its state.
  // A failed fetch (the server restarting) is tried again every 2 s, and the indicator says
  // Offline; the stream reconnects by itself (or is opened again if the browser gave it up).
  // Back online, the state is fetched and drawn afresh, so nothing from the outage stays on screen.
  watch(url, render, onError) {
    let version = -1;
    let retry = null;
    let busy = false;
    let again = false;
    const load = async () => {
      if (busy) { again = true; return; }
      busy = true;
      clearTimeout(retry);
      try {
        const state = await woz.getJSON(url);
        if (woz.connection !== "online") version = -1;  // back from an outage: draw it all afresh
        if (state.version !== version) {
          version = state.version;
          render(state);
        }
        woz.setConnection("online");  // after drawing: what a screen then says about the outage stays
      } catch (error) {
        if (error.offline) woz.setConnection("offline");
        else onError(error);
        retry = setTimeout(load, 2000);
      } finally {
        busy = false;
        if (again) { again = false; load(); }
      }
    };
    const listen = () => {
      const changes = new EventSource(url.replace(/state$/, "events"));
      changes.onmessage = load;
      changes.onopen = load;  // reconnected: whatever changed meanwhile is fetched
      changes.onerror = () => {
        load();  // a failing fetch is what says Offline; a passing one keeps Connected
        if (changes.readyState === EventSource.CLOSED) setTimeout(listen, 2000);
      };
    };
    listen();
    load();
    // After this screen acted, fetch at once and draw even an unchanged state.
    return { refresh: () => { version = -1; load(); } };
  },

  percent(confidence) {
    return confidence === null || confidence === undefined ? "" : Math.round(confidence * 100) + "%";
  },
};
