/* Facilitator view: shows or hides facilitator notes on every page, and opens the room's steps
   of each activity (a learner reads what to do alone first).
   The choice is remembered across pages; ?view=facilitator in a link turns it on. */
(function () {
  "use strict";
  var STORAGE_KEY = "tension-points-facilitator-view";
  var root = document.documentElement;

  function remembered() {
    try { return window.localStorage.getItem(STORAGE_KEY) === "on"; } catch (e) { return false; }
  }
  function remember(on) {
    try { window.localStorage.setItem(STORAGE_KEY, on ? "on" : "off"); } catch (e) { /* private mode */ }
  }
  function requested() {
    return new URLSearchParams(window.location.search).get("view") === "facilitator";
  }

  root.classList.add("tp-js");
  if (requested() || remembered()) root.classList.add("tp-facilitator-view");

  /* Off, the button says no more than its name: a learner's page carries no count of notes
     meant for someone else. On, it says so and how many notes the page holds. */
  function label(button, on) {
    var notes = document.querySelectorAll(".tp-facilitator-note").length;
    var count = notes === 1 ? "1 note on this page" : notes + " notes on this page";
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.textContent = on ? "Facilitator view: on (" + count + ")" : "Facilitator view";
  }

  function addToggle() {
    if (!document.querySelector(".tp-facilitator-note, .tp-facilitator-only")) return; // nothing to show on this page
    var article = document.querySelector("article[role=main]") || document.querySelector("main") || document.body;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "tp-facilitator-toggle";
    button.title = "Show or hide the notes for workshop facilitators";
    label(button, root.classList.contains("tp-facilitator-view"));
    button.addEventListener("click", function () {
      var on = root.classList.toggle("tp-facilitator-view");
      remember(on);
      label(button, on);
      document.querySelectorAll(".tp-in-a-room").forEach(function (room) { room.open = on; });
    });
    article.insertBefore(button, article.firstChild);
  }

  /* Read alone, an activity starts with what to do alone: its "On your own" box comes right
     after the prompt, and the room's steps follow, folded under "In a room" (opened when the
     facilitator view is switched on). A page opened in the facilitator view keeps the page's own
     order, room first, as print and the handbook do. */
  function soloFirst() {
    if (root.classList.contains("tp-facilitator-view")) return;  // a facilitator reads the room's steps first
    document.querySelectorAll(".tp-activity").forEach(function (activity) {
      var alone = activity.querySelector(":scope > .tp-on-your-own");
      var prompt = activity.querySelector(":scope > .tp-activity-prompt");
      if (!alone || !prompt || !(prompt.compareDocumentPosition(alone) & Node.DOCUMENT_POSITION_FOLLOWING)) return;
      var room = document.createElement("details");
      room.className = "tp-in-a-room";
      var summary = document.createElement("summary");
      summary.textContent = "In a room: the steps and how a workshop runs it";
      room.appendChild(summary);
      while (prompt.nextElementSibling && prompt.nextElementSibling !== alone) room.appendChild(prompt.nextElementSibling);
      if (room.children.length === 1) return;  // nothing for a room between the prompt and the box
      prompt.after(alone, room);
    });
  }

  function ready() { soloFirst(); addToggle(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
