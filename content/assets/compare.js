// A comparison's cities, chosen by the reader: without JavaScript the page shows every comparable city on
// the chart (the static SVG) and in the table; with it, a checkbox per city adds or removes it from the table
// and from the chart, which is then drawn interactively with only the chosen cities (charts.js). The choice
// is kept in the URL (?cities=cali,saopaulo), so a shared link or a reload shows the same selection.
(function () {
  "use strict";
  var form = document.getElementById("choose-cities");
  if (!form) return;
  var fig = document.querySelector("figure.sap-figure[data-spec]");
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name=city]"));
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-city]"));
  var wanted = new URLSearchParams(location.search).get("cities");
  if (wanted !== null) {
    var slugs = wanted.split(",");
    boxes.forEach(function (b) { b.checked = slugs.indexOf(b.value) >= 0; });
  }
  function apply(redraw) {
    var chosen = boxes.filter(function (b) { return b.checked; });
    var slugs = chosen.map(function (b) { return b.value; });
    rows.forEach(function (r) { r.hidden = slugs.indexOf(r.dataset.city) < 0; });
    var q = new URLSearchParams(location.search);
    if (chosen.length === boxes.length) q.delete("cities"); else q.set("cities", slugs.join(","));
    history.replaceState(null, "", location.pathname + (q.toString() ? "?" + q : "") + location.hash);
    if (!fig || !window.SAP || !window.SAP.redraw) return;
    if (chosen.length === boxes.length && !redraw) return;  // the static chart shows them all
    fig.dataset.keep = JSON.stringify(chosen.map(function (b) { return b.dataset.name; }));
    window.SAP.redraw(fig);
  }
  form.addEventListener("change", function () { apply(true); });
  form.hidden = false;
  if (wanted !== null) apply(false);  // charts.js, deferred before this script, has run
})();
