// Ticks survive a reload (browser storage keyed by partner, ATS and manifest fingerprint),
// progress is counted, and every value to paste gets a copy button. Without this script the
// page is still the complete checklist.
(function () {
  "use strict";
  var body = document.body;
  // One store per kind of document, partner, ATS and manifest version: a changed manifest
  // starts with no ticks rather than ticks that may belong to other items.
  var key = ["atsctl", body.dataset.kind, body.dataset.partner, body.dataset.ats, body.dataset.fingerprint].join(":");
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[type=checkbox][data-action]"));
  var progressText = document.getElementById("progress-text");
  var progressBar = document.getElementById("progress-bar");

  function load() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(key) || "{}");
      return saved && typeof saved === "object" ? saved : {};
    } catch (error) {
      return {};
    }
  }

  function save() {
    var state = {};
    boxes.forEach(function (box) {
      if (box.checked) {
        state[box.dataset.action] = true;
      }
    });
    try {
      window.localStorage.setItem(key, JSON.stringify(state));
    } catch (error) {
      // Storage may be off (private mode, a policy): ticks then last until the page closes.
    }
  }

  function showProgress() {
    var done = boxes.filter(function (box) { return box.checked; }).length;
    if (progressText) {
      progressText.textContent = done + " of " + boxes.length + " done";
    }
    if (progressBar) {
      progressBar.hidden = false;
      progressBar.max = boxes.length;
      progressBar.value = done;
    }
  }

  var saved = load();
  boxes.forEach(function (box) {
    box.checked = saved[box.dataset.action] === true;
  });
  showProgress();
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("input[type=checkbox][data-action]")) {
      save();
      showProgress();
    }
  });

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "visually-hidden";
    document.body.appendChild(area);
    area.select();
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    document.body.removeChild(area);
    return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  // A button inside a <label> would become part of the checkbox's name, and one inside a link
  // is invalid, so a value in either gets its button right after it.
  var lastAfter = new Map();
  Array.prototype.forEach.call(document.querySelectorAll("code.copy"), function (code) {
    var value = code.textContent;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = "Copy";
    button.dataset.copy = value;
    button.setAttribute("aria-label", "Copy " + value);
    var label = code.closest("label, a");
    if (label) {
      var anchor = lastAfter.get(label) || label;
      anchor.insertAdjacentElement("afterend", button);
      lastAfter.set(label, button);
    } else {
      code.insertAdjacentElement("afterend", button);
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button.copy-button");
    if (!button) {
      return;
    }
    copyText(button.dataset.copy).then(function () {
      button.textContent = "Copied";
      button.classList.add("copied");
      button.dataset.copied = "true";
      window.setTimeout(function () {
        button.textContent = "Copy";
        button.classList.remove("copied");
      }, 2000);
    }, function () {
      button.textContent = "Select and copy";
    });
  });
})();
