// The surveys and the action plan: their phone forms and their results, one entry per kind
// in Room.kinds. The questions and fields come from the activity, which the server reads
// from data/forms.yaml.
"use strict";
(() => {
  const { el } = Room;

  // --- Shared pieces ---------------------------------------------------------------------

  // The points side by side; what the ends mean is in the legend (the statement's or its group's).
  function scaleChoices(name, points, legend) {
    const row = el("div", { class: "scale-row" });
    for (let n = 1; n <= points; n += 1) {
      row.append(el("label", { class: "choice" }, el("input", { type: "radio", name, value: String(n) }), String(n)));
    }
    return el("fieldset", { class: "scale" }, el("legend", { text: legend }), row);
  }

  const picked = (form, name) => {
    const input = form.querySelector(`input[name="${CSS.escape(name)}"]:checked`);
    return input ? Number(input.value) : null;
  };

  const number = (n) => (n === null || n === undefined ? "–" : n.toFixed(2));

  // In a region of its own that scrolls sideways if it must, so a narrow phone's page never does.
  function table(caption, headers, rows) {
    return el("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": caption },
      el("table", { class: "split" }, el("caption", { text: caption }),
        el("thead", {}, el("tr", {}, ...headers.map((h) => el("th", { scope: "col", text: h })))),
        el("tbody", {}, ...rows.map((cells) => el("tr", {}, el("th", { scope: "row", text: cells[0] }), ...cells.slice(1).map((c) => el("td", { text: c })))))));
  }
  const together = (text) => text.replace(/ /g, "\u00a0");  // "3.00 → 3.57" and "up 0.57" never split

  // --- The survey ------------------------------------------------------------------------

  function surveyQuestion(question) {
    const id = `q-${question.id}`;
    if (question.kind === "choice") {
      const set = el("fieldset", {}, el("legend", { text: question.text }));
      question.options.forEach((option, i) => set.append(el("label", { class: "choice" }, el("input", { type: "radio", name: id, value: String(i) }), ` ${option}`)));
      return set;
    }
    if (question.kind === "text") {
      const [box, counter] = Room.limitedBox("textarea", { id, rows: Math.max(2, question.lines + 1) }, 500);
      return el("div", {}, el("label", { for: id, text: question.text }), box, counter);
    }
    if (question.kind === "scale") return scaleChoices(id, question.points, `${question.text} (1 = ${question.low}, ${question.points} = ${question.high})`);
    // The self-assessment: one scale per "I can..." statement, the same scale before and after.
    const set = el("fieldset", { class: "self-assessment" }, el("legend", { text: `${question.text} (1 = ${question.low}, ${question.points} = ${question.high})` }));
    for (const statement of question.statements) {
      set.append(scaleChoices(`${id}-${statement.id}`, question.points, `I can ${statement.text}`));
    }
    return set;
  }

  // A stored survey back in the form, so sending it again changes only what was changed.
  function fillSurvey(form, activity, answers) {
    const check = (name, value) => {
      const input = form.querySelector(`input[name="${CSS.escape(name)}"][value="${value}"]`);
      if (input) input.checked = true;
    };
    for (const question of activity.questions) {
      const id = `q-${question.id}`;
      const answer = answers[question.id];
      if (answer === undefined) continue;
      if (question.kind === "text") form.querySelector(`#${CSS.escape(id)}`).value = answer;
      else if (question.kind === "self-assessment") for (const [statement, value] of Object.entries(answer)) check(`${id}-${statement}`, value);
      else check(id, answer);
    }
    form.dataset.filled = "yes";
  }

  function surveyAnswers(form, activity) {
    const answers = {};
    for (const question of activity.questions) {
      const id = `q-${question.id}`;
      if (question.kind === "text") {
        const text = form.querySelector(`#${CSS.escape(id)}`).value.trim();
        if (text) answers[question.id] = text;
      } else if (question.kind === "self-assessment") {
        const values = {};
        for (const statement of question.statements) {
          const value = picked(form, `${id}-${statement.id}`);
          if (value !== null) values[statement.id] = value;
        }
        if (Object.keys(values).length) answers[question.id] = values;
      } else {
        const value = picked(form, id);
        if (value !== null) answers[question.id] = value;
      }
    }
    return answers;
  }

  const survey = {
    form(activity, context) {
      const form = el("form", { id: "answer-form", novalidate: true, "aria-describedby": "survey-intro" });
      form.append(el("p", { id: "survey-intro", class: "hint", text: activity.intro }));
      for (const question of activity.questions) form.append(surveyQuestion(question));
      if (context.mine.length) fillSurvey(form, activity, context.mine[0].body.answers);
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const answers = surveyAnswers(form, activity);
        const count = Object.keys(answers).length;
        if (!count) { context.status.textContent = "Answer at least one question first."; return; }
        if (Room.overLimit(form)) { context.status.textContent = ""; return; }
        context.queue({ answers }, `Survey: ${count} of ${activity.questions.length} questions answered`);
        context.status.textContent = "Survey sent. You can change an answer and send it again.";
      });
      form.append(el("button", { type: "submit", text: "Send the survey" }), context.status);
      return form;
    },
    mine(activity, mine) {
      const form = document.getElementById("answer-form");
      if (form && mine.length && mine[0].body.answers && form.dataset.filled !== "yes") fillSurvey(form, activity, mine[0].body.answers);
    },
    summary(activity, body) {
      return `Survey: ${Object.keys(body.answers || {}).length} of ${activity.questions.length} questions answered`;
    },
    results(activity, results) {
      const assessment = activity.questions.find((q) => q.kind === "self-assessment");
      const scale = assessment ? ` (1 = ${assessment.low}, ${assessment.points} = ${assessment.high})` : "";
      const box = el("div", { class: "survey-results" }, el("p", { class: "meta", text: `${results.respondents} ${results.respondents === 1 ? "survey" : "surveys"} sent` }));
      if (results.change) {
        // Never colour alone: the direction is a word and a sign as well as an arrow.
        const direction = (r) => (r.change === null ? (r.both ? `not shown: fewer than ${results.min_group} answered both` : "no pairs yet")
          : r.change > 0 ? `up ${r.change.toFixed(2)}` : r.change < 0 ? `down ${Math.abs(r.change).toFixed(2)}` : "no change");
        box.append(table(`Confidence before → after${scale}`, ["I can…", "Before → after", "Change", "Answered both"],
          results.change.map((r) => [r.text, r.before === null ? "–" : together(`${number(r.before)} → ${number(r.after)}`), r.change === null ? direction(r) : together(direction(r)), String(r.both)])));
      } else if (results.statements.length) {
        box.append(table(`Confidence now${scale}`, ["I can…", "Mean", "Answered"],
          results.statements.map((r) => [r.text, r.mean === null && r.answered ? `not shown: fewer than ${results.min_group}` : number(r.mean), String(r.answered)])));
      }
      return box;
    },
  };

  // --- The action plan -------------------------------------------------------------------

  function planLinks(activity) {
    const base = `/p/api/plan/${encodeURIComponent(activity.id)}`;
    return el("p", { id: "plan-downloads", class: "buttons" },
      el("a", { href: `${base}/markdown`, download: "action-plan.md", text: "Download my plan (Markdown)" }),
      el("a", { href: `${base}/page`, target: "_blank", rel: "noopener", text: "Open my plan as a printable page" }));
  }

  function fillPlan(form, activity, body) {
    for (const field of activity.fields) form.querySelector(`#plan-${CSS.escape(field.id)}`).value = body.fields[field.id] || "";
    form.querySelector("#plan-share-name").checked = Boolean(body.name);
    form.querySelector("#plan-name").value = body.name || "";
    form.dataset.filled = "yes";
  }

  const plan = {
    form(activity, context) {
      const form = el("form", { id: "answer-form", novalidate: true, "aria-describedby": "plan-intro" });
      form.append(el("p", { id: "plan-intro", class: "hint", text: activity.intro }));
      for (const field of activity.fields) {
        const id = `plan-${field.id}`;
        const hint = field.hint ? el("p", { id: `${id}-hint`, class: "hint", text: field.hint }) : null;
        const [box, counter] = Room.limitedBox("textarea", { id, rows: field.lines + 1, "aria-describedby": hint ? `${id}-hint` : null }, activity.max_text);
        form.append(...[el("label", { for: id, text: field.text }), hint, box, counter].filter(Boolean));  // no hint: nothing, not "null"
      }
      const share = el("input", { type: "checkbox", id: "plan-share-name" });
      const [name, nameCount] = Room.limitedBox("input", { id: "plan-name", autocomplete: "name" }, activity.max_name);
      form.append(
        el("label", { class: "choice", for: "plan-share-name" }, share, " Put my name on it (the facilitator's record shows it only if this is ticked)"),
        el("label", { for: "plan-name", text: "Name to put on it" }), name, nameCount);
      if (context.mine.length) fillPlan(form, activity, context.mine[0].body);
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const fields = {};
        for (const field of activity.fields) {
          const text = form.querySelector(`#plan-${CSS.escape(field.id)}`).value.trim();
          if (text) fields[field.id] = text;
        }
        if (!Object.keys(fields).length) { context.status.textContent = "Write at least one line first."; return; }
        if (Room.overLimit(form)) { context.status.textContent = ""; return; }
        if (share.checked && !name.value.trim()) { context.status.textContent = "Type the name to put on it, or untick the box."; name.focus(); return; }
        context.queue({ fields, share_name: share.checked, name: share.checked ? name.value.trim() : null }, plan.summary(activity, { fields }));
        context.status.textContent = "Plan saved. You can edit it and save it again.";
      });
      form.append(el("button", { type: "submit", text: "Save my plan" }), context.status);
      return form;
    },
    summary(activity, body) {
      const written = Object.keys(body.fields || {}).length;
      return `Your plan: ${written} of ${activity.fields.length} lines written`;
    },
    // After the list of the participant's answers is drawn: the downloads, once a plan is stored.
    mine(activity, mine) {
      const box = document.getElementById("my-answers-box");
      const old = document.getElementById("plan-downloads");
      if (old) old.remove();
      if (mine.length) box.append(planLinks(activity));
      const form = document.getElementById("answer-form");
      if (form && mine.length && form.dataset.filled !== "yes") fillPlan(form, activity, mine[0].body);
    },
    results(activity, results) {
      return el("p", { class: "meta", text: `${results.plans} ${results.plans === 1 ? "plan" : "plans"} written (plans stay with their writers; the export holds them)` });
    },
  };

  Object.assign(Room.kinds, { survey, plan });
})();
