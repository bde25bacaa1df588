// Photos on a report draft. Each chosen file goes up in a request of its own, with a progress
// bar, so that on a slow field connection people see what is happening and one refused file
// stops no other. Uploading or removing a photo reloads the page, so a draft with unsaved
// changes is saved first: nothing typed is lost. Without JavaScript the forms still work:
// the browser sends all the files at once.
(function () {
  "use strict";
  var T = window.HeritageText || {
    text: function (key, english, values) {
      return english.replace(/%\((\w+)\)s/g, function (whole, name) { return values && name in values ? values[name] : whole; });
    }
  };
  var report = document.querySelector("form.report-form");
  var problem = document.querySelector("[data-upload-problem]");
  var dirty = false;
  if (report) {
    report.addEventListener("input", function () { dirty = true; });
    report.addEventListener("change", function () { dirty = true; });
  }

  function say(message) {
    if (!problem) return;
    problem.textContent = message;
    problem.hidden = !message;
  }

  // Save the report form when it has changes; then(true) once saved (the server answers a
  // successful save with a redirect), then(false) when it was refused.
  function saveFirst(then) {
    if (!report || !dirty) { then(true); return; }
    window.fetch(report.getAttribute("action") || window.location.pathname, {
      method: "POST",
      body: new FormData(report),
      credentials: "same-origin",
      headers: { Accept: "text/html" }
    }).then(function (response) {
      if (response.ok && response.redirected) { dirty = false; then(true); return; }
      say(T.text("upload.unsaved", "Your changes to the report could not be saved, so the photos were not sent. Save the draft, correct what it shows, then add the photos."));
      then(false);
    }).catch(function () {
      say(T.text("upload.connection", "The connection failed; this photo was not added. Try it again."));
      then(false);
    });
  }

  function setupUpload(form) {
    var input = form.elements.namedItem("photos");
    var list = document.querySelector("[data-upload-progress]");
    var button = document.querySelector("button[form='" + form.id + "']");
    if (!input || !list || !window.FormData || !window.XMLHttpRequest || !window.fetch) return;

    form.addEventListener("submit", function (event) {
      var files = Array.prototype.slice.call(input.files || []);
      if (!files.length) return; // the server says what is missing
      event.preventDefault();
      say("");
      if (button) button.disabled = true;
      saveFirst(function (saved) {
        if (!saved) { if (button) button.disabled = false; return; }
        sendAll(files);
      });
    });

    function sendAll(files) {
      list.hidden = false;
      list.replaceChildren();
      var rows = files.map(row);
      var failures = 0;
      var next = 0;
      function sendNext() {
        if (next >= files.length) {
          if (button) button.disabled = false;
          if (!failures) window.location.reload();
          else list.append(doneNote());
          return;
        }
        var index = next++;
        send(files[index], rows[index], function (ok) {
          if (!ok) failures++;
          sendNext();
        });
      }
      sendNext();
    }

    function row(file) {
      var item = document.createElement("li");
      var name = document.createElement("span");
      name.className = "upload-name small";
      name.textContent = file.name;
      name.dir = "auto";
      var bar = document.createElement("progress");
      bar.max = 100;
      bar.value = 0;
      bar.setAttribute("aria-label", file.name);
      var status = document.createElement("span");
      status.className = "upload-status small";
      status.textContent = T.text("upload.waiting", "Waiting");
      item.append(name, bar, status);
      list.append(item);
      return { bar: bar, status: status };
    }

    function send(file, shown, done) {
      var data = new FormData(form);
      data.delete(input.name);
      data.append(input.name, file, file.name);
      var request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.setRequestHeader("Accept", "application/json");
      request.upload.addEventListener("progress", function (event) {
        if (!event.lengthComputable) return;
        var percent = Math.round((event.loaded / event.total) * 100);
        shown.bar.value = percent;
        shown.status.textContent = T.text("upload.sending", "Sending: %(percent)s%", { percent: percent });
      });
      request.addEventListener("load", function () {
        var body = {};
        try { body = JSON.parse(request.responseText); } catch (error) { body = {}; }
        var ok = request.status >= 200 && request.status < 300 && !(body.errors && body.errors.length);
        shown.bar.value = 100;
        if (ok) {
          shown.status.textContent = T.text("upload.added", "Added");
        } else {
          var reason = (body.errors && body.errors[0] && body.errors[0].message) ||
            (body.error && body.error.message) || T.text("upload.failed", "Not added.");
          shown.status.textContent = reason;
          shown.status.classList.add("text-danger");
        }
        done(ok);
      });
      request.addEventListener("error", function () {
        shown.status.textContent = T.text("upload.connection", "The connection failed; this photo was not added. Try it again.");
        shown.status.classList.add("text-danger");
        done(false);
      });
      shown.status.textContent = T.text("upload.sending", "Sending: %(percent)s%", { percent: 0 });
      request.send(data);
    }

    function doneNote() {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = window.location.pathname + "#photos";
      link.textContent = T.text("upload.reload", "Show the photos added");
      link.addEventListener("click", function (event) { event.preventDefault(); window.location.reload(); });
      item.append(link);
      return item;
    }
  }

  // Removing a photo reloads the page too: save the draft's changes first.
  function setupRemove(form) {
    form.addEventListener("submit", function (event) {
      if (!dirty) return;
      event.preventDefault();
      saveFirst(function (saved) { if (saved) form.submit(); });
    });
  }

  document.querySelectorAll("[data-photo-upload]").forEach(setupUpload);
  document.querySelectorAll("[data-photo-remove]").forEach(setupRemove);
})();
