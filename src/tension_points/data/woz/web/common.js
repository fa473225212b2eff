// Shared helpers for every screen. Every piece of text goes in with textContent:
// people type into these pages, and what they type must never run.
// URLs are relative ("api/..."), so a group's screens under /group/2/ talk to group 2.
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

  token() {
    return new URLSearchParams(window.location.search).get("token") || "";
  },

  headers() {
    const token = woz.token();
    return token ? { "X-Woz-Token": token } : {};
  },

  async getJSON(url) {
    const response = await fetch(url, { cache: "no-store", headers: woz.headers() });
    if (!response.ok) throw new Error((await response.json()).error || response.statusText);
    return response.json();
  },

  // Resolves with the payload; a refusal (409: this screen was out of date) rejects with error.conflict set.
  async postJSON(url, body) {
    const response = await fetch(url, {
      method: "POST",
      cache: "no-store",
      headers: Object.assign({ "Content-Type": "application/json" }, woz.headers()),
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

  // Long polling: the server holds "?since=VERSION" until the session changes (or 20 s pass),
  // so a change shows at once and an idle screen costs one request every 20 s.
  // After a network error (the server restarting), it tries again every 2 s.
  watch(url, render, onError) {
    let version = -1;
    let wake = null;
    const tick = async () => {
      try {
        const state = await woz.getJSON(url + "?since=" + version);
        if (state.version !== version) {
          version = state.version;
          render(state);
        }
        setTimeout(tick, 0);
      } catch (error) {
        onError(error);
        wake = setTimeout(tick, 2000);
      }
    };
    tick();
    // After this screen acted, ask again at once (a stale version forces a fresh state).
    return { refresh: () => { version = -1; if (wake !== null) { clearTimeout(wake); wake = null; tick(); } } };
  },

  percent(confidence) {
    return confidence === null || confidence === undefined ? "" : Math.round(confidence * 100) + "%";
  },
};
