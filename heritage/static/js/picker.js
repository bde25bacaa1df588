// Pickers (templates/macros/picker.html): a search box that looks records up as you type and
// keeps the chosen record's id in the hidden input beside it. When nothing fits, "Create “…”"
// opens a short form in place, saves the record and picks it, without leaving the page.
// The server checks everything again; typed text that was never picked is an error there.
(function () {
  "use strict";
  var DELAY_MS = 200;
  var copies = 0;
  // Messages in the reader's language (forms.js reads them from the page); English without.
  var T = window.HeritageText || {
    text: function (key, english, values) {
      return english.replace(/%\((\w+)\)s/g, function (whole, name) { return values && name in values ? String(values[name]) : whole; });
    },
    count: function (key, one, other, number) { return (number === 1 ? one : other).replace("%(num)s", String(number)); },
    around: function (key, english, name) { var parts = english.split("%(" + name + ")s"); return [parts[0], parts[1] || ""]; }
  };
  var csrfInput = document.querySelector('input[name="csrf_token"]');

  function text(tag, className, content) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    element.textContent = content;
    return element;
  }

  function setup(picker) {
    var input = picker.querySelector(".picker-search");
    var list = picker.querySelector(".picker-options");
    var idField = picker.querySelector(".picker-id");
    var status = picker.querySelector(".picker-status");
    var panel = picker.querySelector(".picker-create");
    var timer = null, active = -1, options = [];

    function announce(message) { if (status) status.textContent = message; }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function choose(item) {
      idField.value = item.id;
      input.value = item.title;
      input.classList.remove("is-invalid");
      input.removeAttribute("aria-invalid");
      picker.classList.add("has-choice");
      close();
      announce(T.text("picker.chosen", "Chosen: %(title)s", { title: item.title }));
    }

    function highlight(index) {
      var rendered = list.querySelectorAll("[role=option]");
      rendered.forEach(function (option, i) {
        option.classList.toggle("active", i === index);
        option.setAttribute("aria-selected", String(i === index));
      });
      active = index;
      if (rendered[index]) {
        input.setAttribute("aria-activedescendant", rendered[index].id);
        rendered[index].scrollIntoView({ block: "nearest" });
      }
    }

    function addOption(label, detail, action) {
      var option = document.createElement("li");
      option.className = "list-group-item list-group-item-action picker-option";
      option.id = list.id + "-" + options.length;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.append(typeof label === "string" ? text("span", "fw-semibold", label) : label);
      if (detail) option.append(text("span", "small text-body-secondary d-block", detail));
      option.addEventListener("mousedown", function (event) { event.preventDefault(); action(); });
      list.appendChild(option);
      options.push(action);
    }

    function render(found, query) {
      list.replaceChildren();
      options = [];
      found.forEach(function (item) {
        var reliability = item.reliability
          ? T.text("picker.reliability", "reliability %(grade)s", { grade: item.reliability }) : "";
        var detail = [item.detail, reliability].filter(Boolean).join(" · ");
        addOption(item.title, detail, function () { choose(item); });
      });
      // No "Create" when the text typed is already a name of one found (داعش for ISIS).
      var named = found.some(function (item) { return item.exact; });
      if (panel && !named) {
        addOption(createLabel(query), T.text("picker.create_detail", "Not in the list: add it now"), function () { openCreate(query); });
      } else if (!found.length) {
        list.appendChild(text("li", "list-group-item small text-body-secondary", T.text("picker.none", "Nothing matches.")));
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
      announce(T.count("picker.matches", "%(num)s match", "%(num)s matches", found.length));
    }

    // "Create “…”" with the typed text isolated (<bdi>), in whichever script it is typed.
    function createLabel(query) {
      var parts = T.around("picker.create", "Create “%(query)s”", "query");
      var label = text("span", "fw-semibold", parts[0]);
      label.append(text("bdi", "", query), parts[1]);
      return label;
    }

    function search() {
      var query = input.value.trim();
      if (query.length < 2) { close(); return; }
      fetch(picker.dataset.lookup + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (body) {
          if (input.value.trim() !== query) return;
          if (body.error) showProblem(body.error.message);
          else render(body.items, query);
        })
        .catch(function () { showProblem(T.text("picker.load_failed", "The list could not be loaded. Check the connection and type again.")); });
    }

    // Why there is no list: signed out, the connection down. Said in the list's place.
    function showProblem(message) {
      list.replaceChildren(text("li", "list-group-item small text-danger", message));
      options = [];
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      announce(message);
    }

    // The short form, copied from its <template>: ids made unique, names moved aside so the
    // page's own form does not send them, the typed text as the new record's name.
    function openCreate(query) {
      close();
      var template = document.getElementById(picker.dataset.createTemplate);
      var form = template.content.firstElementChild.cloneNode(true);
      var suffix = "-" + (++copies);
      form.querySelectorAll("[id]").forEach(function (element) { element.id += suffix; });
      form.querySelectorAll("[for]").forEach(function (label) { label.htmlFor += suffix; });
      form.querySelectorAll("[aria-describedby]").forEach(function (element) {
        element.setAttribute("aria-describedby", element.getAttribute("aria-describedby").split(" ").map(function (id) { return id + suffix; }).join(" "));
      });
      form.querySelectorAll("[name]").forEach(function (control) {
        control.dataset.quickName = control.name;
        control.removeAttribute("name");
      });
      var first = form.querySelector('[data-quick-name="title"], [data-quick-name="name"]');
      if (first) first.value = query;
      form.querySelector("[data-quick-cancel]").addEventListener("click", function () {
        panel.hidden = true;
        panel.replaceChildren();
        input.focus();
      });
      form.querySelector("[data-quick-save]").addEventListener("click", function () { save(form); });
      form.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && event.target.tagName !== "TEXTAREA") { event.preventDefault(); save(form); }
      });
      panel.replaceChildren(form);
      panel.hidden = false;
      (form.querySelector("select, input") || form).focus();
    }

    function showErrors(form, errors) {
      form.querySelectorAll(".quick-error").forEach(function (old) { old.remove(); });
      form.querySelectorAll(".is-invalid").forEach(function (control) { control.classList.remove("is-invalid"); });
      var summary = form.querySelector(".quick-errors");
      var general = [];
      Object.keys(errors).forEach(function (name) {
        var control = name && form.querySelector('[data-quick-name="' + name + '"]');
        if (!control) { general = general.concat(errors[name]); return; }
        control.classList.add("is-invalid");
        control.setAttribute("aria-invalid", "true");
        control.parentNode.appendChild(text("div", "invalid-feedback d-block quick-error", errors[name].join(" ")));
      });
      summary.textContent = general.length ? general.join(" ") : T.text("picker.not_added", "Nothing was added: check the fields marked.");
      summary.hidden = false;
      summary.focus();
      var invalid = form.querySelector(".is-invalid");
      if (invalid) invalid.focus();
    }

    function save(form) {
      var body = new FormData();
      form.querySelectorAll("[data-quick-name]").forEach(function (control) {
        body.append(control.dataset.quickName, control.value);
      });
      if (csrfInput) body.append("csrf_token", csrfInput.value);
      var button = form.querySelector("[data-quick-save]");
      button.disabled = true;
      fetch(picker.dataset.createUrl, { method: "POST", body: body, headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.json().then(function (data) { return { ok: response.ok, data: data }; });
        })
        .then(function (result) {
          button.disabled = false;
          if (!result.ok) { showErrors(form, result.data.errors || { "": [result.data.error ? result.data.error.message : T.text("picker.not_saved", "It could not be saved.")] }); return; }
          panel.hidden = true;
          panel.replaceChildren();
          choose(result.data);
          input.focus();
        })
        .catch(function () {
          button.disabled = false;
          showErrors(form, { "": [T.text("picker.connection_failed", "The connection failed; nothing was added. Try again.")] });
        });
    }

    input.addEventListener("input", function () {
      idField.value = "";
      picker.classList.remove("has-choice");
      clearTimeout(timer);
      timer = setTimeout(search, DELAY_MS);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) {
        if (event.key === "ArrowDown" && input.value.trim().length >= 2) { event.preventDefault(); search(); }
        return;
      }
      if (event.key === "ArrowDown") { event.preventDefault(); highlight(Math.min(active + 1, options.length - 1)); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(Math.max(active - 1, 0)); }
      else if (event.key === "Enter" && active >= 0) { event.preventDefault(); options[active](); }
      else if (event.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });

    // The short form is not part of the page's form: sending the page ("Add another …" or
    // the main button) while it holds typed text would lose it. Ask to add or cancel first.
    var page = picker.closest("form");
    if (page && panel) {
      page.addEventListener("submit", function (event) {
        var open = !panel.hidden && panel.firstElementChild;
        if (!open) return;
        event.preventDefault();
        var summary = open.querySelector(".quick-errors");
        summary.textContent = T.text("picker.unsaved", "Add this new record or cancel it first: it is not sent with the page, and it would be lost.");
        summary.hidden = false;
        (open.querySelector("[data-quick-save]") || summary).focus();
      });
    }
  }

  document.querySelectorAll("[data-picker]").forEach(setup);
})();
