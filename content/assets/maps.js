// Interactive maps on top of the static SVG: Leaflet (self-hosted in assets/vendor/leaflet/) draws the map's
// areas with the legend the static map has (its entries, words and colours come with the page, and each
// area's entry and words with its data). Around them: the land and coastline, the district names as the
// reader zooms in, a scale bar, and, where the city ships one, its own basemap (a PMTiles file on this site,
// drawn by protomaps-leaflet). Pan with the arrow keys, zoom with + and -, Tab through areas to hear each
// one's name and value, or that it is withheld. The static image and the data table stay for readers without
// JavaScript. Nothing is fetched until a map comes near the screen, and nothing from another host. Opened from
// a folder (the offline edition), the data are read from the .js copies the offline build writes beside them.
(function () {
  var me = document.currentScript;
  // Keep our own handle on Leaflet: the Vega bundle, fetched later on the same page, declares a
  // global `L` of its own that would replace window.L.
  var L = null, loading = null, tiles = null;

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

  function loadBasemap() {
    if (!tiles) tiles = loadLeaflet().then(function () {
      window.SAP_LEAFLET = L;  // protomaps-leaflet is wrapped to use this Leaflet, whatever `L` means by then
      return window.SAP.script(me.dataset.basemap);
    });
    return tiles;
  }

  function textNode(value) {
    var span = document.createElement("span");
    span.textContent = value;
    return span;
  }

  var SVG = "http://www.w3.org/2000/svg";

  function sizes(max, radius) {  // a station's circle grows with its count: three circles say how
    var svg = document.createElementNS(SVG, "svg"), values = [max, max / 4, max / 16].map(Math.round);
    var width = 2 * radius(max) + 60, height = 2 * radius(max) + 4;
    svg.setAttribute("width", width);
    svg.setAttribute("height", height);
    svg.setAttribute("aria-hidden", "true");
    values.forEach(function (v, i) {
      var r = radius(v), circle = document.createElementNS(SVG, "circle"), text = document.createElementNS(SVG, "text");
      circle.setAttribute("cx", radius(max) + 2);
      circle.setAttribute("cy", height - 2 - r);
      circle.setAttribute("r", r);
      circle.setAttribute("fill", "none");
      circle.setAttribute("stroke", "#333333");
      text.setAttribute("x", 2 * radius(max) + 8);
      text.setAttribute("y", height - 2 - 2 * r + 8 + i * 2);
      text.setAttribute("font-size", "9");
      text.textContent = new Intl.NumberFormat(document.documentElement.lang || "en").format(v);
      svg.appendChild(circle);
      svg.appendChild(text);
    });
    return svg;
  }

  function legend(map, view, cfg, max, radius) {
    var control = L.control({position: "bottomleft"});
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "sap-legend");
      var title = document.createElement("strong");
      title.textContent = view.title;
      div.appendChild(title);
      view.labels.forEach(function (label, i) {
        var row = document.createElement("div"), swatch = document.createElement("i");
        swatch.style.background = view.colours[i];
        row.appendChild(swatch);
        row.appendChild(textNode(label));
        div.appendChild(row);
      });
      if (cfg.points) div.appendChild(sizes(max, radius));
      return div;
    };
    return control.addTo(map);
  }

  function draw(fig) {
    if (fig.dataset.drawn) return;
    fig.dataset.drawn = "1";
    var cfg = JSON.parse(fig.dataset.map);
    // a basemap is read by HTTP range requests, which a page opened from a folder (the offline edition)
    // cannot make: there the map keeps its own coastline, names and scale
    if (location.protocol === "file:") cfg.basemap = null;
    var holder = document.createElement("div");
    holder.className = "sap-leaflet";
    holder.setAttribute("role", "region");
    holder.setAttribute("aria-label", cfg.label);
    fig.insertBefore(holder, fig.querySelector("figcaption"));
    var outline = cfg.outline ? window.SAP.json(cfg.outline) : Promise.resolve(null);
    var basemap = cfg.basemap ? loadBasemap() : Promise.resolve(null);
    Promise.all([window.SAP.json(fig.dataset.geojson), outline, window.SAP.json(cfg.land), loadLeaflet(), basemap])
      .then(function (got) {
        var data = got[0], view = cfg.views[0];
        var map = L.map(holder, {attributionControl: !!cfg.basemap, zoomSnap: 0.25});
        if (cfg.basemap) {
          // the city's own extract, served from this site; its attribution as text, never as markup
          window.protomapsL.leafletLayer({url: cfg.basemap.url, flavor: "light", lang: document.documentElement.lang,
                                          maxDataZoom: cfg.basemap.maxZoom}).addTo(map);
          map.attributionControl.addAttribution(textNode(cfg.basemap.attribution).innerHTML);
        } else {
          L.geoJSON(got[2], {style: {color: "#9c9c9c", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1},
                             interactive: false}).addTo(map);
          holder.style.background = "#dcebf5";  // the sea, where the land is not
        }
        var under = got[1] ? L.geoJSON(got[1], {style: {color: "#4d4d4d", weight: 1, fill: false},
                                                interactive: false}) : null;
        function colour(p) { return view.colours[p["k_" + view.id]]; }
        function text(p) { return p["t_" + view.id]; }
        var max = Math.max.apply(null, data.features.map(function (f) { return f.properties.value || 0; })) || 1;
        function radius(v) { return 3 + 17 * Math.sqrt(v / max); }
        var layer = L.geoJSON(data, {
          style: function (f) { return {color: "#ffffff", weight: cfg.outline ? 0.3 : 1, fillColor: colour(f.properties),
                                        fillOpacity: 0.85}; },
          pointToLayer: function (f, latlng) {
            return L.circleMarker(latlng, {radius: radius(f.properties.value || 0), color: "#333333", weight: 1,
                                           fillColor: colour(f.properties), fillOpacity: 0.85});
          },
          onEachFeature: function (f, l) { l.bindTooltip(function () { return textNode(text(f.properties)); }); }
        }).addTo(map);
        if (under) under.addTo(map);
        // the district names, as permanent labels once the reader has zoomed in enough to read them
        var names = L.layerGroup();
        (got[1] || (cfg.points ? null : data) || {features: []}).features.forEach(function (f) {
          if (!f.properties.name) return;
          var centre = L.geoJSON(f).getBounds().getCenter();
          names.addLayer(L.tooltip({permanent: true, direction: "center", className: "sap-map-name",
                                    interactive: false}).setLatLng(centre).setContent(textNode(f.properties.name)));
        });
        map.fitBounds((under || layer).getBounds(), {padding: [8, 8]});
        var shown = map.getZoom();
        map.on("zoomend", function () {
          if (map.getZoom() >= shown + 1) names.addTo(map); else names.remove();
        });
        L.control.scale({imperial: false}).addTo(map);
        var key = legend(map, view, cfg, max, radius);
        function label(l) {
          var el = l.getElement && l.getElement();
          if (!el) return;
          el.setAttribute("tabindex", "0");
          el.setAttribute("role", "img");
          el.setAttribute("aria-label", text(l.feature.properties));
        }
        layer.eachLayer(function (l) {
          label(l);
          var el = l.getElement && l.getElement();
          if (!el) return;
          el.addEventListener("focus", function () { l.openTooltip(); });
          el.addEventListener("blur", function () { l.closeTooltip(); });
        });
        if (cfg.views.length > 1) {  // the other view, one click away, on the same classes
          var toggle = document.createElement("div");
          toggle.className = "sap-map-views";
          toggle.setAttribute("role", "group");
          toggle.setAttribute("aria-label", cfg.help);
          cfg.views.forEach(function (v) {
            var button = document.createElement("button");
            button.type = "button";
            button.textContent = v.name;
            button.setAttribute("aria-pressed", String(v === view));
            button.addEventListener("click", function () {
              view = v;
              toggle.querySelectorAll("button").forEach(function (b) {
                b.setAttribute("aria-pressed", String(b === button));
              });
              layer.setStyle(function (f) { return {fillColor: colour(f.properties)}; });
              layer.eachLayer(label);
              key.remove();
              key = legend(map, view, cfg, max, radius);
            });
            toggle.appendChild(button);
          });
          var help = document.createElement("p");
          help.className = "sap-map-help";
          help.textContent = cfg.help;
          holder.parentNode.insertBefore(toggle, holder);
          holder.parentNode.insertBefore(help, holder);
        }
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
