// The hand-off map and the ownership matrix: a pair's form on the phone, and the drawings
// (made on the server by the exercises' own code) on the projector and the console.
// The form sends the data the notebook's YAML file holds; the server checks it with the
// notebook's loader, and the phone shows the loader's message as it is.
"use strict";
(() => {
  const { el } = Room;
  let counter = 0;
  const newKey = () => `k${++counter}`;

  // Ids the YAML needs, made from the names (the notebook's ids are short slugs).
  function slug(text, used, fallback) {
    let id = (text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    if (!/^[a-z]/.test(id)) id = id ? `${fallback}-${id}` : fallback;
    let unique = id;
    for (let n = 2; used.has(unique); n++) unique = `${id}-${n}`;
    used.add(unique);
    return unique;
  }

  function ids(items, fallback) {
    const used = new Set();
    return new Map(items.map((item, i) => [item.key, item.id && !used.has(item.id) ? (used.add(item.id), item.id) : slug(item.name, used, `${fallback}-${i + 1}`)]));
  }

  // --- The two shapes: notebook data <-> the form's state ------------------------------------

  const named = (list) => (list || []).map((x) => ({ key: newKey(), id: x.id || null, name: x.name || "" }));
  const keyOf = (items, id) => (items.find((x) => x.id === id) || {}).key || "";
  // A hand-off is work unless it is feedback on another one (feedbackOn: that hand-off's key).
  const blankHandoff = () => ({ key: newKey(), id: null, from: "", to: "", what: "", feedbackOn: "" });

  const SHAPES = {
    "handoff-map": {
      field: "map", what: "map", items: "teams", item: "team", itemTitle: "Team", rows: "handoffs",
      blank: () => ({ title: "", teams: named([{}, {}]), handoffs: [blankHandoff()] }),
      fromData(data) {
        const teams = named(data.teams);
        const handoffs = (data.handoffs || []).map((h) => ({ ...blankHandoff(), id: h.id || null, from: keyOf(teams, h.from), to: keyOf(teams, h.to), what: h.what || "", feedbackOnId: h.feedback_on || "" }));
        for (const h of handoffs) { h.feedbackOn = keyOf(handoffs, h.feedbackOnId); delete h.feedbackOnId; }  // feedback names its work by id
        return { title: data.title || "", teams, handoffs };
      },
      toData(state) {
        const id = ids(state.teams, "team");
        const referenced = new Set(state.handoffs.map((h) => h.feedbackOn).filter(Boolean));
        const handoffId = ids(state.handoffs.map((h) => ({ key: h.key, id: h.id, name: h.what })), "handoff");
        const data = state.title.trim() ? { title: state.title.trim() } : {};
        data.teams = state.teams.map((t) => ({ id: id.get(t.key), name: t.name.trim() }));
        data.handoffs = state.handoffs.map((h) => {
          const out = (h.id || referenced.has(h.key)) ? { id: handoffId.get(h.key) } : {};
          Object.assign(out, { from: id.get(h.from) || "", to: id.get(h.to) || "", what: h.what.trim() });
          if (h.feedbackOn) out.feedback_on = handoffId.get(h.feedbackOn);
          return out;
        });
        return data;
      },
    },
    "ownership-matrix": {
      field: "matrix", what: "matrix", items: "roles", item: "role", itemTitle: "Role", rows: "stages",
      blank: () => ({ title: "", roles: named([{}, {}]), stages: [{ key: newKey(), id: null, name: "", raci: {} }] }),
      fromData(data) {
        const roles = named(data.roles);
        const stages = (data.stages || []).map((s) => ({ key: newKey(), id: s.id || null, name: s.name || "", raci: Object.fromEntries(Object.entries(s.raci || {}).map(([role, letters]) => [keyOf(roles, role), letters])) }));
        return { title: data.title || "", roles, stages };
      },
      toData(state) {
        const roleId = ids(state.roles, "role");
        const stageId = ids(state.stages, "stage");
        const data = state.title.trim() ? { title: state.title.trim() } : {};
        data.roles = state.roles.map((r) => ({ id: roleId.get(r.key), name: r.name.trim() }));
        data.stages = state.stages.map((s) => ({
          id: stageId.get(s.key), name: s.name.trim(),
          raci: Object.fromEntries(state.roles.filter((r) => s.raci[r.key]).map((r) => [roleId.get(r.key), s.raci[r.key]])),
        }));
        return data;
      },
    },
  };

  // --- The phone's form ---------------------------------------------------------------------

  function form(area, activity, me) {
    const shape = SHAPES[activity.kind];
    const box = el("div", { id: "map-editor" }, el("p", { class: "meta", text: "Loading the form…" }));
    area.append(box);
    Room.getJSON(`/p/api/maps/${activity.id}/form`)
      .then((spec) => {
        const editor = new Editor(box, activity, shape, spec, me);
        if (activity.phase === "open") editor.draw(); else editor.drawClosed();
      })
      .catch(() => box.replaceChildren(el("p", { class: "error", text: "The form did not load: check the connection and reload the page." })));
  }

  class Editor {
    constructor(box, activity, shape, spec, me) {
      Object.assign(this, { box, activity, shape, spec });
      this.draftKey = `tp-room-map-${activity.id}`;
      this.saved = spec.mine;
      const draft = JSON.parse(localStorage.getItem(this.draftKey) || "null");
      if (draft) this.state = draft;
      else if (spec.mine) this.state = { pair: spec.mine.pair, ...shape.fromData(spec.mine.data) };
      else this.state = { pair: (me && me.team) || "", ...shape.blank() };
      counter = Math.max(counter, ...JSON.stringify(this.state).match(/"k(\d+)"/g)?.map((k) => Number(k.slice(2, -1))) || [0]);
    }

    keep() { localStorage.setItem(this.draftKey, JSON.stringify(this.state)); }

    // Names show further down the form (the hand-offs' teams, the matrix's roles): updated in
    // place as the pair types, never by rebuilding, so a tap on another control is not lost.
    rename(key, name) {
      for (const node of this.box.querySelectorAll(`[data-name-of="${key}"]`)) node.textContent = nameText(node, name);
    }

    // Rebuild the form after a change of shape (a row added or removed), keeping focus.
    redraw(focusId) {
      this.keep();
      const active = focusId || (document.activeElement && document.activeElement.id);
      this.draw();
      const target = active && document.getElementById(active);
      if (target) target.focus();
    }

    text(id, label, value, onInput, attrs) {
      const input = el("input", { id, maxlength: this.spec.max_text, autocomplete: "off", ...attrs });
      input.value = value;
      input.addEventListener("input", () => { onInput(input.value); this.keep(); });
      return [el("label", { for: id, text: label }), input];
    }

    draw() {
      const { shape, spec, state, activity } = this;
      const what = shape.what;
      const formNode = el("form", { id: "map-form", novalidate: true, "aria-label": `Your pair's ${what}` });
      formNode.append(el("p", { class: "hint", text: `One phone per pair. Saving again replaces your pair's earlier ${what}; you can download it to run the notebook at home.` }));
      formNode.append(...this.text("map-pair", "Your pair's name (shown on the projector)", state.pair, (v) => { state.pair = v; }, { maxlength: spec.max_pair }));
      formNode.append(...this.text("map-title", `Title of your ${what} (optional)`, state.title, (v) => { state.title = v; }));
      formNode.append(this.namedList());
      if (shape.rows === "handoffs") formNode.append(this.handoffs());
      else formNode.append(...this.stages());
      const status = el("p", { id: "map-status", role: "status", "aria-live": "polite" });
      const buttons = el("div", { class: "buttons" });
      if (spec.example) buttons.append(el("button", { type: "button", class: "secondary", text: "Start from the kit's example (replaces the form)", onclick: () => { this.state = { pair: state.pair, ...shape.fromData(spec.example) }; this.redraw("map-title"); } }));
      formNode.append(buttons, el("button", { type: "submit", text: `Save our ${what}` }), status, this.downloads());
      formNode.addEventListener("submit", (event) => { event.preventDefault(); this.save(status); });
      this.box.replaceChildren(formNode);
    }

    namedList() {
      const { shape, spec, state } = this;
      const list = state[shape.items];
      const limit = spec.limits[shape.items];
      const fieldset = el("fieldset", {}, el("legend", { text: shape.items === "teams" ? "Teams" : "Roles" }));
      list.forEach((item, i) => {
        const id = `${shape.item}-name-${item.key}`;
        const input = el("input", { id, maxlength: spec.max_text, autocomplete: "off" });
        input.value = item.name;
        input.addEventListener("input", () => { item.name = input.value; item.id = null; this.keep(); this.rename(item.key, item.name); });  // the id follows the new name
        const remove = el("button", { type: "button", class: "secondary", text: "Remove", "aria-label": `Remove ${shape.item} ${i + 1}`, onclick: () => { list.splice(i, 1); this.redraw(`add-${shape.item}`); } });
        fieldset.append(el("div", { class: "map-row" }, el("div", {}, el("label", { for: id, text: `${shape.itemTitle} ${i + 1}` }), input), remove));
      });
      fieldset.append(el("button", { type: "button", id: `add-${shape.item}`, class: "secondary", disabled: list.length >= limit, text: `Add a ${shape.item}`, onclick: () => { list.push({ key: newKey(), id: null, name: "" }); this.redraw(`${shape.item}-name-${list[list.length - 1].key}`); } }));
      return fieldset;
    }

    // Work or feedback: feedback says how one received piece of work fared and goes back to its
    // sender. The choices name the other hand-offs as they read now (rebuilt when the list opens).
    feedbackChoice(h, i) {
      const { state } = this;
      const id = `handoff-feedback-${h.key}`;
      const select = el("select", { id, "aria-describedby": "feedback-hint" });
      const fill = () => {
        select.replaceChildren(el("option", { value: "", text: "Work (not feedback)" }),
          ...state.handoffs.map((other, n) => other === h ? null : el("option", { value: other.key, text: `Feedback on hand-off ${n + 1}: ${other.what.trim() || "(nothing typed yet)"}` })).filter(Boolean));
        select.value = h.feedbackOn;
      };
      fill();
      select.addEventListener("focus", fill);
      select.addEventListener("change", () => { h.feedbackOn = select.value; this.keep(); });
      return [el("label", { for: id, text: "Work, or feedback on another hand-off?" }), select];
    }

    // A node that shows an item's name, kept up to date by rename().
    named(tag, item, fallback, prefix, attrs) {
      const node = el(tag, { ...attrs, "data-name-of": item.key, "data-fallback": fallback, "data-prefix": prefix || "" });
      node.textContent = nameText(node, item.name);
      return node;
    }

    handoffs() {
      const { state, spec } = this;
      const fieldset = el("fieldset", {}, el("legend", { text: "Hand-offs: who hands what to whom" }),
        el("p", { class: "hint", id: "feedback-hint", text: "Feedback says how a piece of work fared and goes back to the team that sent it. A request or a target sent back is work." }));
      state.handoffs.forEach((h, i) => {
        const group = el("fieldset", { class: "map-item" }, el("legend", { text: `Hand-off ${i + 1}` }));
        for (const end of ["from", "to"]) {
          const id = `handoff-${end}-${h.key}`;
          const select = el("select", { id }, el("option", { value: "", text: "Pick a team" }), ...state.teams.map((t, n) => this.named("option", t, `Team ${n + 1} (no name yet)`, "", { value: t.key })));
          select.value = h[end];
          select.addEventListener("change", () => { h[end] = select.value; this.keep(); });
          group.append(el("label", { for: id, text: end === "from" ? "From" : "To" }), select);
        }
        group.append(...this.text(`handoff-what-${h.key}`, "What is handed over", h.what, (v) => { h.what = v; }));
        group.append(...this.feedbackChoice(h, i));
        group.append(el("button", { type: "button", class: "secondary", text: `Remove hand-off ${i + 1}`, onclick: () => { state.handoffs.splice(i, 1); for (const other of state.handoffs) if (other.feedbackOn === h.key) other.feedbackOn = ""; this.redraw("add-handoff"); } }));
        fieldset.append(group);
      });
      fieldset.append(el("button", { type: "button", id: "add-handoff", class: "secondary", disabled: state.handoffs.length >= spec.limits["hand-offs"], text: "Add a hand-off", onclick: () => { state.handoffs.push(blankHandoff()); this.redraw(`handoff-from-${state.handoffs[state.handoffs.length - 1].key}`); } }));
      return fieldset;
    }

    stages() {
      const { state, spec } = this;
      const key = el("p", { class: "hint", id: "raci-key", text: spec.letters.map(([letter, name]) => `${letter} ${name}`).join(" · ") });
      const nodes = [key];
      state.stages.forEach((stage, i) => {
        const group = el("fieldset", { class: "map-item" }, this.named("legend", stage, `Stage ${i + 1}`, `Stage ${i + 1}`));
        group.append(...this.text(`stage-name-${stage.key}`, "Stage name", stage.name, (v) => { stage.name = v; stage.id = null; this.rename(stage.key, v); }));
        state.roles.forEach((role, n) => {
          // One choice per role and stage: no part, R, A, RA, C or I (a cell such as AC contradicts itself).
          const cell = el("fieldset", { class: "raci", "aria-describedby": "raci-key" }, this.named("legend", role, `Role ${n + 1} (no name yet)`, ""));
          for (const [letters, name] of [["", "no part"], ...spec.cells]) {
            const id = `raci-${stage.key}-${role.key}-${letters || "none"}`;
            const choice = el("input", { type: "radio", id, name: `raci-${stage.key}-${role.key}`, value: letters, checked: (stage.raci[role.key] || "") === letters });
            choice.addEventListener("change", () => { if (choice.checked) { stage.raci[role.key] = letters; this.keep(); } });
            cell.append(el("label", { for: id }, choice, letters || "–", el("span", { class: "visually-hidden", text: ` ${name}` })));
          }
          group.append(cell);
        });
        group.append(el("button", { type: "button", class: "secondary", text: `Remove stage ${i + 1}`, onclick: () => { state.stages.splice(i, 1); this.redraw("add-stage"); } }));
        nodes.push(group);
      });
      nodes.push(el("button", { type: "button", id: "add-stage", class: "secondary", disabled: state.stages.length >= spec.limits.stages, text: "Add a stage", onclick: () => { state.stages.push({ key: newKey(), id: null, name: "", raci: {} }); this.redraw(`stage-name-${state.stages[state.stages.length - 1].key}`); } }));
      return [el("fieldset", {}, el("legend", { text: "Stages, and each role's letters" }), ...nodes)];
    }

    // Not open (yet, or any more): nothing to edit, but a saved map can still be taken home.
    drawClosed() {
      const what = this.shape.what;
      if (localStorage.getItem(this.draftKey)) {
        // Changes not saved when the activity closed: the form stays, read-only, so nothing typed is lost.
        this.draw();
        const form = this.box.querySelector("form");
        for (const field of form.querySelectorAll("input, select")) {
          if (field.matches("input:not([type=radio])")) field.readOnly = true;
          else field.disabled = true;
        }
        for (const button of form.querySelectorAll("button")) button.remove();
        form.prepend(el("p", { class: "warning", id: "kept-note", text: `Closed before your pair saved these changes: they were not saved. They stay here to copy${this.saved ? `; your saved ${what} is the one below` : ""}.` }));
        return;
      }
      if (!this.saved) { this.box.replaceChildren(); return; }
      this.box.replaceChildren(el("p", { class: "hint", text: `Your pair's ${what} is saved (${this.saved.pair}).` }), this.downloads());
    }

    downloads() {
      const box = el("p", { id: "map-downloads", class: "buttons" });
      if (!this.saved) return box;
      const base = `/p/api/maps/${this.activity.id}/mine`;
      box.append(
        el("a", { href: `${base}.yaml`, download: "", text: `Download our ${this.shape.what} (YAML, for the notebook)` }),
        el("a", { href: `${base}.svg`, download: "", text: "Download the drawing (SVG)" }),
      );
      return box;
    }

    async save(status) {
      const { shape, state, activity } = this;
      status.className = "";
      status.textContent = "Saving…";
      const body = { activity: activity.id, key: Room.newKey(), pair: state.pair, [shape.field]: shape.toData(state) };
      let result;
      try {
        result = await Room.postJSON("/p/api/answer", body);
      } catch (failure) {
        status.className = "error";
        status.textContent = `Not sent: no connection. Your ${shape.what} stays in this form; press Save again when you are back.`;
        return;
      }
      if (result.ok) {
        this.saved = { id: result.data.id, pair: state.pair };
        localStorage.removeItem(this.draftKey);
        status.textContent = `✓ Saved at ${new Date().toLocaleTimeString()}. You can keep editing and save again.`;
        document.getElementById("map-downloads").replaceWith(this.downloads());
      } else {
        status.className = "error";
        status.textContent = `✗ Not saved: ${result.data.error || `the room answered ${result.status}`}`;
      }
    }
  }

  function nameText(node, name) {
    const trimmed = (name || "").trim();
    if (!trimmed) return node.dataset.fallback;
    return node.dataset.prefix ? `${node.dataset.prefix}: ${trimmed}` : trimmed;
  }

  // --- Results: every pair's drawing, as a gallery or one at a time --------------------------

  let large = null; // the answer id shown alone, or null for the gallery

  function table(card) {
    const head = el("tr", {}, ...card.headers.map((h) => el("th", { scope: "col", text: h })));
    const rows = card.rows.map((row) => el("tr", {}, el("th", { scope: "row", text: row[0] }), ...row.slice(1).map((c) => el("td", { text: c }))));
    return el("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": `${card.pair}: the ${card.what} as a table` },
      el("table", {}, el("caption", { text: `${card.pair}: ${card.title}, as a table` }), el("thead", {}, head), el("tbody", {}, ...rows)));
  }

  function cardNode(card, drawings, alone, onLarge) {
    const node = el("article", { class: "map-card" }, el(Room.resultHeading, { class: "map-card-title", text: `${card.pair}: ${card.title}` }));
    if (drawings) node.append(el("img", { src: `/f/api/maps/drawing/${card.id}.svg`, alt: card.summary }));
    const findings = el("pre", { class: "findings", text: card.summary });
    if (alone || !drawings) node.append(findings, table(card));
    else node.append(el("details", {}, el("summary", { text: "Findings and the text table" }), findings, table(card)), el("button", { type: "button", class: "secondary", text: `Show ${card.pair}'s ${card.what} large`, onclick: onLarge }));
    return node;
  }

  function results(activity, data) {
    // Only the facilitator's screens may fetch drawings (/f/...); phones get the text version.
    const drawings = document.body.classList.contains("projector") || document.body.classList.contains("console");
    const cards = data.cards.map((c) => ({ ...c, what: data.what }));
    let root;
    const redraw = () => { const fresh = results(activity, data); root.replaceWith(fresh); const button = fresh.querySelector("button"); if (button) button.focus(); };
    if (!cards.length) return el("p", { class: "meta", text: `No ${data.what} saved yet` });
    if (document.body.classList.contains("projector")) {
      // The projector pages through the pairs by itself: each pair's drawing, then its findings and table.
      return el("div", { class: "map-gallery" }, ...cards.flatMap((card) => [
        el("article", { class: "map-card" }, el(Room.resultHeading, { class: "map-card-title", text: `${card.pair}: ${card.title}` }),
          el("img", { src: `/f/api/maps/drawing/${card.id}.svg`, alt: card.summary })),
        // The findings a line an item, so a long list is paged like a wall rather than cut off.
        el("article", { class: "map-card map-text" }, el(Room.resultHeading, { class: "map-card-title", text: `${card.pair}: what the notebook finds` }),
          el("ul", { class: "findings findings-lines" }, ...card.summary.split("\n").filter((line) => line.trim()).map((line) => el("li", { text: line }))), table(card)),
      ]));
    }
    const index = cards.findIndex((c) => c.id === large);
    if (drawings && index >= 0) {
      const go = (n) => () => { large = cards[(n + cards.length) % cards.length].id; redraw(); };
      root = el("div", { class: "map-one" },
        el("div", { class: "buttons" },
          el("button", { type: "button", class: "secondary", text: `Back to all ${cards.length}`, onclick: () => { large = null; redraw(); } }),
          el("button", { type: "button", class: "secondary", text: "Previous", onclick: go(index - 1) }),
          el("button", { type: "button", class: "secondary", text: "Next", onclick: go(index + 1) }),
          el("span", { class: "meta", text: `${index + 1} of ${cards.length}` })),
        cardNode(cards[index], drawings, true, null));
      return root;
    }
    root = el("div", { class: "map-gallery" }, ...cards.map((card) => cardNode(card, drawings, false, () => { large = card.id; redraw(); })));
    return root;
  }

  // The pair's form owns the answer area, open or closed: closed, it still offers the downloads.
  for (const kind of Object.keys(SHAPES)) Room.kinds[kind] = { ownsArea: true, form: (area, activity, context) => form(area, activity, context.me), results };
})();
