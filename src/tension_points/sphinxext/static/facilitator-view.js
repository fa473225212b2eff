/* Facilitator view: shows or hides facilitator notes on every page.
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

  function label(button, on) {
    var notes = document.querySelectorAll(".tp-facilitator-note").length;
    var count = notes === 1 ? "1 note on this page" : notes + " notes on this page";
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.textContent = "Facilitator view: " + (on ? "on" : "off") + " (" + count + ")";
  }

  function addToggle() {
    if (!document.querySelector(".tp-facilitator-note")) return; // nothing to show on this page
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
    });
    article.insertBefore(button, article.firstChild);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", addToggle);
  else addToggle();
})();
