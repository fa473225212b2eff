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

  async getJSON(url) {
    const response = await fetch(url, { cache: "no-store", credentials: "same-origin" });
    if (!response.ok) throw new Error((await response.json()).error || response.statusText);
    return response.json();
  },

  // Resolves with the payload; a refusal (409: this screen was out of date) rejects with error.conflict set.
  async postJSON(url, body) {
    const response = await fetch(url, {
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
  // A failed fetch (the server restarting) is tried again every 2 s; the stream reconnects by itself.
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
        if (state.version !== version) {
          version = state.version;
          render(state);
        }
      } catch (error) {
        onError(error);
        retry = setTimeout(load, 2000);
      } finally {
        busy = false;
        if (again) { again = false; load(); }
      }
    };
    const changes = new EventSource(url.replace(/state$/, "events"));
    changes.onmessage = load;
    load();
    // After this screen acted, fetch at once and draw even an unchanged state.
    return { refresh: () => { version = -1; load(); } };
  },

  percent(confidence) {
    return confidence === null || confidence === undefined ? "" : Math.round(confidence * 100) + "%";
  },
};
