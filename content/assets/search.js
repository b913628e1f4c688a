// Search, fetched only when a reader asks for it: the header's search button, or the "/" key.
// Online it is Pagefind (pagefind/ at the site root, written after MkDocs): its interface, then
// the index of the page's language in chunks, fetched as a query needs them. Opened from a
// folder (the offline edition) browsers refuse what Pagefind needs (modules, fetch and
// WebAssembly on file://), so the same dialog searches search-offline.js, every page's title and
// text that the offline build writes beside each language's pages; every word must appear.
(function () {
  var me = document.currentScript, d = me.dataset;
  var ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true"><path d="M9.5 3A6.5 ' +
    "6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 " +
    '6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5"/></svg>';
  var dialog = null, body = null;

  function load(tag, attrs) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement(tag);
      Object.keys(attrs).forEach(function (k) { el[k] = attrs[k]; });
      el.onload = resolve;
      el.onerror = function () { reject(new Error("could not load " + (attrs.src || attrs.href))); };
      document.head.appendChild(el);
    });
  }

  function open() {
    if (!dialog) make();
    dialog.showModal();
    var input = dialog.querySelector("input");
    if (input) input.focus();
  }

  function make() {
    dialog = document.createElement("dialog");
    dialog.className = "sap-search";
    dialog.setAttribute("aria-label", d.label);
    var close = document.createElement("button");
    close.type = "button";
    close.className = "sap-search__close";
    close.setAttribute("aria-label", d.close);
    close.textContent = "×";
    close.addEventListener("click", function () { dialog.close(); });
    body = document.createElement("div");
    dialog.append(close, body);
    dialog.addEventListener("click", function (e) { if (e.target === dialog) dialog.close(); });  // the backdrop
    document.body.appendChild(dialog);
    if (location.protocol === "file:") offline(); else pagefind();
  }

  function pagefind() {
    var bundle = new URL(d.pagefind, location.href);
    load("link", {rel: "stylesheet", href: bundle + "pagefind-ui.css"});
    load("script", {src: bundle + "pagefind-ui.js"}).then(function () {
      // result addresses are relative to the folder indexed, the site root: under a sub-path, prefix it
      new window.PagefindUI({element: body, bundlePath: bundle.pathname, baseUrl: new URL(d.root, location.href).pathname,
                             showSubResults: true, showImages: false, resetStyles: false});
      var input = body.querySelector("input");
      if (input) input.focus();
    }).catch(function (err) { console.warn("search unavailable:", err); });
  }

  function offline() {
    body.innerHTML = '<input type="search" class="sap-search__input"><p class="sap-search__note"></p>' +
      '<p class="sap-search__count" role="status"></p><ol class="sap-search__results"></ol>';
    var input = body.querySelector("input");
    input.placeholder = d.label;
    input.setAttribute("aria-label", d.label);
    body.querySelector(".sap-search__note").textContent = d.note;
    load("script", {src: d.offline}).then(function () {
      input.addEventListener("input", function () { show(input.value); });
      show(input.value);
    }).catch(function (err) { console.warn("search unavailable:", err); });
  }

  // lower case, accents removed; the same length as the text for a snippet's position
  function fold(s) { return s.normalize("NFC").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }

  function show(query) {
    var words = fold(query).split(/\s+/).filter(Boolean), found = [];
    var list = body.querySelector(".sap-search__results");
    list.textContent = "";
    if (words.length) (window.SAP_SEARCH || []).forEach(function (page) {
      var title = fold(page[1]), text = fold(page[2]);
      if (words.every(function (w) { return title.indexOf(w) >= 0 || text.indexOf(w) >= 0; })) {
        found.push([words.filter(function (w) { return title.indexOf(w) >= 0; }).length, page, text.indexOf(words[0])]);
      }
    });
    found.sort(function (a, b) { return b[0] - a[0]; });
    body.querySelector(".sap-search__count").textContent = words.length ? d.results.replace("{n}", found.length) : "";
    found.slice(0, 50).forEach(function (f) {
      var page = f[1], at = Math.max(0, f[2] - 60);
      var li = document.createElement("li"), a = document.createElement("a"), p = document.createElement("p");
      a.href = d.home + page[0];
      a.textContent = page[1];
      p.textContent = (at ? "… " : "") + page[2].normalize("NFC").slice(at, at + 200) + " …";
      li.append(a, p);
      list.appendChild(li);
    });
  }

  function init() {
    var header = document.querySelector(".md-header__inner");
    if (!header) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-header__button md-icon sap-search-button";
    button.setAttribute("aria-label", d.label);
    button.title = d.label;
    button.innerHTML = ICON;
    button.addEventListener("click", open);
    var source = header.querySelector(".md-header__source");
    header.insertBefore(button, source);
    document.addEventListener("keydown", function (e) {
      var typing = /^(input|textarea|select)$/i.test(e.target.tagName) || e.target.isContentEditable;
      if (e.key === "/" && !typing && !(dialog && dialog.open)) { e.preventDefault(); open(); }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
