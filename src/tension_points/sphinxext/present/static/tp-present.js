/* Present mode: the projector and the speaker's view of a module, kept in step.

   Both pages carry the same data (#tp-present-data: segments, minutes, minute splits,
   screens; never a facilitator note). The state (screen, timers, black screen) is shared:
   every change goes to the other window by BroadcastChannel, by a storage event, and by
   postMessage to the window that opened this one or that this one opened, whichever the
   browser allows (file:// pages get at least one of them). Timers are kept as timestamps,
   so both windows show the same time without a server.

   An agenda from the planner comes in the fragment:
     #agenda=SEGMENT:MINUTES[:PART.PART...],break:15,buffer:9,...&start=HH:MM&late=POSITION:MINUTES[:PARTS],...
   Segments it names take those minutes (and that minute split); breaks and buffers go where
   they stand. `late` is the planner's late plan for the page (plan/present_links.py): the cuts
   of each block in the order they give way, each naming the agenda token it changes. Without
   a fragment, the page's data carries the late plan of the module run alone.

   Running late: the speaker's view walks that list as the printed sheet tells the facilitator
   to (from the segment at hand to the end of its block, skipping what is behind, never leaving
   a segment out to win back much less than it lasts) and, when the facilitator accepts, applies
   the cuts as the planner's late.accept does: the minutes lost stand before the segment at
   hand, the block's buffer takes what the cuts give back, the pause keeps its length. */
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
    var byId = {}, tokenItems = [];
    data.segments.forEach(function (segment, index) { byId[segment.id] = index; });
    (params.get("agenda") || "").split(",").filter(Boolean).forEach(function (token) {
      var fields = token.split(":");
      var minutes = Number(fields[1]);
      var valid = fields[0] === "buffer" ? minutes >= 0 : minutes > 0;
      if (!(valid && minutes < 1000 && Math.floor(minutes) === minutes)) {
        agenda.problems.push("“" + token + "” has no length in minutes");
        tokenItems.push(null);
        return;
      }
      if (fields[0] === "break" || fields[0] === "lunch" || fields[0] === "buffer") {
        var pause = fields[0] === "buffer" ? { kind: "buffer", title: "Buffer", minutes: minutes }
          : { kind: "break", title: fields[0] === "lunch" ? "Lunch" : "Break", minutes: minutes };
        pending.push(pause);
        tokenItems.push(pause);
      } else if (fields[0] in byId) {
        var index = byId[fields[0]];
        overrides[index] = { minutes: minutes, parts: fields[2] ? fields[2].split(".").map(Number) : null };
        breaksBefore[index] = pending;
        pending = [];
        tokenItems.push(index);
      } else {
        agenda.problems.push("“" + fields[0] + "” is not a segment of this module");
        tokenItems.push(null);
      }
    });
    var segmentItems = {};
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
      segmentItems[index] = agenda.items.length;
      agenda.items.push(item);
    });
    pending.forEach(function (pause) { agenda.items.push(pause); });
    agenda.late = agenda.fromPlan
      ? readLate(params.get("late"), tokenItems.map(function (t) {
          return t === null ? null : typeof t === "number" ? segmentItems[t] : agenda.items.indexOf(t);
        }), agenda)
      : (data.late || []).map(function (cut) {
          return { item: segmentItems[cut[0]], to: cut[1], parts: cut[2].length ? cut[2] : null };
        });
    agenda.then = { "break": "the break", lunch: "lunch" }[params.get("then")] || null;
    agenda.base = agenda.items.map(function (item) { return Object.assign({}, item); });
    layOut(agenda);
    return agenda;
  }

  /* The planner's late plan: "POSITION:MINUTES[:PART.PART...]" per cut, POSITION an agenda token. */
  function readLate(text, positions, agenda) {
    var cuts = [];
    (text || "").split(",").filter(Boolean).forEach(function (token) {
      var fields = token.split(":");
      var item = positions[Number(fields[0])];
      var to = Number(fields[1]);
      if (item === undefined || item === null || item < 0 || !(to >= 0 && Math.floor(to) === to)) {
        agenda.problems.push("late plan: “" + token + "” names no item of the agenda");
        return;
      }
      cuts.push({ item: item, to: to, parts: fields[2] ? fields[2].split(".").map(Number) : null });
    });
    return cuts;
  }

  function layOut(agenda) {
    var offset = 0;
    agenda.items.forEach(function (item) {
      offset += item.lateBefore || 0;
      item.offset = offset;
      if (!item.dropped) offset += item.minutes;
    });
    agenda.total = offset;
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
    if (item.kind === "buffer") return;  // time the agenda leaves free: nothing to show
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
    section.setAttribute("data-item", String(agenda.items.indexOf(item)));
    document.getElementById("tp-screens").appendChild(section);
    return section;
  }

  function backText(item) {
    return agenda.start === null ? minutesText(item.minutes) + ", then we go on."
      : "Back at " + clockText(agenda.start + item.offset + item.minutes) + ".";
  }

  /* ---- Shared state, kept and sent ------------------------------------------------------- */

  var me = Math.random().toString(36).slice(2);
  var storageKey = data.channel + "|" + (window.location.hash || "#");
  var state = restore() || { screen: 0, black: false, timers: {}, began: false, rev: 0, by: me };
  if (!state.accepted) state.accepted = [];
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
    for (var i = 0; i < current; i++) {
      var item = agenda.items[i];
      if (!item.dropped) ms += used(i, now) - item.minutes * ONE_MINUTE;
    }
    ms += Math.max(0, used(current, now) - agenda.items[current].minutes * ONE_MINUTE);
    // Minutes a re-fit has already placed in the agenda are no longer behind it.
    for (var j = 0; j <= current; j++) ms -= (agenda.items[j].lateBefore || 0) * ONE_MINUTE;
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

  /* ---- Running late: the planner's cuts, walked and applied --------------------------------- */

  function blockEnd(index) {
    var n = index;
    while (n < agenda.items.length && agenda.items[n].kind !== "break") n += 1;
    return n;
  }

  function saves(cut) { return agenda.items[cut.item].minutes - cut.to; }

  function drops(cut) { return cut.to === 0 && agenda.items[cut.item].kind !== "buffer"; }

  /* What can still give way from item `index` to the end of its block, first to give way first. */
  function lateOptions(index) {
    var end = blockEnd(index);
    return agenda.late.filter(function (cut) {
      return cut.item >= index && cut.item < end && !agenda.items[cut.item].dropped && saves(cut) > 0;
    });
  }

  /* The cuts that give back `late` minutes: late.catch_up in plan/late.py, step for step. */
  function catchUp(index, late) {
    var available = lateOptions(index), taken = [], saved = 0;
    for (var n = 0; n < available.length; n++) {
      var needed = late - saved;
      if (needed <= 0) break;
      var cut = available[n], gives = saves(cut);
      var rest = available.slice(n + 1).reduce(function (sum, c) { return sum + saves(c); }, 0);
      if (drops(cut) && gives > 2 * needed && rest >= needed) continue;
      taken.push({ item: cut.item, to: cut.to, parts: cut.parts, saves: gives });
      saved += gives;
    }
    var short = Math.max(0, late - saved), later = [], laterSaved = 0;
    if (short > 0) {
      // At the end of the day, what the module marks after_session is done on the way out
      // (late.later_options: the last of the rest of the day's cuts, biggest first), walked the same way.
      var length = {};
      taken.forEach(function (c) { length[c.item] = c.to; });
      var outs = [];
      if (endsTheDay(index)) {
        for (var k = index; k < agenda.items.length; k++) {
          var it = agenda.items[k];
          var minutes = k in length ? length[k] : it.minutes;
          if (it.kind === "segment" && !it.dropped && minutes > 0 && data.segments[it.segment].after_session) {
            outs.push({ item: k, to: 0, parts: null, saves: minutes, out: true });
          }
        }
        outs.sort(function (a, b) { return b.saves - a.saves || a.item - b.item; });
      }
      for (var m = 0; m < outs.length; m++) {
        var still = short - laterSaved;
        if (still <= 0) break;
        var restOut = outs.slice(m + 1).reduce(function (sum, c) { return sum + c.saves; }, 0);
        if (outs[m].saves > 2 * still && restOut >= still) continue;
        later.push(outs[m]);
        laterSaved += outs[m].saves;
      }
    }
    // Cuts on one segment are alternatives: one done on the way out replaces its shortening
    // before it, and gives back its whole minutes (late.catch_up does the same).
    var movedOut = {};
    later.forEach(function (c) { if (c.out) movedOut[c.item] = true; });
    if (taken.some(function (c) { return movedOut[c.item]; })) {
      taken = taken.filter(function (c) { return !movedOut[c.item]; });
      saved = taken.reduce(function (sum, c) { return sum + c.saves; }, 0);
      later.forEach(function (c) { if (c.out) c.saves = agenda.items[c.item].minutes; });
      short = Math.max(0, late - saved);
      laterSaved = later.reduce(function (sum, c) { return sum + c.saves; }, 0);
    }
    return { cuts: taken, saved: saved, short: short, later: later, over: Math.max(0, short - laterSaved) };
  }

  /* Whether the block of item `index` ends the day: no pause after it on this page, and none after the page. */
  function endsTheDay(index) {
    return blockEnd(index) >= agenda.items.length && !agenda.then;
  }

  /* The agenda as the accepted cuts leave it: late.accept in plan/late.py. */
  function refit() {
    agenda.items.forEach(function (item, n) {
      Object.assign(item, agenda.base[n]);
      item.lateBefore = 0;
      item.dropped = false;
    });
    state.accepted.forEach(function (acceptance) {
      var at = acceptance.at, end = blockEnd(at), saved = 0;
      if (!agenda.items[at]) return;
      acceptance.cuts.forEach(function (pair) {
        var item = agenda.items[pair[0]];
        if (!item || item.kind === "buffer") return;  // the buffer is spent by the lateness itself
        var cut = agenda.late.filter(function (c) { return c.item === pair[0] && c.to === pair[1]; })[0];
        saved += item.minutes - pair[1];
        item.minutes = pair[1];
        if (pair[1] === 0) item.dropped = true;
        else if (cut && cut.parts) item.parts = cut.parts;
      });
      agenda.items[at].lateBefore += acceptance.late;
      // The block's buffer takes the difference; what it cannot, the next blocks' buffers take.
      var carry = acceptance.late - saved;
      for (var n = at; n < agenda.items.length && carry !== 0; n++) {
        var buffer = agenda.items[n];
        if (buffer.kind !== "buffer") continue;
        if (n < end) {
          var left = buffer.minutes - carry;
          buffer.minutes = Math.max(0, left);
          carry = Math.max(0, -left);
        } else if (carry > 0) {
          var taken = Math.min(buffer.minutes, carry);
          buffer.minutes -= taken;
          carry -= taken;
        }
      }
    });
    layOut(agenda);
  }

  function minutesBehind(now) {
    return state.began ? Math.round(drift(now) / ONE_MINUTE) : 0;
  }

  function shortName(label) { return label.split(":")[0].trim(); }

  /* A cut in the printed sheet's words (describe_cut in plan/sheet.py). */
  function describeCut(cut) {
    var item = agenda.items[cut.item];
    if (item.kind === "buffer") {
      // The day's last buffer is the post survey's time when the room is on time (late.buffer_cut).
      var before = agenda.items[cut.item - 1];
      var promised = cut.item === agenda.items.length - 1 && endsTheDay(cut.item) && before &&
        before.kind === "segment" && data.segments[before.segment].after_session;
      if (promised) {  // in the words of plan/sheet.py's SPEND_PROMISED
        var words = { saves: cut.saves, promised: promised, own: before.minutes };
        return data.wording.spend_promised.replace(/\{(\w+)\}/g, function (all, name) { return words[name]; });
      }
      return "Spend the buffer: " + cut.saves + " min";
    }
    if (cut.out) return "“" + item.title + "” on the way out: " + data.segments[item.segment].after_session + ": " + cut.saves + " min";
    if (cut.to === 0) return "Leave out “" + item.title + "”: " + cut.saves + " min";
    var text = "“" + item.title + "” in " + cut.to + ", not " + item.minutes + ": " + cut.saves + " min";
    if (cut.parts) {
      var labels = data.segments[item.segment].parts;
      text += " (" + cut.parts.map(function (minutes, n) { return shortName(labels[n].label) + " " + minutes; }).join(" · ") + ")";
    }
    return text;
  }

  function untilText(index) {
    var end = blockEnd(index);
    if (end >= agenda.items.length) {
      var what = agenda.then || (agenda.fromPlan ? "the end" : "the end of the module");
      return agenda.start === null ? what : what + " at " + clockText(agenda.start + agenda.total);
    }
    var pause = agenda.items[end];
    var name = pause.title === "Lunch" ? "lunch" : "the break";
    return agenda.start === null ? name : name + " at " + clockText(agenda.start + pause.offset);
  }

  var lateShown = "";

  function renderLate(now) {
    var item = currentItem(), behind = minutesBehind(now);
    var key = [item, behind, state.accepted.length, state.screen].join("|");
    if (key === lateShown) return;
    lateShown = key;
    var list = document.querySelector(".tp-late-cuts"), button = document.querySelector('[data-action="accept"]');
    var later = document.querySelector(".tp-late-later");
    list.textContent = "";
    later.textContent = "";
    button.hidden = true;
    var after = "", over = "";
    if (item < 0 || !state.began) {
      setText(".tp-late-status", "Start the timer: when the room falls behind, the cuts to make show here.");
    } else if (behind <= 0) {
      setText(".tp-late-status", behind < 0 ? "Ahead of the agenda: nothing to cut." : "On time: nothing to cut.");
    } else {
      var plan = catchUp(item, behind);
      var amount = behind + (behind === 1 ? " minute" : " minutes");
      if (!plan.cuts.length) {
        setText(".tp-late-status", amount + " behind, and nothing left to cut before " + untilText(item) + ".");
      } else {
        setText(".tp-late-status", amount + " behind. Before " + untilText(item) + ", cut in this order:");
        plan.cuts.forEach(function (cut) {
          var row = document.createElement("li");
          row.textContent = describeCut(cut);
          list.appendChild(row);
        });
        after = "These give back " + plan.saved + " min" + (plan.short ? "; " + untilText(item).replace(/ at .*/, "") +
          " still starts " + plan.short + " min late." : ".");
        button.hidden = false;
      }
      plan.later.forEach(function (cut) {
        var row = document.createElement("li");
        row.textContent = describeCut(cut);
        later.appendChild(row);
      });
      if (plan.later.length) {
        after += (after ? " " : "") + "Then, to end on time:";
        button.hidden = false;
      }
      if (plan.over && endsTheDay(item)) {
        over = "Even with every cut the day ends " + plan.over + " min late: nothing else can go without breaking the agenda's rules.";
      } else if (plan.short && !endsTheDay(item)) {
        over = "To end the day on time, the agenda sheet's row for this segment names the later cuts (the next blocks' buffers and cuts, shorter breaks).";
      }
    }
    setText(".tp-late-after", after);
    setText(".tp-late-over", over);
  }

  /* ---- Moving and acting ----------------------------------------------------------------- */

  function currentItem() { return screens[state.screen].item; }

  function shown(n) {
    var item = screens[n].item;
    return item < 0 || !agenda.items[item].dropped;
  }

  function goTo(n) {
    var step = n < state.screen ? -1 : 1;
    n = Math.max(0, Math.min(screens.length - 1, n));
    while (!shown(n) && n + step >= 0 && n + step < screens.length) n += step;
    if (!shown(n) || n === state.screen) return;
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
    accept: function () {
      var item = currentItem(), behind = minutesBehind(Date.now());
      if (item < 0 || behind <= 0) return;
      var plan = catchUp(item, behind);
      if (!plan.cuts.length && !plan.later.length) return;
      state.accepted.push({ at: item, late: behind, cuts: plan.cuts.concat(plan.later).map(function (c) { return [c.item, c.to]; }) });
      refit();
      if (!shown(state.screen)) {
        var n = state.screen;
        while (n < screens.length - 1 && !shown(n)) n += 1;
        state.screen = n;
      }
      commit();
    },
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
    if (!projector) { drawSpeakerTick(now); renderLate(now); }
  }

  function render() {
    refit();
    if (state.screen >= screens.length) state.screen = screens.length - 1;
    var screen = screens[state.screen];
    document.body.classList.toggle("tp-blacked", state.black);
    document.body.setAttribute("data-screen", String(state.screen));
    if (projector) renderProjector(screen); else renderSpeaker(screen);
    tick();
  }

  function renderProjector(screen) {
    screens.forEach(function (other) { if (other.element) other.element.hidden = other !== screen; });
    Array.prototype.forEach.call(document.querySelectorAll(".tp-screen-break"), function (section) {
      var item = agenda.items[Number(section.getAttribute("data-item"))];
      section.querySelector(".tp-break-back").textContent = backText(item);
    });
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
    if (item.kind !== "segment") return minutesText(item.minutes);
    var segment = data.segments[item.segment];
    var kind = segment.kind.charAt(0).toUpperCase() + segment.kind.slice(1);
    return kind + (segment.format ? " · " + segment.format : "") + " · " + minutesText(item.minutes);
  }

  function describeItem(item) {
    if (item.kind !== "segment") return item.title + ", " + minutesText(item.minutes);
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
    renderShortTalk(item, noteKey);
    var nextIndex = state.screen + 1;
    while (nextIndex < screens.length && !shown(nextIndex)) nextIndex += 1;
    var next = screens[nextIndex];
    setText(".tp-next-text", !next ? "The end of the module."
      : next.item === screen.item ? "Screen " + (next.step + 1) + " of " + next.steps + ": " + next.label
      : "Next segment: " + describeItem(agenda.items[next.item]));
    var black = document.querySelector('[data-action="black"]');
    black.setAttribute("aria-pressed", state.black ? "true" : "false");
    black.textContent = state.black ? "Show the picture" : "Black screen";
    renderParts(item, screen.item);
    renderAgenda(screen.item);
  }

  /* A talk the agenda (or an accepted late cut) runs shorter than its preferred length says so
     on its "When short" line, the points to keep when short being the ones to give now. */
  function renderShortTalk(item, noteKey) {
    var line = document.querySelector('.tp-notes[data-segment="' + noteKey + '"] .tp-talk-short');
    if (!line) return;
    var short = item && item.kind === "segment" && item.minutes < item.planned;
    line.classList.toggle("tp-talk-short-now", short);
    line.querySelector(".tp-talk-short-when").textContent = short
      ? " (now: this agenda runs it at " + item.minutes + " of " + item.planned + " min)" : "";
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
    function row(when, what, minutes, className) {
      var line = document.createElement("li");
      line.innerHTML = '<span class="tp-agenda-when"></span> <span class="tp-agenda-what"></span> <span class="tp-agenda-minutes"></span>';
      line.querySelector(".tp-agenda-when").textContent = when;
      line.querySelector(".tp-agenda-what").textContent = what;
      line.querySelector(".tp-agenda-minutes").textContent = minutes;
      if (className) line.className = className;
      list.appendChild(line);
      return line;
    }
    function whenText(offset, minutes) {
      return agenda.start === null ? offset + "–" + (offset + minutes) + " min" : clockText(agenda.start + offset);
    }
    agenda.items.forEach(function (item, n) {
      if (item.lateBefore) {
        row(whenText(item.offset - item.lateBefore, item.lateBefore), "Behind schedule", minutesText(item.lateBefore), "tp-agenda-late");
      }
      if (item.dropped) {
        var away = item.kind === "segment" && data.segments[item.segment].after_session;
        row("", item.title, away ? "on the way out" : "left out", "tp-agenda-dropped");
        return;
      }
      var minutes = minutesText(item.minutes);
      if (item.kind === "segment" && item.minutes !== item.planned) minutes += " (of " + item.planned + ")";
      var line = row(whenText(item.offset, item.minutes), item.title + (n === current ? " (now)" : ""), minutes,
        item.kind === "buffer" ? "tp-agenda-buffer" : "");
      if (n === current) { line.className = "tp-agenda-now"; line.setAttribute("aria-current", "step"); }
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
