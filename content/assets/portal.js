// Small enhancements; every page works without them.
// 1. Filters the recommendation tracker by status and lead agency, kept in the URL. Without
//    JavaScript the form stays hidden and every recommendation is listed.
// 2. Fills "accessed on" in citations with today's date (without JavaScript: the edition date).
// 3. Makes wide tables that scroll sideways reachable with the keyboard (WCAG 2.1.1).
(function () {
  function apply(form) {
    var wanted = {};
    form.querySelectorAll("select[data-filter]").forEach(function (s) { wanted[s.dataset.filter] = s.value; });
    document.querySelectorAll(".sap-rec").forEach(function (rec) {
      var show = Object.keys(wanted).every(function (k) { return !wanted[k] || rec.dataset[k] === wanted[k]; });
      rec.hidden = !show;
    });
  }
  function init() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (el) {
      if (el.scrollWidth > el.clientWidth) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("role", "region");
        // named by the heading above it and its first column, so that two such tables are told apart
        var heading = el.previousElementSibling;
        while (heading && !/^H[1-6]$/.test(heading.tagName)) heading = heading.previousElementSibling;
        var first = (el.querySelector("th") || {}).textContent || "table";
        el.setAttribute("aria-label", (heading ? heading.textContent.replace("\u00b6", "").trim() + ": " : "") + first);
      }
    });
    var today = new Date().toISOString().slice(0, 10);
    document.querySelectorAll(".sap-today").forEach(function (el) { el.textContent = today; });
    var form = document.querySelector("form.sap-filter");
    if (!form) return;
    form.hidden = false;
    var params = new URLSearchParams(location.search);
    form.querySelectorAll("select[data-filter]").forEach(function (s) {
      if (params.get(s.dataset.filter)) s.value = params.get(s.dataset.filter);
      s.addEventListener("change", function () {
        var q = new URLSearchParams(location.search);
        if (s.value) q.set(s.dataset.filter, s.value); else q.delete(s.dataset.filter);
        history.replaceState(null, "", location.pathname + (q.toString() ? "?" + q : "") + location.hash);
        apply(form);
      });
    });
    apply(form);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();

// 4. window.SAP: what charts.js and maps.js share to load a script, or JSON from the site, or from its
//    .js copy (window.SAP_DATA[<copy's address>]) when the page is read from a folder (the offline
//    edition), since browsers refuse fetch() on file:// addresses.
window.SAP = (function () {
  function script(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = function () { resolve(s); };
      s.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(s);
    });
  }
  function json(url) {
    if (location.protocol !== "file:") return fetch(url).then(function (r) { return r.json(); });
    return script(url + ".js").then(function (s) { return window.SAP_DATA[s.src]; });
  }
  return {script: script, json: json};
})();
