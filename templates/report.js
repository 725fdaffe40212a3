(function () {
  "use strict";
  var form = document.getElementById("filters");
  var cards = Array.prototype.slice.call(document.querySelectorAll("#cards .card"));
  var count = document.getElementById("filter-count");
  var texts = null;
  function has(list, value) {
    return (" " + list + " ").indexOf(" " + value + " ") >= 0;
  }
  function apply() {
    var kind = form.elements.kind.value, sev = form.elements.severity.value;
    var outlet = form.elements.outlet.value, article = form.elements.article.value;
    var q = form.elements.q.value.trim().toLowerCase();
    if (q && texts === null) {
      texts = cards.map(function (c) { return c.textContent.toLowerCase(); });
    }
    var shown = 0;
    cards.forEach(function (c, i) {
      var ok = (!kind || c.dataset.kind === kind) && (!sev || c.dataset.severity === sev) &&
        (!outlet || has(c.dataset.outlets, outlet)) &&
        (!article || has(c.dataset.articles, article)) &&
        (!q || texts[i].indexOf(q) >= 0);
      c.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown + " of " + cards.length + " problems shown";
  }
  function openTarget() {
    var el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    for (; el; el = el.parentElement) {
      if (el.tagName === "DETAILS") { el.open = true; }
      if (el.hidden) { el.hidden = false; }
    }
  }
  if (form) {
    form.hidden = false;
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
})();
