// Interactive charts on top of the static SVG, when a reader asks for one. The static image
// and the data table are the page; a button beside each chart's downloads draws it with
// tooltips and selections. Only then is the Vega bundle (self-hosted in assets/vendor/vega.js, about 300 KB
// gzipped, and half a second of a cheap phone's processor) fetched, so a reader who only reads
// never pays for it. A chart's "focus" selection (a district or category) is kept in the URL
// (?<figure id>=<value>), so a shared link reproduces the view: such a chart is drawn at once.
// Opened from a folder (the offline edition), specs are read from the .js copies the offline
// build writes beside them, since browsers refuse fetch() on file:// addresses.
(function () {
  // number formats of the page's language, as in the static SVG (vl-convert's es-ES and en-US)
  var LOCALES = {
    es: {decimal: ",", thousands: ".", grouping: [3], currency: ["", "\u00a0€"]},
    en: {decimal: ".", thousands: ",", grouping: [3], currency: ["$", ""]},
    pt: {decimal: ",", thousands: ".", grouping: [3], currency: ["R$", ""]}
  };
  var me = document.currentScript;
  var VEGA = me && me.dataset.vega, LABEL = me && me.dataset.label;
  var loading = null;

  function loadVega() {
    if (window.vegaEmbed) return Promise.resolve();
    if (!loading) loading = window.SAP.script(VEGA);
    return loading;
  }

  // each line as its change in per cent since a year a reader chose (a comparison's toggle, compare.js):
  // data-since, the year; data-since-axis, the value axis's title then
  function since(spec, year, axis) {
    var tables = Object.keys(spec.datasets || {}).map(function (k) { return spec.datasets[k]; });
    [spec].concat(spec.layer || []).forEach(function (l) { if (l.data && l.data.values) tables.push(l.data.values); });
    var base = {};
    tables.forEach(function (rows) {
      rows.forEach(function (r) { if (String(r.period) === year && r.value != null) base[r.name] = r.value; });
    });
    tables.forEach(function (rows) {
      rows.forEach(function (r) {
        if (!("value" in r)) return;
        var b = base[r.name];
        r.value = b && r.value != null ? (r.value / b - 1) * 100 : null;
        if ("lower" in r) { r.lower = null; r.upper = null; }
      });
    });
    // the 95 % bands are of the values, not of their changes: left out
    if (spec.layer) {
      spec.layer = spec.layer.filter(function (l) {
        return !(l.encoding && l.encoding.y && l.encoding.y.field === "lower");
      });
    }
    (function walk(node) {
      if (Array.isArray(node)) { node.forEach(walk); return; }
      if (!node || typeof node !== "object") return;
      if (node.field === "value" && "title" in node) node.title = axis;
      Object.keys(node).forEach(function (k) { if (k !== "data" && k !== "datasets") walk(node[k]); });
    })(spec);
    return spec;
  }

  // a phone's screen, as the narrow drawings (write/draw/narrow.py) are made for it: an axis keeps only the
  // labels that fit apart, slanted year labels stand upright, no text under 11 px, legends one entry a line,
  // no title
  function phone(spec) {
    (function walk(node) {
      if (Array.isArray(node)) { node.forEach(walk); return; }
      if (!node || typeof node !== "object") return;
      if (typeof node.fontSize === "number" && node.fontSize < 11) node.fontSize = 11;
      if ((node.mark || node.layer) && node.title) delete node.title;  // a view's title, wider than a phone
      if (node.axis && typeof node.axis === "object") {
        node.axis.labelOverlap = "greedy";
        node.axis.labelSeparation = 4;
        if (node.axis.labelAngle === -45) node.axis.labelAngle = -90;
      }
      if (node.legend && typeof node.legend === "object") {  // one entry a line: side by side, they squeeze the plot
        delete node.legend.columns;
        node.legend.direction = "vertical";
        node.legend.labelLimit = 260;
      }
      Object.keys(node).forEach(function (k) { if (k !== "data" && k !== "datasets") walk(node[k]); });
    })(spec);
    spec.config = spec.config || {};
    spec.config.axis = Object.assign({}, spec.config.axis, {labelOverlap: "greedy", labelSeparation: 4});
    spec.config.legend = Object.assign({}, spec.config.legend, {labelFontSize: 12, titleFontSize: 12,
      layout: {bottom: {direction: "vertical", anchor: "start"}}});
    delete spec.title;  // the caption says it, as under the narrow drawing; a long one left no room for the plot
    return spec;
  }

  // only the rows of the names a reader chose (a comparison's cities, compare.js): data-keep, a JSON list
  function keep(spec, names) {
    var only = function (values) {
      return values.filter(function (r) { return !("name" in r) || names.indexOf(r.name) >= 0; });
    };
    Object.keys(spec.datasets || {}).forEach(function (k) { spec.datasets[k] = only(spec.datasets[k]); });
    [spec].concat(spec.layer || []).forEach(function (l) {
      if (l.data && l.data.values) l.data.values = only(l.data.values);
    });
    return spec;
  }

  function draw(fig) {
    if (fig.dataset.drawn) return;
    fig.dataset.drawn = "1";
    var button = document.querySelector(".sap-explore[aria-describedby='" + fig.id + "-caption']");
    if (button) button.remove();
    var holder = document.createElement("div");
    holder.className = "sap-interactive";
    fig.insertBefore(holder, fig.querySelector("figcaption"));
    Promise.all([loadVega(), window.SAP.json(fig.dataset.spec)]).then(function (got) {
      var spec = got[1];
      if (fig.dataset.keep) spec = keep(JSON.parse(JSON.stringify(spec)), JSON.parse(fig.dataset.keep));
      if (fig.dataset.since) spec = since(JSON.parse(JSON.stringify(spec)), fig.dataset.since, fig.dataset.sinceAxis);
      spec.description = fig.querySelector("img").alt;
      if (typeof spec.width === "number" && holder.clientWidth < spec.width + 100) {
        spec.width = "container";  // a narrow phone screen: fit the chart instead of scrolling it
        spec.autosize = {type: "fit-x", contains: "padding"};
        spec = phone(spec);
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

  // drawn again (a comparison's cities changed): the interactive chart replaced, the static image hidden
  window.SAP.redraw = function (fig) {
    var old = fig.querySelector(".sap-interactive");
    if (old) old.remove();
    delete fig.dataset.drawn;
    draw(fig);
  };

  function init() {
    var shared = new URLSearchParams(location.search);
    document.querySelectorAll("figure.sap-figure[data-spec]:not([data-geojson])").forEach(function (fig) {
      if (shared.has(fig.id)) return draw(fig);  // a shared link to this chart's view
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button sap-explore";
      button.textContent = LABEL;
      button.setAttribute("aria-describedby", fig.id + "-caption");
      button.addEventListener("click", function () { draw(fig); });
      fig.querySelector("figcaption").id = fig.id + "-caption";
      // at the end of the figure's row of downloads: a line that is there already, so nothing moves
      var row = fig.nextElementSibling;
      if (row && row.classList.contains("sap-downloads")) row.appendChild(button); else fig.appendChild(button);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
