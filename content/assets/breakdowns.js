// An indicator by one of its breakdowns (sex, age group, weapon), chosen by the reader: without JavaScript the
// page shows the indicator's own trend and then each breakdown's chart and table in turn; with it, a choice
// above the chart shows one of them in its place (its static chart, table and downloads, drawn at build
// time), the others hidden. The choice is kept in the URL (?breakdown=sex), so a shared link or a reload
// shows the same one.
(function () {
  "use strict";
  var form = document.getElementById("choose-breakdown");
  if (!form) return;
  var parts = Array.prototype.slice.call(document.querySelectorAll(".sap-breakdown"));
  var choices = Array.prototype.slice.call(form.querySelectorAll("input[name=breakdown]"));
  var wanted = new URLSearchParams(location.search).get("breakdown") || "";
  if (!choices.some(function (c) { return c.value === wanted; })) wanted = "";
  choices.forEach(function (c) { c.checked = c.value === wanted; });
  function apply() {
    var chosen = choices.filter(function (c) { return c.checked; })[0].value;
    parts.forEach(function (p) { p.hidden = p.dataset.breakdown !== chosen; });
    var q = new URLSearchParams(location.search);
    if (chosen) q.set("breakdown", chosen); else q.delete("breakdown");
    history.replaceState(null, "", location.pathname + (q.toString() ? "?" + q : "") + location.hash);
  }
  form.addEventListener("change", apply);
  form.hidden = false;
  apply();
})();
