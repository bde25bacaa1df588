// Say back what the server understood of a typed position or date ("34.5545° N, 38.2694° E",
// "late May 2015: 21–31 May 2015"), as the user types, under the field: <input
// data-read-back="/sites/read/date" data-read-into="id-of-the-output">. The server reads the
// same text again when the form is sent; this only shows the reading early.
(function () {
  "use strict";
  var DELAY_MS = 300;
  // Messages in the reader's language (forms.js reads them from the page); English without.
  var T = window.HeritageText || {
    around: function (key, english, name) { var parts = english.split("%(" + name + ")s"); return [parts[0], parts[1] || ""]; }
  };

  function setup(input) {
    var output = document.getElementById(input.dataset.readInto);
    var timer = null;

    // The reading in bold, with "Read as: …" around it in the reader's language (or alone).
    function show(value, isError, around) {
      output.replaceChildren();
      if (!value) return;
      var strong = document.createElement("strong");
      strong.textContent = value;
      var parts = around || ["", ""];
      output.append(parts[0], strong, parts[1]);
      output.classList.toggle("text-danger", Boolean(isError));
    }

    function read() {
      var typed = input.value.trim();
      if (!typed) { show(""); return; }
      fetch(input.dataset.readBack + "?q=" + encodeURIComponent(typed), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (body) {
          if (input.value.trim() !== typed) return;
          if (body.error) show(body.error.message || body.error, true);
          else show(body.words, false, T.around("read_back.read_as", "Read as: %(reading)s", "reading"));
          input.dispatchEvent(new CustomEvent("read-back", { detail: body }));
        })
        .catch(function () { show(""); });
    }

    input.addEventListener("input", function () {
      show("");  // an earlier reading must not stand under new text
      clearTimeout(timer);
      timer = setTimeout(read, DELAY_MS);
    });
  }

  document.querySelectorAll("[data-read-back]").forEach(setup);
})();
