// Interactive maps on top of the static SVG: Leaflet (self-hosted in assets/vendor/leaflet/)
// draws the map's areas with the same classes and colours as the static map. Pan with the
// arrow keys, zoom with + and -, Tab through areas to hear each name and value. No basemap
// unless the city configures one. The static image and the data table stay for readers
// without JavaScript. Nothing is fetched until a map comes near the screen: then Leaflet
// (about 45 KB gzipped) and the map's areas, simplified for the screen (the full-precision
// GeoJSON is the download). Opened from a folder (the offline edition), the areas are read from
// the .js copies the offline build writes beside them, since browsers refuse fetch() on file://.
(function () {
  var me = document.currentScript;
  // Keep our own handle on Leaflet: the Vega bundle, fetched later on the same page, declares a
  // global `L` of its own that would replace window.L.
  var L = null, loading = null;

  function loadLeaflet() {
    if (!loading) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = me.dataset.leafletCss;
      document.head.appendChild(css);
      loading = window.SAP.script(me.dataset.leaflet).then(function () { L = window.L; });
    }
    return loading;
  }

  function classOf(value, breaks) {
    if (value === null || value === undefined) return -1;
    for (var i = 0; i < breaks.length; i++) if (value <= breaks[i] + 1e-9) return i;
    return breaks.length - 1;
  }

  function escaped(value) {
    var span = document.createElement("span");
    span.textContent = value;
    return span.innerHTML;
  }

  function textNode(value) {
    var span = document.createElement("span");
    span.textContent = value;
    return span;
  }

  function draw(fig) {
    if (fig.dataset.drawn) return;
    fig.dataset.drawn = "1";
    var cfg = JSON.parse(fig.dataset.map);
    var holder = document.createElement("div");
    holder.className = "sap-leaflet";
    holder.setAttribute("role", "region");
    holder.setAttribute("aria-label", cfg.label);
    fig.insertBefore(holder, fig.querySelector("figcaption"));
    var outline = cfg.outline ? window.SAP.json(cfg.outline) : Promise.resolve(null);
    Promise.all([window.SAP.json(fig.dataset.geojson), outline, loadLeaflet()]).then(function (got) {
      var data = got[0];
      var map = L.map(holder, {attributionControl: !!cfg.tiles, zoomSnap: 0.25});
      // Leaflet writes attributions and tooltips as HTML: give it text, escaped, never a value as markup
      if (cfg.tiles) L.tileLayer(cfg.tiles.url, {attribution: escaped(cfg.tiles.attribution), maxZoom: 18}).addTo(map);
      var under = got[1] ? L.geoJSON(got[1], {style: {color: "#8a8a8a", weight: 1, fillColor: "#f2f2f2",
                                                      fillOpacity: 1}, interactive: false}).addTo(map) : null;
      var fmt = new Intl.NumberFormat(document.documentElement.lang || "en", {maximumFractionDigits: 1});
      function text(p) {
        var v = p[cfg.field];
        return p.name + ": " + (v === null || v === undefined ? cfg.noData : fmt.format(v) + " " + cfg.unit);
      }
      function colour(p) { var k = classOf(p[cfg.field], cfg.breaks); return k < 0 ? cfg.noDataColour : cfg.colours[k]; }
      var max = Math.max.apply(null, data.features.map(function (f) { return f.properties[cfg.field] || 0; })) || 1;
      var layer = L.geoJSON(data, {
        style: function (f) { return {color: "#ffffff", weight: 1, fillColor: colour(f.properties), fillOpacity: 0.9}; },
        pointToLayer: function (f, latlng) {
          var v = f.properties[cfg.field] || 0;
          return L.circleMarker(latlng, {radius: 3 + 17 * Math.sqrt(v / max), color: "#333333", weight: 1,
                                         fillColor: colour(f.properties), fillOpacity: 0.85});
        },
        onEachFeature: function (f, l) { l.bindTooltip(textNode(text(f.properties))); }
      }).addTo(map);
      map.fitBounds((under || layer).getBounds(), {padding: [8, 8]});
      var legend = L.control({position: "bottomleft"});
      legend.onAdd = function () {
        var div = L.DomUtil.create("div", "sap-legend");
        var rows = cfg.labels.map(function (label, i) { return [cfg.colours[i], label]; });
        rows.push([cfg.noDataColour, cfg.noData]);
        div.innerHTML = "<strong></strong>" + rows.map(function () { return "<div><i></i><span></span></div>"; }).join("");
        div.querySelector("strong").textContent = cfg.legendTitle;
        div.querySelectorAll("div").forEach(function (row, i) {
          row.querySelector("i").style.background = rows[i][0];
          row.querySelector("span").textContent = rows[i][1];
        });
        return div;
      };
      legend.addTo(map);
      layer.eachLayer(function (l) {
        var el = l.getElement && l.getElement();
        if (!el) return;
        el.setAttribute("tabindex", "0");
        el.setAttribute("role", "button");
        el.setAttribute("aria-label", text(l.feature.properties));
        el.addEventListener("focus", function () { l.openTooltip(); });
        el.addEventListener("blur", function () { l.closeTooltip(); });
      });
      fig.querySelector("img").hidden = true;
    }).catch(function (err) {
      holder.remove();
      console.warn("map kept static:", err);
    });
  }

  function init() {
    var figures = document.querySelectorAll("figure.sap-figure[data-geojson]");
    if (!("IntersectionObserver" in window)) { figures.forEach(draw); return; }
    var seen = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) { if (e.isIntersecting) { seen.unobserve(e.target); draw(e.target); } });
    }, {rootMargin: "200px 0px"});
    figures.forEach(function (fig) { seen.observe(fig); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
