// Shared helpers for both screens. Every piece of text goes in with textContent:
// people type into these pages, and what they type must never run.
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

  async getJSON(url, headers) {
    const response = await fetch(url, { cache: "no-store", headers: headers || {} });
    if (!response.ok) throw new Error((await response.json()).error || response.statusText);
    return response.json();
  },

  async postJSON(url, body, headers) {
    const response = await fetch(url, {
      method: "POST",
      cache: "no-store",
      headers: Object.assign({ "Content-Type": "application/json" }, headers || {}),
      body: JSON.stringify(body),
    });
    let payload = {};
    try { payload = await response.json(); } catch (error) { payload = {}; }
    if (!response.ok) throw new Error(payload.error || response.statusText);
    return payload;
  },

  // Poll the state every second; a refresh simply starts polling again from the server's state.
  poll(load, render, onError) {
    let lastVersion = -1;
    const tick = async () => {
      try {
        const state = await load();
        if (state.version !== lastVersion) {
          lastVersion = state.version;
          render(state);
        }
      } catch (error) {
        onError(error);
      }
      setTimeout(tick, 1000);
    };
    tick();
    return { refresh: () => { lastVersion = -1; } };
  },

  percent(confidence) {
    return confidence === null || confidence === undefined ? "" : Math.round(confidence * 100) + "%";
  },
};
