/* What the theme leaves out: keyboard access on small screens and to wide content,
   and a search page that works when the site is opened straight from disk. */
(function () {
  "use strict";

  /* Opened from disk (file://), a browser refuses to fetch other pages, which Sphinx's
     search does to show a summary under each result: list the results without them. */
  if (window.location.protocol === "file:" && typeof DOCUMENTATION_OPTIONS !== "undefined") {
    DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false;
  }

  /* Content that scrolls sideways (wide code, outputs, tables, diagrams) gets a tab stop when
     it overflows, so it can be scrolled with the arrow keys. */
  var SCROLLERS = "pre, .table-wrapper, .cell_output .output, div.highlight, .tp-diagram-scroll";

  /* A diagram shrunk to a phone's width had labels about 5 pixels high. Each diagram keeps at
     least this share of the size it was drawn at (its width attribute, or the image's own
     width), and the box around it scrolls sideways instead. */
  var DIAGRAMS = "img.graphviz, .cell_output img, figure img";
  var SMALLEST_SCALE = 0.7;

  function keepReadable(image) {
    var drawn = parseFloat(image.getAttribute("width")) || image.naturalWidth;
    if (!drawn) return;
    image.style.minWidth = Math.round(drawn * SMALLEST_SCALE) + "px";
    if (image.parentElement) image.parentElement.classList.add("tp-diagram-scroll");
  }

  function keepDiagramsReadable() {
    var images = document.querySelectorAll(DIAGRAMS);
    for (var i = 0; i < images.length; i++) {
      var image = images[i];
      if (image.complete) keepReadable(image);
      else image.addEventListener("load", function (event) { keepReadable(event.target); updateScrollers(); });
    }
  }

  function updateScrollers() {
    var regions = document.querySelectorAll(SCROLLERS);
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

  /* On narrow screens Furo opens the navigation and the page contents from icons that are
     <label>s of hidden checkboxes: reachable by mouse only. Make each icon a button. */
  var DRAWERS = [
    { icon: "label.nav-overlay-icon", box: "__navigation", name: "Site navigation", drawer: ".sidebar-drawer" },
    { icon: "label.toc-overlay-icon", box: "__toc", name: "Contents of this page", drawer: ".toc-drawer" }
  ];

  function setUpDrawer(spec) {
    var box = document.getElementById(spec.box);
    if (!box) return;
    var icons = document.querySelectorAll(spec.icon);
    var drawer = document.querySelector(spec.drawer);

    function sync() {
      for (var i = 0; i < icons.length; i++) icons[i].setAttribute("aria-expanded", box.checked ? "true" : "false");
    }
    function set(open, returnTo) {
      box.checked = open;
      box.dispatchEvent(new Event("change", { bubbles: true }));
      sync();
      if (open && drawer) {
        var first = drawer.querySelector("input, a[href], button");
        if (first) window.setTimeout(function () { first.focus(); }, 50);
      } else if (returnTo) {
        returnTo.focus();
      }
    }

    for (var i = 0; i < icons.length; i++) {
      var icon = icons[i];
      icon.setAttribute("role", "button");
      icon.setAttribute("tabindex", "0");
      icon.setAttribute("aria-label", spec.name);
      icon.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          set(!box.checked);
        }
      });
    }
    box.addEventListener("change", sync);
    sync();
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && box.checked) {
        var visible = null;
        for (var i = 0; i < icons.length; i++) if (icons[i].offsetParent !== null) visible = icons[i];
        set(false, visible);
      }
    });
  }

  function start() {
    keepDiagramsReadable();
    updateScrollers();
    DRAWERS.forEach(setUpDrawer);
  }

  var pending = null;
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  window.addEventListener("load", updateScrollers);
  window.addEventListener("resize", function () {
    if (pending) window.clearTimeout(pending);
    pending = window.setTimeout(updateScrollers, 150);
  });
})();
