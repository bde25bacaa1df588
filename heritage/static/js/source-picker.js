// Source picker: a search box that looks sources up in the library as you type and stores the
// chosen source's id in the hidden field beside it. The server checks the id either way.
(function () {
  "use strict";
  var DELAY_MS = 200;

  function setup(picker) {
    var input = picker.querySelector(".source-search");
    var list = picker.querySelector(".source-options");
    var idField = picker.querySelector('input[type="hidden"][name$="source_id"]');
    var labelField = picker.querySelector('input[type="hidden"][name$="source_label"]');
    var timer = null, active = -1, items = [];

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function choose(item) {
      idField.value = item.id;
      labelField.value = item.title;
      input.value = item.title;
      input.classList.remove("is-invalid");
      picker.classList.add("has-source");
      close();
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (option, i) { option.classList.toggle("active", i === index); option.setAttribute("aria-selected", String(i === index)); });
      active = index;
      if (options[index]) input.setAttribute("aria-activedescendant", options[index].id);
    }

    function render(found) {
      items = found;
      list.replaceChildren();
      if (!found.length) {
        var empty = document.createElement("li");
        empty.className = "list-group-item small text-body-secondary";
        empty.textContent = "No source matches. Add it to the library first.";
        list.appendChild(empty);
      }
      found.forEach(function (item, index) {
        var option = document.createElement("li");
        option.className = "list-group-item list-group-item-action source-option";
        option.id = list.id + "-" + index;
        option.setAttribute("role", "option");
        var title = document.createElement("span");
        title.className = "fw-semibold";
        title.textContent = item.title;
        var detail = document.createElement("span");
        detail.className = "small text-body-secondary d-block";
        detail.textContent = [item.detail, "reliability " + item.reliability].filter(Boolean).join(" · ");
        option.append(title, detail);
        option.addEventListener("mousedown", function (event) { event.preventDefault(); choose(item); });
        list.appendChild(option);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }

    function search() {
      var query = input.value.trim();
      if (query.length < 2) { close(); return; }
      fetch(input.dataset.lookup + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (body) { render(body.items); })
        .catch(close);
    }

    input.addEventListener("input", function () {
      idField.value = "";
      labelField.value = "";
      picker.classList.remove("has-source");
      clearTimeout(timer);
      timer = setTimeout(search, DELAY_MS);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown") { event.preventDefault(); highlight(Math.min(active + 1, items.length - 1)); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(Math.max(active - 1, 0)); }
      else if (event.key === "Enter" && active >= 0) { event.preventDefault(); choose(items[active]); }
      else if (event.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    if (idField.value) picker.classList.add("has-source");
  }

  document.querySelectorAll("[data-source-picker]").forEach(setup);
})();
