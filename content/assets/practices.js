// The practices catalogue, filtered: without JavaScript the page shows the practices grouped by theme,
// city and strength of evidence; with it, one list filtered by the three choices, kept in the URL
// (?theme=youth&city=cali) so that a shared link shows the same selection.
(function () {
  "use strict";
  var form = document.getElementById("practice-filter");
  var list = document.getElementById("practice-list");
  var groups = document.getElementById("practice-groups");
  if (!form || !list) return;
  var items = Array.prototype.slice.call(list.querySelectorAll("li"));
  var params = new URLSearchParams(window.location.search);
  ["theme", "city", "evidence"].forEach(function (name) {
    var wanted = params.get(name);
    if (wanted && form.elements[name].querySelector('option[value="' + CSS.escape(wanted) + '"]')) {
      form.elements[name].value = wanted;
    }
  });
  function apply() {
    var theme = form.elements.theme.value, city = form.elements.city.value, evidence = form.elements.evidence.value;
    var shown = 0;
    items.forEach(function (li) {
      var ok = (!theme || li.dataset.themes.split(" ").indexOf(theme) >= 0) &&
        (!city || li.dataset.city === city) && (!evidence || li.dataset.evidence === evidence);
      li.hidden = !ok;
      if (ok) shown += 1;
    });
    form.elements.count.value = shown + " / " + items.length;
    var query = new URLSearchParams();
    if (theme) query.set("theme", theme);
    if (city) query.set("city", city);
    if (evidence) query.set("evidence", evidence);
    var search = query.toString();
    history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
  }
  form.addEventListener("change", apply);
  form.hidden = false;
  list.hidden = false;
  if (groups) groups.hidden = true;
  // the table of contents (beside the page, and in the menu on a phone) leads nowhere the filter hides
  document.querySelectorAll('.md-nav--secondary a[href^="#"]').forEach(function (a) {
    var target = document.getElementById(decodeURIComponent(a.hash.slice(1)));
    var item = a.closest("li");
    if (target && target.closest("[hidden]") && item) item.hidden = true;
  });
  apply();
})();
