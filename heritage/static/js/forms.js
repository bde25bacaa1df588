// Messages in the reader's language, for every script (loaded first, on every page): the page
// gives them in a JSON data block (templates/_js_messages.html), read once; a script asks with
// its own English, which is what it gets when the block is missing or lacks the message.
// Placeholders are written %(name)s and filled in here, always as text, never as HTML.
window.HeritageText = (function () {
  "use strict";
  var table = null;

  function messages() {
    if (table === null) {
      table = {};
      var block = document.getElementById("js-messages");
      try {
        if (block) table = JSON.parse(block.textContent) || {};
      } catch (error) {
        table = {};
      }
    }
    return table;
  }

  function fill(template, values) {
    return template.replace(/%\((\w+)\)[sd]|%%/g, function (whole, name) {
      if (!name) return "%";
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function template(key, english) {
    var message = messages()[key];
    return typeof message === "string" ? message : english;
  }

  // text("picker.create", "Create “%(query)s”", { query: typed })
  function text(key, english, values) {
    return fill(template(key, english), values);
  }

  // count("picker.matches", "%(num)s match", "%(num)s matches", 3): the form for the number,
  // by the page language's plural rules (Arabic has six forms).
  function count(key, one, other, number, values) {
    var all = { num: number };
    Object.keys(values || {}).forEach(function (name) { all[name] = values[name]; });
    var forms = messages()[key];
    if (forms && typeof forms === "object") {
      var category = "other";
      try {
        category = new Intl.PluralRules(document.documentElement.lang || "en").select(number);
      } catch (error) { /* an old browser: the form for "other" */ }
      var form = typeof forms[category] === "string" ? forms[category] : forms.other;
      if (typeof form === "string") return fill(form, all);
    }
    return fill(number === 1 ? one : other, all);
  }

  // around("read_back.read_as", "Read as: %(reading)s", "reading", values): the message's text
  // before and after one placeholder, so that a script can put an element in its place.
  function around(key, english, name, values) {
    var whole = template(key, english);
    var marker = "%(" + name + ")s";
    var at = whole.indexOf(marker);
    if (at < 0) return [fill(whole, values), ""];
    return [fill(whole.slice(0, at), values), fill(whole.slice(at + marker.length), values)];
  }

  return { text: text, count: count, around: around };
})();

// Forms: after a failed submission, start from the error summary (its links lead to each
// field), and ask before a destructive form is sent (<form data-confirm="Delete this?">).
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".error-summary a[href^='#']");
    if (!link) return;
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (target) { event.preventDefault(); target.focus(); target.scrollIntoView({ block: "center" }); }
  });

  document.addEventListener("submit", function (event) {
    var message = event.target.dataset && event.target.dataset.confirm;
    if (message && !window.confirm(message)) event.preventDefault();
  });
})();
