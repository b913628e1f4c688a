// Interactive charts on top of the static SVG. The Vega bundle (self-hosted in
// assets/vendor/vega.js, about 300 KB gzipped) is fetched only when a chart comes near the
// screen, so a reader who never scrolls to one never pays for it. Each figure with data-spec
// then gets its Vega-Lite spec drawn by vega-embed. The static image and the data table stay in
// the page for readers without JavaScript. A chart's "focus" selection (a district or category)
// is kept in the URL (?<figure id>=<value>), so a shared link reproduces the view.
(function () {
  // number formats of the page's language, as in the static SVG (vl-convert's es-ES and en-US)
  var LOCALES = {
    es: {decimal: ",", thousands: ".", grouping: [3], currency: ["", "\u00a0€"]},
    en: {decimal: ".", thousands: ",", grouping: [3], currency: ["$", ""]},
    pt: {decimal: ",", thousands: ".", grouping: [3], currency: ["R$", ""]}
  };
  var VEGA = document.currentScript && document.currentScript.dataset.vega;
  var loading = null;

  function loadVega() {
    if (window.vegaEmbed) return Promise.resolve();
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = VEGA;
        s.onload = resolve;
        s.onerror = reject;
        document.head.appendChild(s);
      });
    }
    return loading;
  }

  function draw(fig) {
    if (fig.dataset.drawn) return;
    fig.dataset.drawn = "1";
    var holder = document.createElement("div");
    holder.className = "sap-interactive";
    fig.insertBefore(holder, fig.querySelector("figcaption"));
    Promise.all([loadVega(), fetch(fig.dataset.spec).then(function (r) { return r.json(); })]).then(function (got) {
      var spec = got[1];
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
      var view = result.view, key = fig.id;
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
    var figures = document.querySelectorAll("figure.sap-figure[data-spec]:not([data-geojson])");
    var shared = new URLSearchParams(location.search);
    if (!("IntersectionObserver" in window)) { figures.forEach(draw); return; }
    var seen = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) { if (e.isIntersecting) { seen.unobserve(e.target); draw(e.target); } });
    }, {rootMargin: "300px 0px"});
    figures.forEach(function (fig) {
      if (shared.has(fig.id)) draw(fig);  // a shared link to this chart's view: draw it at once
      else seen.observe(fig);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
