// The wizard's screen: only the model's view, a timer against the budget, and the answer form.
// The answer names the round and item this screen showed, so a stale screen is refused, never
// applied to another item. The timer counts from the server's measure, not this computer's clock.
"use strict";

(function () {
  const form = document.getElementById("answer-form");
  const button = document.getElementById("answer-button");
  const undo = document.getElementById("undo-button");
  let labelsShown = false;
  let shown = null; // the question on screen: {round, item, key}
  let lastAnswer = null;
  let timerBase = null; // {elapsed: seconds measured by the server, at: performance.now() when received}
  let budget = 0;
  let statusForNextQuestion = ""; // said once the question is drawn again (after an undo)

  function renderLabels(pack) {
    if (labelsShown) return;
    labelsShown = true;
    const fieldset = document.getElementById("labels");
    pack.labels.forEach((label, index) => {
      // The radio's name is the label alone; its meaning is read out as the description.
      const row = woz.el("div", null, "choice");
      const input = document.createElement("input");
      input.type = "radio";
      input.name = "label";
      input.value = label.name;
      input.id = "label-" + index;
      input.setAttribute("aria-describedby", "label-description-" + index);
      input.setAttribute("aria-keyshortcuts", String(index + 1));
      const key = woz.el("kbd", String(index + 1), "key");
      key.setAttribute("aria-hidden", "true");
      const name = woz.el("label", label.name);
      name.htmlFor = input.id;
      const description = woz.el("span", label.description, "choice-description");
      description.id = "label-description-" + index;
      row.append(input, key, name, description);
      fieldset.append(row);
    });
    woz.setText("last-key", String(pack.labels.length));
    document.getElementById("confidence-row").hidden = !pack.confidence;
  }

  function renderQuestion(question) {
    const box = document.getElementById("request");
    box.hidden = question === null;
    document.getElementById("waiting").hidden = question !== null;
    button.disabled = question === null;
    if (question === null) {
      shown = null;
      timerBase = null;
      return;
    }
    timerBase = { elapsed: question.elapsed_seconds || 0, at: performance.now() };
    if (shown !== null && question.key === shown.key) return;
    shown = { round: question.round, item: question.item, key: question.key };
    form.reset();
    woz.setText("answer-status", statusForNextQuestion);
    statusForNextQuestion = "";
    woz.setText("question-text", question.text);
    const fields = document.getElementById("fields");
    fields.replaceChildren();
    question.fields.forEach((field) => fields.append(woz.el("dt", field.label), woz.el("dd", field.value)));
  }

  function render(state) {
    document.title = "Wizard's screen · " + state.pack.title;
    budget = state.pack.budget_seconds;
    woz.setText("pack-title", state.pack.title);
    woz.setText("model-view", state.pack.model_view);
    renderLabels(state.pack);
    woz.setText("progress", state.answered + " of " + state.total + " answered");
    lastAnswer = state.last_answer;
    undo.disabled = lastAnswer === null;
    undo.textContent = lastAnswer === null ? "Undo my last answer"
      : "Undo my last answer (" + lastAnswer.item + ": " + lastAnswer.label + ")";
    if (state.finished) {
      woz.setText("round", "Session complete");
      woz.setText("round-description", "");
      woz.setText("waiting", "Every item has been answered. The curtain can open.");
      renderQuestion(null);
      return;
    }
    woz.setText("round", "Round " + state.round.number + " of " + state.round.of + ": " + state.round.title);
    woz.setText("round-description", state.round.description);
    woz.setText("waiting", state.awaiting_release !== null
      ? "Waiting for the facilitator to start round " + state.round.number + "."
      : "Waiting for the user's question…");
    renderQuestion(state.question);
  }

  function tickTimer() {
    const timer = document.getElementById("timer");
    if (timerBase !== null) {
      const seconds = Math.floor(timerBase.elapsed + (performance.now() - timerBase.at) / 1000);
      const over = seconds > budget;
      timer.textContent = seconds + " s since the question · budget " + budget + " s" + (over ? " · OVER BUDGET" : "");
      timer.classList.toggle("over", over);
    } else {
      timer.textContent = "";
      timer.classList.remove("over");
    }
    setTimeout(tickTimer, 250);
  }
  tickTimer();

  const watcher = woz.watch(
    "api/wizard/state",
    render,
    (error) => woz.setText("waiting", "Cannot reach the session: " + error.message)
  );

  function showConflict(message) {
    const conflict = document.getElementById("conflict");
    conflict.hidden = message === null;
    conflict.textContent = message === null ? "" : message + " This screen now shows the current state.";
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const chosen = form.querySelector("input[name=label]:checked");
    if (shown === null) return;
    if (!chosen) {
      woz.setText("answer-status", "Choose a label first (keys 1 to " + form.querySelectorAll("input[name=label]").length + ").");
      form.querySelector("input[name=label]").focus();
      return;
    }
    const confidenceText = document.getElementById("confidence").value.trim();
    const body = {
      round: shown.round,
      item: shown.item,
      label: chosen.value,
      confidence: confidenceText === "" ? null : Number(confidenceText),
      wish: document.getElementById("wish").value,
    };
    button.disabled = true;
    try {
      await woz.postJSON("api/wizard/answer", body);
      showConflict(null);
      woz.setText("answer-status", "Sent: " + chosen.value + " for item " + body.item + ". Waiting for the next question…");
    } catch (error) {
      if (error.conflict) {
        showConflict(error.message);
        shown = null; // draw whatever is current afresh
      } else {
        woz.setText("answer-status", "Not sent: " + error.message);
        button.disabled = false;
      }
    }
    watcher.refresh();
  });

  undo.addEventListener("click", async () => {
    if (lastAnswer === null) return;
    // The event stream can redraw the screen while the request is out, moving lastAnswer on to
    // the answer before; the message names the answer that was taken back.
    const takenBack = lastAnswer;
    undo.disabled = true;
    // The question comes back drawn afresh, by whichever redraw comes first. Forgetting what is
    // shown only after the reply would undo a redraw that already came, and Send would then do nothing.
    shown = null;
    try {
      await woz.postJSON("api/wizard/undo", { round: takenBack.round, item: takenBack.item });
      showConflict(null);
      statusForNextQuestion = "Took back your answer for item " + takenBack.item + ": answer it again.";
      woz.setText("answer-status", statusForNextQuestion);
    } catch (error) {
      if (error.conflict) showConflict(error.message);
      else woz.setText("answer-status", "Not undone: " + error.message);
    }
    watcher.refresh();
  });

  // Number keys choose a label, except while typing a number or a wish.
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (target instanceof HTMLTextAreaElement || (target instanceof HTMLInputElement && target.type !== "radio")) return;
    const radios = form.querySelectorAll("input[name=label]");
    const index = Number(event.key) - 1;
    if (!/^[1-9]$/.test(event.key) || index >= radios.length || button.disabled) return;
    event.preventDefault();
    radios[index].checked = true;
    radios[index].focus();
  });
})();
