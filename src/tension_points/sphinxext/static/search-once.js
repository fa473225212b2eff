// Search lists a page once per place in it. Sphinx keeps a page's full-text hit and a hit on
// an index entry of the same page (the anchor of a glossary term, say) as two results with
// the same title, so "RACI" listed "Glossary" twice. Where a page's anchored hit has the
// same title as its plain one, only the anchored one is kept: it goes straight to the place.
document.addEventListener("DOMContentLoaded", function () {
  if (typeof Search === "undefined" || !Search._performSearch) return;
  const perform = Search._performSearch;
  Search._performSearch = function () {
    const results = perform.apply(this, arguments);
    // A result is [docname, title, anchor, description, score, filename, kind].
    const anchored = new Set(results.filter((r) => r[2]).map((r) => r[0] + "\u0000" + r[1]));
    return results.filter((r) => r[2] || !anchored.has(r[0] + "\u0000" + r[1]));
  };
});
