// The projector: join code and QR (in the page), the current prompt, the countdown and the
// results once the facilitator reveals them, each one splittable by role.
"use strict";
(() => {
  const { setText } = Room;
  let view = null;
  let split = false;

  async function load() {
    view = await Room.getJSON("/f/api/projector-state");
    render();
    drawStage();
  }

  function onEvent(event) {
    if (!view) return;
    const what = Room.applyEvent(view, event);
    if (what === "activity") load().catch(() => {});
    else if (what !== "kind") render();
    if (event.type === "state") drawStage();  // a reveal may change what the kind shows
  }

  // A kind's own part of the stage, while its activity is on (a game's curtain and debrief).
  function drawStage() {
    const activity = view.state.activity;
    const kind = activity && Room.kinds[activity.kind];
    const stage = document.getElementById("kind-stage");
    stage.hidden = !(kind && kind.stage);
    if (kind && kind.stage) kind.stage(stage, activity);
    else stage.replaceChildren();
  }

  function render() {
    const activity = view.state.activity;
    const segment = view.state.segment;
    // With an activity on screen, the agenda item's name would only compete with it.
    setText("segment-title", segment && !activity ? segment.title : "");
    setText("activity-title", activity ? activity.title : (segment ? segment.title : (view.state.finished ? "Thank you" : "Welcome")));
    setText("activity-meta", activity ? Room.describeActivity(activity) : "");
    setText("activity-prompt", activity ? activity.prompt : "");
    Room.fillParts(document.getElementById("activity-parts"), activity);
    setText("activity-phase", activity && activity.accepts_answers ? Room.phaseText(activity) : "");
    setText("roster", Room.rosterText(view.roster));
    setText("countdown", Room.remaining(view.state.clock));
    const show = Boolean(activity && activity.revealed && view.results && Object.keys(view.results).length);
    const kind = activity && Room.kinds[activity.kind];
    document.getElementById("results-box").hidden = !show;
    document.getElementById("split").hidden = !(kind && kind.splits);  // a survey or a plan has nothing to split
    document.body.classList.toggle("revealed", show);  // results need the room the parts took
    if (show) document.getElementById("results").replaceChildren(Room.renderResults(activity, view.results, { split }));
    Room.renderFlags(document.getElementById("flags"), view.flags, "p");
  }

  document.getElementById("split").addEventListener("click", (event) => {
    split = !split;
    event.currentTarget.setAttribute("aria-pressed", String(split));
    if (view) render();
  });
  setInterval(() => { if (view) setText("countdown", Room.remaining(view.state.clock)); }, 1000);
  let opened = false;
  load().then(() => Room.listen("/f/api/projector-events", onEvent, () => { if (opened) load().catch(() => {}); opened = true; }));
})();
