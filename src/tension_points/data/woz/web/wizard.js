// The wizard's screen: only the model's view, a timer against the budget, and the answer form.
"use strict";

(function () {
  const token = new URLSearchParams(window.location.search).get("token") || "";
  const headers = { "X-Woz-Token": token };
  const form = document.getElementById("answer-form");
  const button = document.getElementById("answer-button");
  let labelsShown = false;
  let questionKey = null;
  let askedAt = null;
  let budget = 0;

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
      const name = woz.el("label", label.name);
      name.htmlFor = input.id;
      const description = woz.el("span", label.description, "choice-description");
      description.id = "label-description-" + index;
      row.append(input, name, description);
      fieldset.append(row);
    });
    document.getElementById("confidence-row").hidden = !pack.confidence;
  }

  function renderQuestion(question) {
    const box = document.getElementById("request");
    box.hidden = question === null;
    document.getElementById("waiting").hidden = question !== null;
    button.disabled = question === null;
    if (question === null) {
      questionKey = null;
      askedAt = null;
      return;
    }
    if (question.key === questionKey) return;
    questionKey = question.key;
    askedAt = Date.parse(question.asked_at);
    form.reset();
    woz.setText("answer-status", "");
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
    if (state.finished) {
      woz.setText("round", "Session complete");
      woz.setText("round-description", "");
      woz.setText("waiting", "Every item has been answered. The curtain can open.");
      renderQuestion(null);
      return;
    }
    woz.setText("round", "Round " + state.round.number + " of " + state.round.of + ": " + state.round.title);
    woz.setText("round-description", state.round.description);
    renderQuestion(state.question);
  }

  function tickTimer() {
    const timer = document.getElementById("timer");
    if (askedAt !== null) {
      const seconds = Math.max(0, Math.round((Date.now() - askedAt) / 1000));
      const over = seconds > budget;
      timer.textContent = seconds + " s since the question · budget " + budget + " s" + (over ? " · OVER BUDGET" : "");
      timer.classList.toggle("over", over);
    }
    setTimeout(tickTimer, 500);
  }
  tickTimer();

  const poller = woz.poll(
    () => woz.getJSON("/api/wizard/state", headers),
    render,
    (error) => woz.setText("waiting", "Cannot reach the session: " + error.message)
  );

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const chosen = form.querySelector("input[name=label]:checked");
    if (!chosen) {
      woz.setText("answer-status", "Choose a label first.");
      form.querySelector("input[name=label]").focus();
      return;
    }
    const confidenceText = document.getElementById("confidence").value.trim();
    const body = {
      label: chosen.value,
      confidence: confidenceText === "" ? null : Number(confidenceText),
      wish: document.getElementById("wish").value,
    };
    button.disabled = true;
    try {
      await woz.postJSON("/api/wizard/answer", body, headers);
      woz.setText("answer-status", "Sent: " + chosen.value + ". Waiting for the next question…");
    } catch (error) {
      woz.setText("answer-status", "Not sent: " + error.message);
      button.disabled = false;
    }
    poller.refresh();
  });
})();
