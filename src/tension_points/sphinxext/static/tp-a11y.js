/* Keyboard access to content that scrolls sideways (wide code, outputs and tables):
   a region that overflows gets a tab stop, so it can be scrolled with the arrow keys. */
(function () {
  "use strict";
  var SELECTOR = "pre, .table-wrapper, .cell_output .output, div.highlight, .tp-scroll";

  function update() {
    var regions = document.querySelectorAll(SELECTOR);
    for (var i = 0; i < regions.length; i++) {
      var region = regions[i];
      var overflows = region.scrollWidth > region.clientWidth + 1 || region.scrollHeight > region.clientHeight + 1;
      if (overflows && !region.hasAttribute("tabindex")) {
        region.setAttribute("tabindex", "0");
        region.setAttribute("data-tp-scroll", "");
      } else if (!overflows && region.hasAttribute("data-tp-scroll")) {
        region.removeAttribute("tabindex");
        region.removeAttribute("data-tp-scroll");
      }
    }
  }

  var pending = null;
  function later() {
    if (pending) window.clearTimeout(pending);
    pending = window.setTimeout(update, 150);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", update);
  else update();
  window.addEventListener("load", update);
  window.addEventListener("resize", later);
})();
