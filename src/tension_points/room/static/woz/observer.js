// The observer's screen: what both sides see (never the truth), and a box for notes.
// Notes are stamped by the server; the times shown are the server's, in UTC.
"use strict";

(function () {
  const form = document.getElementById("note-form");
  const note = document.getElementById("note");
  const button = document.getElementById("note-button");

  function where(round, item) {
    return round === null ? "between items" : "round " + round + ", " + item;
  }

  function render(state) {
    document.title = "Observer's screen · " + state.pack.title;
    woz.setText("pack-title", state.pack.title);
    woz.setText("round", state.finished ? "Session complete"
      : "Round " + state.round.number + " of " + state.round.of + ": " + state.round.title + " · " + state.answered + " of " + state.total + " answered");
    const current = state.current;
    if (current === null) {
      woz.setText("now", "Every item has been answered.");
    } else if (state.awaiting_release !== null) {
      woz.setText("now", "Waiting for the facilitator to start round " + current.round + ".");
    } else {
      woz.setText("now", "Item " + current.item + (current.question === null ? ": the user has not asked yet." : ": waiting for the wizard."));
    }
    woz.setText("user-sees", current === null ? "" : current.user_sees);
    woz.setText("question", current === null || current.question === null ? "(not asked yet)" : current.question);
    const fields = document.getElementById("fields");
    fields.replaceChildren();
    if (current !== null) current.fields.forEach((field) => fields.append(woz.el("dt", field.label), woz.el("dd", field.value)));

    const answers = document.getElementById("answers");
    answers.replaceChildren();
    state.answers.forEach((answer) => {
      let text = where(answer.round, answer.item) + ": " + answer.label;
      if (answer.confidence !== null) text += ", confidence " + woz.percent(answer.confidence);
      text += ", " + answer.latency_seconds + " s (asked: " + answer.question + ")";
      answers.append(woz.el("li", text));
    });
    const notes = document.getElementById("notes");
    notes.replaceChildren();
    state.notes.forEach((entry) => {
      const item = woz.el("li");
      item.append(woz.el("span", entry.time.slice(11, 19) + " UTC, " + where(entry.round, entry.item) + ": ", "note-when"));
      item.append(document.createTextNode(entry.text));
      notes.append(item);
    });
  }

  const watcher = woz.watch(
    "api/observer/state",
    render,
    (error) => woz.setText("now", "Cannot reach the session: " + error.message)
  );

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!note.value.trim()) {
      woz.setText("note-status", "Type a note first.");
      note.focus();
      return;
    }
    button.disabled = true;
    try {
      await woz.postJSON("api/observer/note", { text: note.value });
      note.value = "";
      woz.setText("note-status", "Note added.");
    } catch (error) {
      woz.setText("note-status", "Not added: " + error.message + " (your text is kept)");
    }
    button.disabled = false;
    watcher.refresh();
  });
})();
