// A comparison's cities and views, chosen by the reader. Without JavaScript the page shows every comparable
// city on the line chart and on the latest-value bars (static SVGs) and in the table; with it:
// - a checkbox per city adds or removes it from the table and from both charts, then drawn interactively with
//   only the chosen cities (charts.js);
// - a view (chart, latest value, table) shows one of them at a time;
// - "relative change since" a year redraws the line chart as each city's change in per cent since that year.
// The choices are kept in the URL (?cities=cali,saopaulo&view=latest&since=2015), so a shared link or a reload
// shows the same selection.
(function () {
  "use strict";
  var slice = function (list) { return Array.prototype.slice.call(list); };
  var form = document.getElementById("choose-cities");
  if (!form) return;
  var boxes = slice(form.querySelectorAll("input[name=city]"));
  var rows = slice(document.querySelectorAll("tr[data-city]"));
  var figs = slice(document.querySelectorAll(".sap-view figure.sap-figure[data-spec]"));
  var viewForm = document.getElementById("choose-view");
  var views = viewForm ? slice(viewForm.querySelectorAll("input[name=view]")) : [];
  var parts = slice(document.querySelectorAll(".sap-view"));
  var sinceForm = document.getElementById("choose-since");
  var relative = sinceForm && sinceForm.querySelector("input[name=relative]");
  var year = sinceForm && sinceForm.querySelector("select[name=since]");
  var q0 = new URLSearchParams(location.search);

  var wanted = q0.get("cities");
  if (wanted !== null) {
    var slugs = wanted.split(",");
    boxes.forEach(function (b) { b.checked = slugs.indexOf(b.value) >= 0; });
  }
  var view = q0.get("view");
  if (views.some(function (v) { return v.value === view; })) views.forEach(function (v) { v.checked = v.value === view; });
  var since = q0.get("since");
  if (year && since !== null && slice(year.options).some(function (o) { return o.value === since; })) {
    year.value = since;
    relative.checked = true;
  }

  function chosen() { return boxes.filter(function (b) { return b.checked; }); }
  function chosenView() {
    var v = views.filter(function (x) { return x.checked; })[0];
    return v ? v.value : "";
  }
  function sinceYear() { return relative && relative.checked ? year.value : ""; }
  function all() { return JSON.stringify(boxes.map(function (b) { return b.dataset.name; })); }

  // each figure drawn anew only when it is on screen and what it should show changed
  figs.forEach(function (f) { f.dataset.shown = all() + "|"; });
  function sync(fig) {
    if (fig.closest(".sap-view").hidden || !window.SAP || !window.SAP.redraw) return;
    var keep = JSON.stringify(chosen().map(function (b) { return b.dataset.name; }));
    var from = fig.id.indexOf("compare-") === 0 ? sinceYear() : "";
    if (fig.dataset.shown === keep + "|" + from) return;
    fig.dataset.shown = keep + "|" + from;
    fig.dataset.keep = keep;
    if (from) {
      fig.dataset.since = from;
      fig.dataset.sinceAxis = year.dataset.axis.replace("{year}", from);
    } else {
      delete fig.dataset.since;
    }
    window.SAP.redraw(fig);
  }

  function apply() {
    var slugs = chosen().map(function (b) { return b.value; });
    rows.forEach(function (r) { r.hidden = slugs.indexOf(r.dataset.city) < 0; });
    var current = chosenView();
    if (views.length) parts.forEach(function (p) { p.hidden = p.dataset.view !== current; });
    var q = new URLSearchParams(location.search);
    if (slugs.length === boxes.length) q.delete("cities"); else q.set("cities", slugs.join(","));
    if (!current || current === "chart") q.delete("view"); else q.set("view", current);
    if (sinceYear()) q.set("since", sinceYear()); else q.delete("since");
    history.replaceState(null, "", location.pathname + (q.toString() ? "?" + q : "") + location.hash);
    figs.forEach(sync);
  }
  [form, viewForm, sinceForm].forEach(function (f) {
    if (!f) return;
    f.addEventListener("change", apply);
    f.hidden = false;
  });
  apply();  // charts.js, deferred before this script, has run
})();
