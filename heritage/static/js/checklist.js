// A filter box over a long list of checkboxes (causes, effects): <fieldset data-checklist-filter>.
// Typing hides the options whose label does not contain the text; ticked ones always stay,
// and a group stays while any of its options does. Without JavaScript the whole list shows.
(function () {
  "use strict";

  function fold(text) {
    return text.toLocaleLowerCase().normalize("NFKD").replace(/[\u0300-\u036f\u064b-\u065f]/g, "");
  }

  function setup(fieldset) {
    var box = fieldset.querySelector(".checklist-search");
    var input = box && box.querySelector("input[type=search]");
    if (!input) return;
    box.hidden = false;
    var items = Array.prototype.slice.call(fieldset.querySelectorAll(".checklist-item"));

    function matches(item, wanted) {
      var own = item.querySelector(":scope > .form-check");
      var label = own.querySelector("label").textContent;
      var ticked = own.querySelector("input").checked;
      return ticked || fold(label).indexOf(wanted) !== -1;
    }

    input.addEventListener("input", function () {
      var wanted = fold(input.value.trim());
      // A group that matches shows all its narrower terms ("explosion" shows airstrike);
      // otherwise each shows when it matches, and a group while any of its terms does.
      items.forEach(function (item) {
        if (item.parentElement.closest(".checklist-item")) return; // handled with its group
        var own = !wanted || matches(item, wanted);
        var children = Array.prototype.slice.call(item.querySelectorAll(":scope > ul > .checklist-item"));
        var anyChild = false;
        children.forEach(function (child) {
          child.hidden = !own && !matches(child, wanted);
          anyChild = anyChild || !child.hidden;
        });
        item.hidden = !own && !anyChild;
      });
    });
  }

  document.querySelectorAll("[data-checklist-filter]").forEach(setup);
})();
