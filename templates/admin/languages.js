// The "languages" widget of the portal's editor (/admin/): a text in each of a city's languages
// (auditportal.schema.Text), configured by auditportal/write/cms.py with `languages: [es, en]`.
//
// schema.Text is either one text for every language or a mapping {es: ..., en: ...}. Decap's own
// object widget cannot show the first kind and fails on saving a list of them, so this widget keeps
// whichever the file holds: one box for a text shared by every language (with a button to write it per
// language instead), or one box per language. A box left empty removes that language, so no empty
// text is ever written (the build refuses one); the first language (the city's main one) is required
// when the field is. Its own words come in the field's `words` (all, split, missing), in the editor's language.
(function () {
  "use strict";
  var h = window.h;

  function isMap(value) {
    return value != null && typeof value === "object" && typeof value.get === "function";
  }

  var BOX = {flex: "1", font: "inherit", padding: "6px 8px", border: "1px solid #dfdfe3", borderRadius: "4px",
             background: "#fff", color: "inherit", boxSizing: "border-box", minWidth: "0"};

  function box(props, id, label, text, onChange) {
    var tag = props.field.get("multiline") ? "textarea" : "input";
    return h("label", {key: id, style: {display: "flex", gap: "12px", alignItems: "baseline", margin: "6px 0"}},
      h("span", {style: {width: "3em", fontWeight: 600}}, label),
      h(tag, {id: id, value: text || "", "aria-label": props.field.get("label", props.field.get("name")) + " (" + label + ")",
              rows: tag === "textarea" ? 3 : undefined, style: BOX,
              onFocus: props.setActiveStyle, onBlur: props.setInactiveStyle,
              onChange: function (event) { onChange(event.target.value); }}));
  }

  var Control = window.createClass({
    languages: function () {
      return this.props.field.get("languages").toJS();
    },

    word: function (key) {
      return this.props.field.getIn(["words", key]);
    },

    emptyMap: function () {
      return this.props.entry.clear();  // an empty Immutable Map, the kind Decap's own widgets write
    },

    setLanguage: function (lang, text) {
      var value = isMap(this.props.value) ? this.props.value : this.emptyMap();
      var next = text.trim() ? value.set(lang, text) : value.delete(lang);
      this.props.onChange(next.size ? next : "");  // nothing left: empty, which Decap's "is required" reports
    },

    isValid: function () {
      var value = this.props.value, first = this.languages()[0];
      if (this.props.field.get("required", true) && isMap(value) && !String(value.get(first) || "").trim()) {
        return {error: {type: "CUSTOM", message: this.word("missing")}};
      }
      return true;
    },

    render: function () {
      var self = this, props = this.props, value = props.value, langs = this.languages();
      var children;
      if (typeof value === "string" && value !== "") {
        children = [
          box(props, props.forID, this.word("all"), value, function (text) { props.onChange(text.trim() ? text : ""); }),
          h("button", {key: "split", type: "button",
                       onClick: function () { props.onChange(self.emptyMap().set(langs[0], value)); }},
            this.word("split"))];
      } else {
        children = langs.map(function (lang, i) {
          return box(props, i === 0 ? props.forID : props.forID + "-" + lang, lang,
                     isMap(value) ? value.get(lang) : "", function (text) { self.setLanguage(lang, text); });
        });
      }
      return h("div", {className: props.classNameWrapper}, children);
    }
  });

  window.CMS.registerWidget("languages", Control);
})();
