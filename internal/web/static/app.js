// kintsugi's progressive enhancement. Every page works without it.
(function () {
  "use strict";

  // Quick exit: leave for the neutral page and replace this page in the
  // history, on the link or on Escape pressed three times in a row.
  function leave(url) {
    document.body.hidden = true;
    window.location.replace(url);
  }
  var exit = document.querySelector("[data-quick-exit]");
  if (exit) {
    exit.addEventListener("click", function (e) {
      e.preventDefault();
      leave(exit.href);
    });
    var presses = [];
    document.addEventListener("keydown", function (e) {
      if (e.key !== "Escape") { presses = []; return; }
      var now = Date.now();
      presses = presses.filter(function (t) { return now - t < 1500; });
      presses.push(now);
      if (presses.length >= 3) { leave(exit.href); }
    });
  }

  // Times are written in UTC by the server; show them in local time.
  var fmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
  document.querySelectorAll("time[data-local]").forEach(function (el) {
    var d = new Date(el.getAttribute("datetime"));
    if (!isNaN(d)) { el.textContent = fmt.format(d); }
  });

  // A form sent back with a problem: take the focus to the first field
  // with a problem, so it is in view (forms on step pages sit far down a
  // long page) and a screen reader reads the field with its problem.
  var problem = document.querySelector("main .error[id]");
  if (problem) {
    var field = document.querySelector('[aria-describedby~="' + problem.id + '"]');
    if (field && field.tagName === "FIELDSET") {
      field = field.querySelector("input, select, textarea");
    }
    if (field) {
      field.focus();
    } else {
      problem.scrollIntoView({ block: "center" });
    }
  }

  // The time zone, until one is set: offer the browser's own.
  var zone = document.querySelector("input[data-guess-zone]");
  if (zone && !zone.value) {
    try { zone.value = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { /* leave it empty */ }
  }

  // Check-ins: choosing a strength also chooses the feeling.
  document.querySelectorAll(".feeling input[type=number]").forEach(function (input) {
    input.addEventListener("input", function () {
      var box = input.closest(".feeling").querySelector("input[type=checkbox]");
      if (box && !box.checked) { box.checked = true; }
    });
  });
})();
