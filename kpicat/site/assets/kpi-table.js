// kpicat: the KPI table's filters and sort order. Sorting itself is tablesort (pinned).
// Every value compared here is a data-* attribute kpicat wrote; nothing is evaluated.
(function () {
  "use strict";
  function setup(box) {
    var table = box.querySelector("table[data-kpicat-table]");
    var form = box.querySelector("form[data-kpicat-filters]");
    if (!table) return;
    if (window.Tablesort) {
      var collator = new Intl.Collator(document.documentElement.lang || "de", { numeric: true });
      if (!window.Tablesort.kpicat) {
        window.Tablesort.extend("intl", function () { return false; }, function (a, b) {
          return collator.compare(b, a);
        });
        window.Tablesort.kpicat = true;
      }
      new window.Tablesort(table);
    }
    if (!form) return;
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-kpicat-filter]"));
    var count = form.querySelector("[data-kpicat-count]");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var visible = selects.every(function (select) {
          return !select.value || row.getAttribute("data-" + select.getAttribute("data-kpicat-filter")) === select.value;
        });
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      if (count) {
        count.textContent = count.getAttribute("data-kpicat-count")
          .replace("{shown}", String(shown)).replace("{total}", String(rows.length));
      }
    }
    selects.forEach(function (select) { select.addEventListener("change", apply); });
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".kpicat-table"), setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
