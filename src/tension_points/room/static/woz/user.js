// The user's screen: what the product shows, a box to ask, and the answers as they arrive.
"use strict";

(function () {
  let shownItem = null;
  const form = document.getElementById("ask-form");
  const question = document.getElementById("question");
  const button = document.getElementById("ask-button");

  function renderAnswers(history) {
    const list = document.getElementById("answers");
    list.replaceChildren();
    history.slice().reverse().forEach((entry) => {
      const item = woz.el("li");
      item.append(woz.el("p", "You asked: " + entry.question, "asked"));
      const reply = woz.el("p", "The product answered: ", "reply");
      reply.append(woz.el("strong", entry.label));
      let detail = " (" + entry.description + ")";
      if (entry.confidence !== null) detail += ", confidence " + woz.percent(entry.confidence);
      reply.append(document.createTextNode(detail));
      item.append(reply);
      list.append(item);
    });
    document.getElementById("no-answers").hidden = history.length > 0;
  }

  function render(state) {
    document.title = "User's screen · " + state.pack.title;
    woz.setText("pack-title", state.pack.title);
    woz.setText("product-context", state.pack.product_context);
    woz.setText("persona", state.pack.persona.name + ", " + state.pack.persona.role);
    woz.setText("goal", state.pack.persona.goal);
    renderAnswers(state.history);

    const finished = document.getElementById("finished");
    finished.hidden = !state.finished;
    form.hidden = state.finished;
    if (state.finished) {
      woz.setText("progress", "Every item has been answered.");
      woz.setText("user-sees", "");
      woz.setText("status", "");
      woz.setText("finished", "Session complete. Time to open the curtain: the facilitator runs the debrief on " + state.log + ".");
      return;
    }
    const current = state.current;
    woz.setText("progress", "Round " + state.round.number + " of " + state.round.of + " · item " + current.position + " of " + current.total);
    if (state.awaiting_release !== null) {
      // Between rounds the room listens to the facilitator; nothing is asked or timed.
      form.hidden = true;
      woz.setText("user-sees", "");
      woz.setText("status", "Waiting for the facilitator to start round " + state.round.number + ": " + state.round.title + ".");
      return;
    }
    form.hidden = false;
    woz.setText("user-sees", current.user_sees);
    if (shownItem !== current.key) {
      // A new item: offer its usual request, but never overwrite what the user is typing.
      shownItem = current.key;
      question.value = current.request;
    }
    const waiting = state.pending !== null;
    button.disabled = waiting;
    question.readOnly = waiting;
    woz.setText("status", waiting ? "Asked: waiting for the product's answer…" : "Ready: ask your question.");
  }

  const poller = woz.watch(
    "api/user/state",
    render,
    () => woz.setText("status", "Cannot reach the session; is the server still running?")
  );

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!question.value.trim()) {
      woz.setText("status", "Type a question first.");
      question.focus();
      return;
    }
    button.disabled = true;
    try {
      await woz.postJSON("api/user/ask", { text: question.value });
      woz.setText("status", "Asked: waiting for the product's answer…");
    } catch (error) {
      woz.setText("status", "Not sent: " + error.message);
      button.disabled = false;
    }
    poller.refresh();
  });
})();
