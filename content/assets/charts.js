// Interactive charts on top of the static SVG: each figure with data-spec gets its Vega-Lite
// spec drawn by vega-embed (self-hosted in assets/vendor/vega.js, loaded only on pages with
// charts). The static image and the data table stay in the page for readers without JavaScript.
// A chart's "focus" selection (a district or category) is kept in the URL (?<chart id>=<value>),
// so a shared link reproduces the view.
(function () {
  // number formats of the page's language, as in the static SVG (vl-convert's es-ES and en-US)
  var LOCALES = {
    es: {decimal: ",", thousands: ".", grouping: [3], currency: ["", "\u00a0€"]},
    en: {decimal: ".", thousands: ",", grouping: [3], currency: ["$", ""]}
  };
  function focusKey(fig) { return fig.id; }

  function draw(fig) {
    if (fig.dataset.drawn) return;
    fig.dataset.drawn = "1";
    var holder = document.createElement("div");
    holder.className = "sap-interactive";
    fig.insertBefore(holder, fig.querySelector("figcaption"));
    fetch(fig.dataset.spec).then(function (r) { return r.json(); }).then(function (spec) {
      spec.description = fig.querySelector("img").alt;
      if (typeof spec.width === "number" && holder.clientWidth < spec.width + 100) {
        spec.width = "container";  // a narrow phone screen: fit the chart instead of scrolling it
        spec.autosize = {type: "fit-x", contains: "padding"};
      }
      var opts = {renderer: "svg", actions: false, tooltip: true};
      if (LOCALES[document.documentElement.lang]) opts.formatLocale = LOCALES[document.documentElement.lang];
      return window.vegaEmbed(holder, spec, opts);
    }).then(function (result) {
      fig.querySelector("img").hidden = true;
      var svg = holder.querySelector("svg");
      if (svg) { svg.setAttribute("role", "img"); svg.setAttribute("aria-label", fig.querySelector("img").alt); }
      var view = result.view, key = focusKey(fig);
      var hasFocus = (result.spec.params || []).some(function (p) { return p.name === "focus"; });
      if (!hasFocus) return;
      var wanted = new URLSearchParams(location.search).get(key);
      if (wanted) view.signal("focus", wanted).runAsync();
      view.addSignalListener("focus", function (name, value) {
        var q = new URLSearchParams(location.search);
        if (value) q.set(key, value); else q.delete(key);
        history.replaceState(null, "", location.pathname + (q.toString() ? "?" + q : "") + location.hash);
      });
    }).catch(function (err) {
      holder.remove();  // the static image stays
      console.warn("chart kept static:", err);
    });
  }

  function init() {
    if (!window.vegaEmbed) return;
    document.querySelectorAll("figure.sap-figure[data-spec]:not([data-geojson])").forEach(draw);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
