// The simple kinds' renderers: the answer wall, polls, 1-5 scales, word clouds and the timer.
// Their phone forms, their results on every screen (all roles, one role, or split by role)
// and the wall's moderation on the console. Everything goes in with textContent (Room.el).
"use strict";
(() => {
  const { el, ROLES, ROLE_LABEL } = Room;

  // --- Shared pieces -----------------------------------------------------------------------

  function bars(labels, counts, total) {
    const list = el("ul", { class: "bars" });
    labels.forEach((label, i) => {
      const n = counts ? counts[i] : 0;
      const share = total ? Math.round((100 * n) / total) : 0;
      const bar = el("span", { class: "bar" });
      bar.style.width = `${share}%`;
      list.append(el("li", {}, el("span", { class: "bar-label", text: label }), el("span", { class: "bar-track", "aria-hidden": "true" }, bar), el("span", { class: "bar-count", text: `${n} (${share}%)` })));
    });
    return list;
  }

  function splitTable(caption, labels, roles, cell) {
    const head = el("tr", {}, el("th", { scope: "col", text: "Answer" }), el("th", { scope: "col", text: "All" }), ...roles.map((r) => el("th", { scope: "col", text: ROLE_LABEL[r] || r })));
    const rows = labels.map((label, i) => el("tr", {}, el("th", { scope: "row", text: label }), el("td", { text: cell("all", i) }), ...roles.map((r) => el("td", { text: cell(r, i) }))));
    return el("table", { class: "split" }, el("caption", { text: caption }), el("thead", {}, head), el("tbody", {}, ...rows));
  }

  function answeredRoles(groups) {
    return ROLES.map(([r]) => r).filter((r) => r in (groups || {}));
  }

  // A form of radio buttons or check boxes; the answer is the picked indexes.
  function choiceForm(activity, context, labels, multiple, send) {
    const form = el("form", { id: "answer-form", novalidate: true });
    const fieldset = el("fieldset", {}, el("legend", { text: multiple ? "Pick one or more" : "Pick one" }));
    labels.forEach((label, i) => {
      fieldset.append(el("label", { class: "choice" }, el("input", { type: multiple ? "checkbox" : "radio", name: "choice", value: String(i) }), ` ${label}`));
    });
    form.append(fieldset);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const picked = [...form.querySelectorAll("input[name=choice]:checked")].map((input) => Number(input.value));
      if (!picked.length) { context.status.textContent = "Pick an option first."; return; }
      send(picked);
    });
    form.append(el("button", { type: "submit", text: "Send" }), context.status);
    return form;
  }

  // A text box whose draft survives a reload; sent text is cleared from it.
  function textForm(activity, context, cloud) {
    const form = el("form", { id: "answer-form", novalidate: true });
    const draft = `tp-room-draft-${activity.id}`;
    const label = el("label", { for: "answer-text", text: cloud ? "One to three words" : "Your answer" });
    const input = cloud
      ? el("input", { id: "answer-text", maxlength: 120, autocomplete: "off" })
      : el("textarea", { id: "answer-text", rows: 4, maxlength: 500 });
    input.value = localStorage.getItem(draft) || "";
    input.addEventListener("input", () => localStorage.setItem(draft, input.value));
    form.append(label, input);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text) { context.status.textContent = "Type something first."; return; }
      context.queue({ text }, text);
      input.value = "";
      localStorage.removeItem(draft);
      input.focus();
    });
    form.append(el("button", { type: "submit", text: "Send" }), context.status);
    return form;
  }

  // --- Polls and scales ----------------------------------------------------------------------

  function pollResults(results, options, labels) {
    labels = labels || results.options;
    if (options.split) {
      return splitTable("Answers by role", labels, answeredRoles(results.counts), (r, i) => {
        const n = results.counts[r] ? results.counts[r][i] : 0;
        const total = results.respondents[r] || 0;
        return `${n} (${total ? Math.round((100 * n) / total) : 0}%)`;
      });
    }
    const role = options.role;
    const total = results.respondents[role] || 0;
    return el("div", {}, bars(labels, results.counts[role], total), el("p", { class: "meta", text: `${total} ${total === 1 ? "answer" : "answers"}${role === "all" ? "" : ` from ${ROLE_LABEL[role]}`}` }));
  }

  const poll = {
    splits: true,
    form(activity, context) {
      return choiceForm(activity, context, activity.options, activity.multiple,
        (picked) => context.queue({ choices: picked }, picked.map((i) => activity.options[i]).join(", ")));
    },
    summary: (activity, body) => (body.choices || []).map((i) => activity.options[i]).join(", "),
    results: (activity, results, options) => pollResults(results, options),
  };

  const scaleLabels = (ends) => [1, 2, 3, 4, 5].map((n) => (n === 1 && ends[0] ? `1 ${ends[0]}` : n === 5 && ends[1] ? `5 ${ends[1]}` : String(n)));

  const scale = {
    splits: true,
    form(activity, context) {
      const labels = scaleLabels(activity.scale_labels);
      return choiceForm(activity, context, labels, false, (picked) => context.queue({ value: picked[0] + 1 }, labels[picked[0]]));
    },
    summary: (activity, body) => String(body.value || ""),
    results(activity, results, options) {
      const node = pollResults(results, options, scaleLabels(results.labels).map((label) => label.trim()));
      const mean = results.means[options.role];
      if (!options.split) node.append(el("p", { class: "meta", text: mean === null || mean === undefined ? "No answers yet" : `Mean ${mean.toFixed(2)}` }));
      return node;
    },
  };

  // --- Word clouds ---------------------------------------------------------------------------

  function cloud(words) {
    const top = words.length ? words[0][1] : 1;
    return el("ul", { class: "cloud" }, ...words.map(([word, n]) => {
      const item = el("li", {}, el("span", { text: word }), el("span", { class: "count", text: ` ${n}` }));
      item.style.fontSize = `${1 + (1.6 * n) / top}rem`;
      return item;
    }));
  }

  const wordcloud = {
    splits: true,
    form: (activity, context) => textForm(activity, context, true),
    results(activity, results, options) {
      if (options.split) {
        return el("div", { class: "split-clouds" }, ...answeredRoles(results.words).map((r) => el("section", {}, el("h3", { text: ROLE_LABEL[r] }), cloud(results.words[r] || []))));
      }
      const words = results.words[options.role] || [];
      return words.length ? cloud(words) : el("p", { class: "meta", text: "No words yet" });
    },
  };

  // --- The wall ------------------------------------------------------------------------------

  function wall(answers, options) {
    const { role, split, voting } = options;
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

  const open = {
    splits: true,
    form: (activity, context) => textForm(activity, context, false),
    results: (activity, results, options) => wall(results.answers, options),
    // The server's wall deltas: new answers, vote counts, pins, hidden answers.
    update(results, delta) {
      if (!results || !results.answers) return results;
      const byId = new Map(results.answers.map((a) => [a.id, a]));
      for (const a of delta.added || []) byId.set(a.id, a);
      for (const [id, votes] of Object.entries(delta.votes || {})) if (byId.has(Number(id))) byId.get(Number(id)).votes = votes;
      for (const [id, pinned] of Object.entries(delta.pinned || {})) if (byId.has(Number(id))) byId.get(Number(id)).pinned = pinned;
      for (const id of delta.hidden || []) byId.delete(id);
      return { answers: [...byId.values()] };
    },
    // The console: every answer, hidden ones too, with hide and pin.
    console(box, activity, view, act) {
      const list = el("ul", { id: "wall", class: "wall moderation" });
      for (const a of view.wall) {
        const hide = el("button", { type: "button", text: a.hidden ? "Show" : "Hide", onclick: () => act("/f/api/answer", { action: a.hidden ? "show" : "hide", answer: a.id }) });
        const pin = el("button", { type: "button", text: a.pinned ? "Unpin" : "Pin", onclick: () => act("/f/api/answer", { action: a.pinned ? "unpin" : "pin", answer: a.id }) });
        list.append(el("li", { class: a.hidden ? "hidden-answer" : (a.pinned ? "pinned" : "") },
          el("p", { class: "text", text: a.text }),
          el("p", { class: "meta", text: `${ROLE_LABEL[a.role] || a.role} · ${a.votes} votes${a.hidden ? " · hidden from the room" : ""}${a.pinned ? " · pinned" : ""}` }),
          el("div", { class: "buttons" }, hide, pin)));
      }
      box.replaceChildren(list);
      return true;  // the wall replaces the results on the console
    },
  };

  // A timed activity has nothing to answer and no results: the countdown and the flags say it all.
  const timer = { results: () => el("p", {}) };

  Object.assign(Room.kinds, { open, poll, scale, wordcloud, timer });
})();
