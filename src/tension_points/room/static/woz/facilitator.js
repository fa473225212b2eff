// The facilitator's screen: each round waits here until the facilitator starts it,
// so the first item of a round is timed from the start, not while the room is still talking.
"use strict";

(function () {
  const release = document.getElementById("release-button");
  let waitingRound = null;

  function render(state) {
    document.title = "Facilitator's screen · " + state.pack.title;
    woz.setText("pack-title", state.pack.title);
    waitingRound = state.awaiting_release;
    release.hidden = waitingRound === null;
    release.disabled = false;
    if (state.finished) {
      woz.setText("round", "Session complete");
      woz.setText("round-description", "");
      woz.setText("state", "Every item has been answered: open the curtain with the debrief of " + state.log + ".");
    } else {
      woz.setText("round", "Round " + state.round.number + " of " + state.round.of + ": " + state.round.title);
      woz.setText("round-description", state.round.description);
      if (waitingRound !== null) {
        release.textContent = "Start round " + waitingRound;
        woz.setText("state", "Paused before round " + waitingRound + ": introduce it, then start it. Nothing is asked or timed until then.");
      } else {
        woz.setText("state", "Item " + state.current_item + ": " + (!state.asked ? "waiting for the user's question."
          : state.shown ? "the wizard is answering." : "asked; not yet on the wizard's screen."));
      }
    }
    const counts = document.getElementById("counts");
    counts.replaceChildren(
      woz.el("li", state.answered + " of " + state.total + " answered"),
      woz.el("li", state.undone + " answers taken back by the wizard"),
      woz.el("li", state.refused + " answers refused from an out-of-date wizard screen"),
      woz.el("li", state.notes + " observer notes"),
    );
  }

  const watcher = woz.watch(
    "api/facilitator/state",
    render,
    (error) => woz.setText("state", "Cannot reach the session: " + error.message)
  );

  release.addEventListener("click", async () => {
    if (waitingRound === null) return;
    release.disabled = true;
    try {
      await woz.postJSON("api/facilitator/release", { round: waitingRound });
      woz.setText("release-status", "Round " + waitingRound + " started.");
    } catch (error) {
      woz.setText("release-status", "Not started: " + error.message);
    }
    watcher.refresh();
  });
})();
