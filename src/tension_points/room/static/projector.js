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
  }

  function onEvent(event) {
    if (!view) return;
    const activity = view.state.activity;
    if (event.type === "state") { view.state = event.state; view.results = event.results; if (!activity || !event.state.activity || activity.id !== event.state.activity.id) load().catch(() => {}); }
    else if (event.type === "results" && activity && event.activity === activity.id) view.results = event.results;
    else if (event.type === "wall" && activity && event.activity === activity.id) view.results = Room.applyWall(view.results, event);
    else if (event.type === "flags") view.flags = event.flags;
    else if (event.type === "roster") view.roster = event.roster;
    render();
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
    setText("countdown", Room.remaining(segment));
    const show = Boolean(activity && activity.revealed && view.results && activity.kind !== "timer");
    document.getElementById("results-box").hidden = !show;
    document.getElementById("split").hidden = Boolean(activity && Room.kinds[activity.kind]);  // a survey or plan has no split
    document.body.classList.toggle("revealed", show);  // results need the room the parts took
    if (show) document.getElementById("results").replaceChildren(Room.renderResults(activity, view.results, "all", split, null));
    Room.renderFlags(document.getElementById("flags"), view.flags, "p");
  }

  document.getElementById("split").addEventListener("click", (event) => {
    split = !split;
    event.currentTarget.setAttribute("aria-pressed", String(split));
    if (view) render();
  });
  setInterval(() => { if (view) setText("countdown", Room.remaining(view.state.segment)); }, 1000);
  let opened = false;
  load().then(() => Room.listen("/f/api/projector-events", onEvent, () => { if (opened) load().catch(() => {}); opened = true; }));
})();
