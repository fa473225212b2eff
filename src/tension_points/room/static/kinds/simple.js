// The simple kinds' renderers: the answer wall, polls, 1-5 scales, word clouds and the timer.
// Their phone forms, their results on every screen (all roles, one role, or split by role)
// and the wall's moderation on the console. Everything goes in with textContent (Room.el).
"use strict";
(() => {
  const { el } = Room;

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

  // The groups the server lets the screens show (privacy.py: at least three people behind
  // each): [key, label] pairs, "all" first when the whole room may be shown.
  const shownGroups = (results) => (results.groups || []).filter(([key]) => key !== "all");
  const groupLabel = (results, key) => (Object.fromEntries(results.groups || [])[key]) || "";
  const tooFew = (results) => el("p", { class: "meta too-few", text: `Shown once at least ${results.min_group} people have answered.` });

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
    const [input, counter] = cloud
      ? Room.limitedBox("input", { id: "answer-text", autocomplete: "off" }, activity.max_text)
      : Room.limitedBox("textarea", { id: "answer-text", rows: 4 }, activity.max_text);
    input.value = localStorage.getItem(draft) || "";
    input.updateCount();
    input.addEventListener("input", () => localStorage.setItem(draft, input.value));
    form.append(label, input, counter);
    let sentAt = 0;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = input.value.trim();
      // A double tap on Send: the second tap finds the box just emptied by the first; it is
      // not a mistake to point out under the answer just sent.
      if (!text && Date.now() - sentAt < 3000) return;
      if (!text) { context.status.textContent = "Type something first."; return; }
      if (Room.overLimit(form)) { context.status.textContent = ""; return; }
      context.queue({ text }, text);
      sentAt = Date.now();
      input.value = "";
      input.updateCount();
      localStorage.removeItem(draft);
      input.focus();
    });
    form.append(el("button", { type: "submit", text: "Send" }), context.status);
    return form;
  }

  // --- Polls and scales ----------------------------------------------------------------------

  function pollResults(results, options, labels) {
    labels = labels || results.options;
    if (!results.counts.all) return tooFew(results);
    if (options.split) {
      // One block per group (the whole room, each role shown, the pooled rest): each reads on its own.
      return el("div", { class: "split-groups" }, ...(results.groups || []).map(([key, label]) => {
        const total = results.respondents[key] || 0;
        return el("section", { class: "group" }, el(Room.resultHeading, { text: `${label}: ${total} ${total === 1 ? "answer" : "answers"}` }), bars(labels, results.counts[key], total));
      }));
    }
    const role = results.counts[options.role] ? options.role : "all";
    const total = results.respondents[role] || 0;
    return el("div", {}, bars(labels, results.counts[role], total), el("p", { class: "meta", text: `${total} ${total === 1 ? "answer" : "answers"}${role === "all" ? "" : ` from ${groupLabel(results, role)}`}` }));
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
      if (!results.counts.all) return node;
      const mean = results.means[results.means[options.role] === undefined ? "all" : options.role];
      if (!options.split) node.append(el("p", { class: "meta", text: mean === null || mean === undefined ? "No answers yet" : `Mean ${mean.toFixed(2)}` }));
      return node;
    },
  };

  // --- Word clouds ---------------------------------------------------------------------------

  function cloud(words) {
    const top = words.length ? words[0][1] : 1;
    return el("ul", { class: "cloud" }, ...words.map(([word, n]) => {
      const item = el("li", {}, el("span", { text: word }), el("span", { class: "count", text: ` ${n}` }));
      item.style.setProperty("--weight", String(n / top));  // the size by count: room.css, never smaller than the text
      return item;
    }));
  }

  const wordcloud = {
    splits: true,
    form: (activity, context) => textForm(activity, context, true),
    results(activity, results, options) {
      if (!results.words.all) return tooFew(results);
      if (options.split) {
        return el("div", { class: "split-clouds" }, ...(results.groups || []).map(([key, label]) => el("section", { class: "group" }, el(Room.resultHeading, { text: label }), cloud(results.words[key] || []))));
      }
      const words = results.words[options.role] || results.words.all;
      return words.length ? cloud(words) : el("p", { class: "meta", text: "No words yet" });
    },
  };

  // --- The wall ------------------------------------------------------------------------------

  // A note's role is shown only when the server gives one (privacy.py): a role of one or two
  // people is pooled or left unlabelled.
  function wall(results, options) {
    const { role, split, voting } = options;
    const label = (key) => groupLabel(results, key);
    const shown = results.answers.filter((a) => role === "all" || a.role === role);
    const sorted = [...shown].sort((a, b) => (b.pinned - a.pinned) || (b.votes - a.votes) || (a.id - b.id));
    const item = (a) => el("li", { class: a.pinned ? "pinned" : "" },
      a.pinned ? el("span", { class: "tag", text: "Pinned" }) : null,
      el("p", { class: "text", text: a.text }),
      el("p", { class: "meta" }, a.role ? el("span", { text: label(a.role) }) : null, a.role ? " · " : null,
        el("span", { text: `${a.votes} ${a.votes === 1 ? "vote" : "votes"}` }), voting ? voting(a) : null));
    if (split && shownGroups(results).length) {
      // One list, the notes of each group under its heading, so a screen can page it item by item.
      const groups = shownGroups(results).filter(([key]) => sorted.some((a) => a.role === key));
      const unlabelled = sorted.filter((a) => !a.role);
      const items = [];
      for (const [key, name] of groups) items.push(el("li", { class: "group-heading" }, el(Room.resultHeading, { text: name })), ...sorted.filter((a) => a.role === key).map(item));
      if (unlabelled.length) items.push(el("li", { class: "group-heading" }, el(Room.resultHeading, { text: `Roles with fewer than ${results.min_group} people` })), ...unlabelled.map(item));
      return el("ul", { class: "wall split-wall" }, ...items);
    }
    return sorted.length ? el("ul", { class: "wall" }, ...sorted.map(item)) : el("p", { class: "meta", text: "No answers yet" });
  }

  const open = {
    splits: true,
    form: (activity, context) => textForm(activity, context, false),
    results: (activity, results, options) => wall(results, options),
    // The server's wall deltas: new answers, vote counts, each note's group, pins, hidden answers.
    update(results, delta) {
      if (!results || !results.answers) return results;
      const byId = new Map(results.answers.map((a) => [a.id, a]));
      for (const a of delta.added || []) byId.set(a.id, a);
      for (const [id, votes] of Object.entries(delta.votes || {})) if (byId.has(Number(id))) byId.get(Number(id)).votes = votes;
      for (const [id, role] of Object.entries(delta.roles || {})) if (byId.has(Number(id))) byId.get(Number(id)).role = role;
      for (const [id, pinned] of Object.entries(delta.pinned || {})) if (byId.has(Number(id))) byId.get(Number(id)).pinned = pinned;
      for (const id of delta.hidden || []) byId.delete(id);
      return { ...results, answers: [...byId.values()], groups: delta.groups || results.groups };
    },
    // The console: every answer, hidden ones too, with hide and pin.
    console(box, activity, view, act) {
      const list = el("ul", { id: "wall", class: "wall moderation" });
      for (const a of view.wall) {
        const hide = el("button", { type: "button", text: a.hidden ? "Show" : "Hide", onclick: () => act("/f/api/answer", { action: a.hidden ? "show" : "hide", answer: a.id }) });
        const pin = el("button", { type: "button", text: a.pinned ? "Unpin" : "Pin", onclick: () => act("/f/api/answer", { action: a.pinned ? "unpin" : "pin", answer: a.id }) });
        list.append(el("li", { class: a.hidden ? "hidden-answer" : (a.pinned ? "pinned" : "") },
          el("p", { class: "text", text: a.text }),
          el("p", { class: "meta", text: `${a.role ? `${groupLabel(view.results, a.role)} · ` : ""}${a.votes} votes${a.hidden ? " · hidden from the room" : ""}${a.pinned ? " · pinned" : ""}` }),
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
