/* Present mode: the projector and the speaker's view of a module, kept in step.

   Both pages carry the same data (#tp-present-data: segments, minutes, minute splits,
   screens; never a facilitator note). The state (screen, timers, black screen) is shared:
   every change goes to the other window by BroadcastChannel, by a storage event, and by
   postMessage to the window that opened this one or that this one opened, whichever the
   browser allows (file:// pages get at least one of them). Timers are kept as timestamps,
   so both windows show the same time without a server.

   An agenda from the planner comes in the fragment:
     #agenda=SEGMENT:MINUTES[:PART.PART...],break:15,...&start=HH:MM
   Segments it names take those minutes (and that minute split); breaks go where they stand. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("tp-present-data").textContent);
  var view = document.body.getAttribute("data-tp-view");
  var projector = view === "projector";
  var ONE_MINUTE = 60000;
  var KEYS = [
    ["→ ↓ Page Down Space", "next screen"],
    ["← ↑ Page Up", "previous screen"],
    ["Home / End", "first / last screen"],
    ["T", "start or pause the timer"],
    ["+ or A", "add a minute to this segment"],
    ["R", "reset this segment's timer"],
    ["B or .", "black screen (again to come back)"],
    ["F", "full screen"],
    ["S", projector ? "open the speaker's view" : "open the projector window"],
    ["M", "sound signals on or off"],
    ["?", "show or hide these keys"]
  ];

  /* ---- The agenda: the module's own minutes, or the planner's ---------------------------- */

  function minutesText(n) {
    var hours = Math.floor(n / 60), rest = n % 60;
    if (!hours) return rest + " min";
    return rest ? hours + " h " + rest + " min" : hours + " h";
  }

  function parseClock(text) {
    var match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text || "");
    return match ? Number(match[1]) * 60 + Number(match[2]) : null;
  }

  function clockText(minutesAfterMidnight) {
    var t = ((Math.round(minutesAfterMidnight) % 1440) + 1440) % 1440;
    return String(Math.floor(t / 60)).padStart(2, "0") + ":" + String(t % 60).padStart(2, "0");
  }

  function readAgenda() {
    var params = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    var agenda = { items: [], start: parseClock(params.get("start")), fromPlan: params.has("agenda"), problems: [] };
    var overrides = {}, breaksBefore = {}, pending = [];
    var byId = {};
    data.segments.forEach(function (segment, index) { byId[segment.id] = index; });
    (params.get("agenda") || "").split(",").filter(Boolean).forEach(function (token) {
      var fields = token.split(":");
      var minutes = Number(fields[1]);
      if (!(minutes > 0 && minutes < 1000 && Math.floor(minutes) === minutes)) {
        agenda.problems.push("“" + token + "” has no length in minutes");
        return;
      }
      if (fields[0] === "break" || fields[0] === "lunch") {
        pending.push({ kind: "break", title: fields[0] === "lunch" ? "Lunch" : "Break", minutes: minutes });
      } else if (fields[0] in byId) {
        var index = byId[fields[0]];
        overrides[index] = { minutes: minutes, parts: fields[2] ? fields[2].split(".").map(Number) : null };
        breaksBefore[index] = pending;
        pending = [];
      } else {
        agenda.problems.push("“" + fields[0] + "” is not a segment of this module");
      }
    });
    data.segments.forEach(function (segment, index) {
      (breaksBefore[index] || []).forEach(function (pause) { agenda.items.push(pause); });
      var own = overrides[index];
      // An agenda from the planner lists every segment it keeps: one it does not list was left
      // out for time (an optional segment), so the presentation leaves it out too.
      if (agenda.fromPlan && !own && agenda.problems.length === 0) return;
      var item = { kind: "segment", segment: index, title: segment.title, minutes: segment.minutes,
        planned: segment.minutes, parts: segment.parts.map(function (part) { return part.minutes; }) };
      if (own) {
        item.minutes = own.minutes;
        if (own.minutes !== segment.minutes && segment.parts.length) {
          item.parts = splitFits(own.parts, segment, own.minutes) ? own.parts : null;
          if (!item.parts) agenda.problems.push("no minute split for " + minutesText(own.minutes) + " of “" + segment.title + "”");
        }
      }
      agenda.items.push(item);
    });
    pending.forEach(function (pause) { agenda.items.push(pause); });
    var offset = 0;
    agenda.items.forEach(function (item) { item.offset = offset; offset += item.minutes; });
    agenda.total = offset;
    return agenda;
  }

  function splitFits(parts, segment, minutes) {
    if (!parts || parts.length !== segment.parts.length) return false;
    var sum = 0;
    for (var i = 0; i < parts.length; i++) {
      if (!(parts[i] >= 1)) return false;
      sum += parts[i];
    }
    return sum === minutes;
  }

  var agenda = readAgenda();

  /* ---- Screens: the title screen, each segment's screens, a screen per planned break ------- */

  var screens = [{ item: -1, kind: "cover", label: "Title screen", element: sectionFor(0) }];
  agenda.items.forEach(function (item, itemIndex) {
    if (item.kind === "break") {
      screens.push({ item: itemIndex, kind: "break", label: item.title, element: projector ? breakScreen(item) : null });
      return;
    }
    data.screens.forEach(function (screen, n) {
      if (screen.segment === item.segment) {
        screens.push({ item: itemIndex, kind: screen.kind, label: screen.label, element: sectionFor(n) });
      }
    });
  });
  screens.forEach(function (screen, n) {
    // A segment's minutes as this agenda has them (the planner may have trimmed them).
    var label = screen.element && screen.item >= 0 && screen.element.querySelector(".tp-segment-minutes");
    if (label) label.textContent = minutesText(agenda.items[screen.item].minutes);
    var ofSegment = screens.filter(function (s) { return s.item === screen.item; });
    screen.step = ofSegment.indexOf(screen);
    screen.steps = ofSegment.length;
    screen.index = n;
  });

  function sectionFor(n) {
    return projector ? document.querySelector('.tp-screen[data-screen="' + n + '"]') : null;
  }

  function breakScreen(item) {
    var section = document.createElement("section");
    var id = "tp-break-" + item.offset;
    section.className = "tp-screen tp-screen-break";
    section.setAttribute("aria-labelledby", id);
    section.hidden = true;
    section.innerHTML = '<header class="tp-screen-head"><h2 class="tp-screen-title"></h2>' +
      '<p class="tp-screen-kind"></p></header><div class="tp-screen-body"><p class="tp-break-back"></p></div>';
    section.querySelector("h2").id = id;
    section.querySelector("h2").textContent = item.title;
    section.querySelector(".tp-screen-kind").textContent = minutesText(item.minutes);
    section.querySelector(".tp-break-back").textContent = agenda.start === null
      ? minutesText(item.minutes) + ", then we go on."
      : "Back at " + clockText(agenda.start + item.offset + item.minutes) + ".";
    document.getElementById("tp-screens").appendChild(section);
    return section;
  }

  /* ---- Shared state, kept and sent ------------------------------------------------------- */

  var me = Math.random().toString(36).slice(2);
  var storageKey = data.channel + "|" + (window.location.hash || "#");
  var state = restore() || { screen: 0, black: false, timers: {}, began: false, rev: 0, by: me };
  var soundOn = projector;
  var lastHeard = 0;
  var peer = null;  // the other window, when this one opened it or was opened by it
  try { if (window.opener && !window.opener.closed) peer = window.opener; } catch (e) { peer = null; }

  function restore() {
    try {
      var saved = JSON.parse(window.sessionStorage.getItem(storageKey) || "null");
      return saved && typeof saved.screen === "number" ? saved : null;
    } catch (e) { return null; }
  }

  function save() {
    try { window.sessionStorage.setItem(storageKey, JSON.stringify(state)); } catch (e) { /* storage off */ }
  }

  var channel = null;
  try { if (typeof BroadcastChannel === "function") channel = new BroadcastChannel(data.channel); } catch (e) { channel = null; }

  var sequence = 0;

  function send(message) {
    message.from = me;
    message.seq = ++sequence;  // a storage event fires only when the stored value changes
    message.hash = window.location.hash || "#";
    if (channel) channel.postMessage(message);
    try {
      // A storage event reaches the other windows of this origin (also from file:// in Chromium).
      window.localStorage.setItem(data.channel, JSON.stringify(message));
    } catch (e) { /* storage off */ }
    try { if (peer && !peer.closed) peer.postMessage({ tensionPoints: data.channel, message: message }, "*"); } catch (e) { /* closed */ }
  }

  function receive(message) {
    if (!message || message.from === me || message.hash !== (window.location.hash || "#")) return;
    lastHeard = Date.now();
    if (message.type === "hello") {
      send({ type: "state", state: state });
    } else if (message.type === "state" && message.state) {
      var theirs = message.state;
      if (theirs.rev > state.rev || (theirs.rev === state.rev && theirs.by > state.by)) {
        state = theirs;
        save();
        render();
      }
    }
  }

  if (channel) channel.onmessage = function (event) { receive(event.data); };
  window.addEventListener("storage", function (event) {
    if (event.key !== data.channel || !event.newValue) return;
    try { receive(JSON.parse(event.newValue)); } catch (e) { /* not ours */ }
  });
  window.addEventListener("message", function (event) {
    if (!event.data || event.data.tensionPoints !== data.channel) return;
    if (!peer && event.source) peer = event.source;
    receive(event.data.message);
  });

  function commit() {
    state.rev += 1;
    state.by = me;
    save();
    send({ type: "state", state: state });
    render();
  }

  /* ---- Timers ---------------------------------------------------------------------------- */

  function timer(itemIndex) {
    var key = String(itemIndex);
    if (!state.timers[key]) state.timers[key] = { used: 0, since: null, extra: 0 };
    return state.timers[key];
  }

  function used(itemIndex, now) {
    var t = state.timers[String(itemIndex)];
    if (!t) return 0;
    return t.used + (t.since !== null ? now - t.since : 0);
  }

  function remaining(itemIndex, now) {
    var t = state.timers[String(itemIndex)];
    var extra = t ? t.extra : 0;
    return (agenda.items[itemIndex].minutes + extra) * ONE_MINUTE - used(itemIndex, now);
  }

  function running(itemIndex) {
    var t = state.timers[String(itemIndex)];
    return Boolean(t && t.since !== null);
  }

  function start(itemIndex, now) {
    var t = timer(itemIndex);
    if (t.since === null) t.since = now;
    state.began = true;
  }

  function pause(itemIndex, now) {
    var t = timer(itemIndex);
    if (t.since !== null) { t.used += now - t.since; t.since = null; }
  }

  /* Minutes behind (positive) or ahead (negative) of the agenda: the segments before this one
     against their planned minutes, and this one once it runs over. */
  function drift(now) {
    var current = currentItem();
    if (current < 0) return 0;
    var ms = 0;
    for (var i = 0; i < current; i++) ms += used(i, now) - agenda.items[i].minutes * ONE_MINUTE;
    ms += Math.max(0, used(current, now) - agenda.items[current].minutes * ONE_MINUTE);
    return ms;
  }

  function paceText(now) {
    if (!state.began) return "Agenda: not started";
    var minutes = Math.round(drift(now) / ONE_MINUTE);
    if (minutes === 0) return "On time";
    var amount = Math.abs(minutes) + (Math.abs(minutes) === 1 ? " minute " : " minutes ");
    return amount + (minutes > 0 ? "behind" : "ahead");
  }

  function clockOf(ms) {
    var over = ms < 0;
    var seconds = Math.ceil(Math.abs(ms) / 1000);
    if (over) seconds = Math.floor(Math.abs(ms) / 1000);
    var text = Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
    return over ? "+" + text : text;
  }

  /* ---- Moving and acting ----------------------------------------------------------------- */

  function currentItem() { return screens[state.screen].item; }

  function goTo(n) {
    n = Math.max(0, Math.min(screens.length - 1, n));
    if (n === state.screen) return;
    var now = Date.now();
    var from = currentItem(), to = screens[n].item;
    if (from !== to && from >= 0 && running(from)) {
      pause(from, now);  // the clock moves on with the room
      if (to >= 0) start(to, now);
    }
    state.screen = n;
    commit();
  }

  var actions = {
    next: function () { goTo(state.screen + 1); },
    previous: function () { goTo(state.screen - 1); },
    first: function () { goTo(0); },
    last: function () { goTo(screens.length - 1); },
    timer: function () {
      var item = currentItem();
      if (item < 0) return;
      var now = Date.now();
      if (running(item)) pause(item, now); else start(item, now);
      commit();
    },
    minute: function () {
      var item = currentItem();
      if (item < 0) return;
      timer(item).extra += 1;
      commit();
    },
    reset: function () {
      var item = currentItem();
      if (item < 0) return;
      state.timers[String(item)] = { used: 0, since: null, extra: 0 };
      signalled[item] = {};
      commit();
    },
    black: function () { state.black = !state.black; commit(); },
    unblack: function () { if (state.black) { state.black = false; commit(); } },
    fullscreen: function () {
      var done = document.fullscreenElement ? document.exitFullscreen() : document.documentElement.requestFullscreen();
      if (done && done.catch) done.catch(function () { /* not allowed here: nothing to do */ });
    },
    other: function () {
      var url = (projector ? data.speaker : data.projector) + (window.location.hash || "");
      var opened = window.open(url, data.channel + (projector ? ":speaker" : ":projector"));
      if (opened) peer = opened;
    },
    sound: function () { soundOn = !soundOn; renderSoundHint(); },
    keys: function () { keysDialog.hidden = !keysDialog.hidden; }
  };

  var KEYMAP = {
    ArrowRight: "next", ArrowDown: "next", PageDown: "next", " ": "next", n: "next",
    ArrowLeft: "previous", ArrowUp: "previous", PageUp: "previous", Backspace: "previous", p: "previous",
    Home: "first", End: "last", t: "timer", "+": "minute", "=": "minute", a: "minute", r: "reset",
    b: "black", ".": "black", f: "fullscreen", s: "other", m: "sound", "?": "keys", h: "keys"
  };

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var onControl = target && target.closest && target.closest("button, a, input, textarea, select");
    if (onControl && (event.key === " " || event.key === "Enter")) return;
    if (event.key === "Escape") {
      if (!keysDialog.hidden) { keysDialog.hidden = true; event.preventDefault(); return; }
      actions.unblack();
      return;
    }
    var name = KEYMAP[event.key.length === 1 ? event.key.toLowerCase() : event.key];
    if (event.key === "?") name = "keys";
    if (!name) return;
    event.preventDefault();
    wakeSound();
    if (state.black && name !== "black" && name !== "keys" && name !== "sound" && name !== "fullscreen") {
      state.black = false;  // any move brings the picture back
    }
    actions[name]();
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-action]");
    if (!button) return;
    wakeSound();
    actions[button.getAttribute("data-action")]();
  });

  /* ---- Signals: one minute left, and time is up ------------------------------------------ */

  var signalled = {};
  var audio = null;

  function wakeSound() {
    if (!projector || audio) return;
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    try { audio = new Context(); } catch (e) { audio = null; }
  }

  function chime(times) {
    if (!soundOn || !audio) return;
    for (var n = 0; n < times; n++) {
      var at = audio.currentTime + n * 0.45;
      var tone = audio.createOscillator(), gain = audio.createGain();
      tone.type = "sine";
      tone.frequency.value = n ? 587 : 784;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.12, at + 0.04);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.4);
      tone.connect(gain).connect(audio.destination);
      tone.start(at);
      tone.stop(at + 0.42);
    }
  }

  function checkSignals(item, left) {
    var marks = signalled[item] || (signalled[item] = {});
    if (left > ONE_MINUTE) { marks.minute = marks.zero = false; return; }
    if (!running(item)) return;
    if (left > 0 && !marks.minute) { marks.minute = true; chime(1); pulse(); }
    if (left <= 0 && !marks.zero) { marks.zero = marks.minute = true; chime(2); pulse(); }
  }

  function pulse() {
    document.body.classList.remove("tp-pulse");
    void document.body.offsetWidth;  // restart the animation
    document.body.classList.add("tp-pulse");
  }

  /* ---- Drawing --------------------------------------------------------------------------- */

  var keysDialog = document.querySelector(".tp-keys");
  Array.prototype.forEach.call(document.querySelectorAll(".tp-keys-list"), function (list) {
    KEYS.forEach(function (pair) {
      var term = document.createElement("dt"), what = document.createElement("dd");
      term.textContent = pair[0];
      what.textContent = pair[1];
      list.appendChild(term);
      list.appendChild(what);
    });
  });

  function setText(selector, text) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), function (element) {
      if (element.textContent !== text) element.textContent = text;
    });
  }

  function partsState(item, now) {
    var entry = agenda.items[item];
    if (!entry || entry.kind !== "segment" || !entry.parts) return null;
    var elapsed = used(item, now) / ONE_MINUTE, sum = 0;
    return entry.parts.map(function (minutes) {
      var begin = sum;
      sum += minutes;
      if (!state.timers[String(item)] || elapsed === 0) return "";
      return elapsed >= sum ? "done" : elapsed >= begin ? "now" : "";
    });
  }

  function drawParts(container, item, now) {
    var entry = agenda.items[item];
    var marks = partsState(item, now);
    Array.prototype.forEach.call(container.querySelectorAll(".tp-part"), function (row, n) {
      var minutes = row.querySelector(".tp-part-minutes");
      if (minutes) minutes.textContent = entry.parts ? minutesText(entry.parts[n]) : "";
      var mark = marks ? marks[n] : "";
      row.classList.toggle("tp-part-now", mark === "now");
      row.classList.toggle("tp-part-done", mark === "done");
      if (mark === "now") row.setAttribute("aria-current", "step"); else row.removeAttribute("aria-current");
      row.querySelector(".tp-part-state").textContent = mark === "now" ? "now" : mark === "done" ? "done" : "";
    });
  }

  function timerText(item, now) {
    if (item < 0) return minutesText(agenda.total);
    return clockOf(remaining(item, now));
  }

  function timerState(item, now) {
    if (item < 0) return "in all";
    if (running(item)) return remaining(item, now) < 0 ? "over" : "left";
    return used(item, now) > 0 ? "paused" : "ready";
  }

  function signalText(item, now) {
    if (item < 0) return "";
    var left = remaining(item, now);
    if (left <= 0) return "Time is up";
    if (left <= ONE_MINUTE) return "1 minute left";
    return "";
  }

  function tick() {
    var now = Date.now();
    var item = currentItem();
    var signal = signalText(item, now);
    setText(".tp-timer-time", timerText(item, now));
    setText(".tp-timer-state", timerState(item, now));
    setText(".tp-signal", signal);
    setText(".tp-pace", paceText(now));
    document.body.classList.toggle("tp-one-minute", signal === "1 minute left");
    document.body.classList.toggle("tp-time-up", signal === "Time is up");
    document.body.classList.toggle("tp-running", item >= 0 && running(item));
    if (item >= 0) checkSignals(item, remaining(item, now));
    var screen = screens[state.screen];
    if (projector && screen.element) drawParts(screen.element, item, now);
    if (!projector) drawSpeakerTick(now);
  }

  function render() {
    if (state.screen >= screens.length) state.screen = screens.length - 1;
    var screen = screens[state.screen];
    document.body.classList.toggle("tp-blacked", state.black);
    document.body.setAttribute("data-screen", String(state.screen));
    if (projector) renderProjector(screen); else renderSpeaker(screen);
    tick();
  }

  function renderProjector(screen) {
    screens.forEach(function (other) { if (other.element) other.element.hidden = other !== screen; });
    document.querySelector(".tp-black").hidden = !state.black;
    var item = agenda.items[screen.item];
    var count = agenda.items.length;
    setText(".tp-progress", screen.item < 0 ? "Title" : (screen.item + 1) + " of " + count +
      (screen.steps > 1 ? " · screen " + (screen.step + 1) + " of " + screen.steps : ""));
    fit(screen.element);
  }

  /* Shrink a screen's type (never below the 32 px floor set in the CSS) until it fits. */
  function fit(element) {
    if (!element) return;
    element.style.setProperty("--tp-fit", "1");
    element.classList.remove("tp-compact");
    var body = element.querySelector(".tp-screen-body");
    if (!body) return;
    var over = function () { return body.scrollHeight > body.clientHeight + 1; };
    for (var scale = 1; scale > 0.6 && over(); scale -= 0.05) {
      element.style.setProperty("--tp-fit", scale.toFixed(2));
    }
    // Still too long at the 32 px floor: tighter lines and a one-line heading, never smaller type.
    if (over()) element.classList.add("tp-compact");
  }

  function kindLine(item) {
    if (item.kind === "break") return minutesText(item.minutes);
    var segment = data.segments[item.segment];
    var kind = segment.kind.charAt(0).toUpperCase() + segment.kind.slice(1);
    return kind + (segment.format ? " · " + segment.format : "") + " · " + minutesText(item.minutes);
  }

  function describeItem(item) {
    if (item.kind === "break") return item.title + ", " + minutesText(item.minutes);
    var segment = data.segments[item.segment];
    var kind = segment.kind.charAt(0).toUpperCase() + segment.kind.slice(1);
    return segment.title + " (" + kind + (segment.format ? ", " + segment.format : "") + ", " + minutesText(item.minutes) + ")";
  }

  function renderSpeaker(screen) {
    var item = agenda.items[screen.item];
    setText(".tp-now-segment", screen.item < 0 ? "title screen" : item.kind === "break" ? item.title : data.segments[item.segment].title);
    setText(".tp-now-screen", screen.item < 0 ? data.module.title
      : kindLine(item) + " · screen " + (screen.step + 1) + " of " + screen.steps + ": " + screen.label);
    var noteKey = screen.item < 0 ? "-1" : item.kind === "break" ? "break" : String(item.segment);
    Array.prototype.forEach.call(document.querySelectorAll(".tp-notes"), function (notes) {
      notes.hidden = notes.getAttribute("data-segment") !== noteKey;
    });
    var next = screens[state.screen + 1];
    setText(".tp-next-text", !next ? "The end of the module."
      : next.item === screen.item ? "Screen " + (next.step + 1) + " of " + next.steps + ": " + next.label
      : "Next segment: " + describeItem(agenda.items[next.item]));
    var black = document.querySelector('[data-action="black"]');
    black.setAttribute("aria-pressed", state.black ? "true" : "false");
    black.textContent = state.black ? "Show the picture" : "Black screen";
    renderParts(item, screen.item);
    renderAgenda(screen.item);
  }

  function renderParts(item, itemIndex) {
    var box = document.querySelector(".tp-parts-now");
    box.textContent = "";
    if (!item || item.kind !== "segment") return;
    var segment = data.segments[item.segment];
    if (!segment.parts.length) return;
    var list = document.createElement("ol");
    list.className = "tp-parts";
    list.setAttribute("aria-label", "Steps of this activity");
    segment.parts.forEach(function (part, n) {
      var row = document.createElement("li");
      row.className = "tp-part";
      row.innerHTML = '<span class="tp-part-label"></span> <span class="tp-part-minutes"></span> <span class="tp-part-state"></span>';
      row.querySelector(".tp-part-label").textContent = part.label;
      list.appendChild(row);
    });
    box.appendChild(list);
    box.setAttribute("data-item", String(itemIndex));
  }

  function renderAgenda(current) {
    var list = document.querySelector(".tp-agenda-list");
    list.textContent = "";
    agenda.items.forEach(function (item, n) {
      var row = document.createElement("li");
      var when = agenda.start === null ? item.offset + "–" + (item.offset + item.minutes) + " min"
        : clockText(agenda.start + item.offset);
      row.innerHTML = '<span class="tp-agenda-when"></span> <span class="tp-agenda-what"></span> <span class="tp-agenda-minutes"></span>';
      row.querySelector(".tp-agenda-when").textContent = when;
      row.querySelector(".tp-agenda-what").textContent = item.title + (n === current ? " (now)" : "");
      var minutes = minutesText(item.minutes);
      if (item.kind === "segment" && item.minutes !== item.planned) minutes += " (of " + item.planned + ")";
      row.querySelector(".tp-agenda-minutes").textContent = minutes;
      if (n === current) { row.className = "tp-agenda-now"; row.setAttribute("aria-current", "step"); }
      list.appendChild(row);
    });
    var source = agenda.fromPlan
      ? "From the planner: " + minutesText(agenda.total) + (agenda.start !== null ? ", " + clockText(agenda.start) + " to " + clockText(agenda.start + agenda.total) : "")
      : "The module’s own minutes: " + minutesText(agenda.total) + ".";
    if (agenda.problems.length) source += " Not used from the link: " + agenda.problems.join("; ") + ".";
    setText(".tp-agenda-source", source);
  }

  function drawSpeakerTick(now) {
    var item = currentItem();
    var clock = new Date(now);
    setText(".tp-clock", String(clock.getHours()).padStart(2, "0") + ":" + String(clock.getMinutes()).padStart(2, "0") +
      ":" + String(clock.getSeconds()).padStart(2, "0"));
    var button = document.querySelector(".tp-timer-button");
    var label = item >= 0 && running(item) ? "Pause timer" : "Start timer";
    if (button.textContent !== label) button.textContent = label;
    button.disabled = item < 0;
    var parts = document.querySelector(".tp-parts-now");
    if (item >= 0 && parts.firstChild) drawParts(parts, item, now);
    setText(".tp-link-status", now - lastHeard < 5000 ? "In step with the projector window."
      : "No projector window is answering: press S or “Open the projector window”, move it to the projector and press F.");
  }

  function renderSoundHint() {
    document.body.classList.toggle("tp-sound-off", !soundOn);
  }

  render();
  renderSoundHint();
  send({ type: "hello" });
  window.setInterval(tick, 250);
  window.setInterval(function () { send({ type: "ping" }); }, 2000);
})();
