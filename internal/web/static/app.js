// kintsugi's progressive enhancement. Every page works without it.
(function () {
  "use strict";

  // Quick exit: on the button, or on Escape pressed three times in a row,
  // hide the page, tell the server (which signs the person out, unless
  // they chose otherwise, and keeps a half-written form as a draft), and
  // replace this page in the history with the neutral one. Listeners of
  // "kintsugi:leave" may put a form's words in detail.draft to be kept.
  var exit = document.querySelector("form[data-quick-exit]");
  function leave() {
    var ev = new CustomEvent("kintsugi:leave", { detail: {} });
    document.dispatchEvent(ev);
    document.body.hidden = true;
    var body = new URLSearchParams(ev.detail.draft || "");
    body.set("via", "beacon");
    if (!navigator.sendBeacon || !navigator.sendBeacon(exit.action, body)) {
      exit.submit(); // the form does the same, only a little slower
      return;
    }
    window.location.replace(exit.getAttribute("data-quick-exit"));
  }
  if (exit) {
    exit.addEventListener("submit", function (e) {
      e.preventDefault();
      leave();
    });
    var presses = [];
    document.addEventListener("keydown", function (e) {
      if (e.key !== "Escape") { presses = []; return; }
      var now = Date.now();
      presses = presses.filter(function (t) { return now - t < 1500; });
      presses.push(now);
      if (presses.length >= 3) { leave(); }
    });
  }

  // A private page brought back by Back from the browser's memory (the
  // back-forward cache) is not shown: it is fetched again, and the server
  // decides what may be seen, usually the sign-in page.
  window.addEventListener("pageshow", function (e) {
    if (e.persisted && document.body.hasAttribute("data-private")) {
      document.body.hidden = true;
      window.location.reload();
    }
  });

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

  // Check-ins: the form's two steps become one screen. The feelings are a
  // single stop for the Tab key, walked with the arrow keys or a first
  // letter and chosen with Space or Enter, and each feeling chosen gets
  // its strength scale below at once.
  var checkin = document.querySelector("form[data-checkin]");
  if (checkin) { oneScreenCheckin(checkin); }
  function oneScreenCheckin(form) {
    var next = form.querySelector("[data-next]");
    var rest = form.querySelector("[data-rest]");
    var grid = form.querySelector("[data-feelings]");
    if (next) { next.remove(); }
    if (rest) { rest.hidden = false; }
    if (!grid) { return; }
    var boxes = Array.prototype.slice.call(grid.querySelectorAll("input[type=checkbox]"));
    var list = form.querySelector("[data-strength-list]");
    var section = form.querySelector("[data-strengths]");
    var status = form.querySelector("[data-chosen-status]");
    var blank = document.getElementById("strength-template");
    var keys = form.querySelector("[data-keys]");
    if (!boxes.length || !list || !blank) { return; }
    if (keys) {
      keys.hidden = false;
      grid.setAttribute("aria-describedby", ((grid.getAttribute("aria-describedby") || "") + " " + keys.id).trim());
    }
    var labelOf = function (box) { return box.closest("label").textContent.trim(); };

    // One Tab stop: only the current feeling is in the tab order.
    var rove = function (to) {
      boxes.forEach(function (b) { b.tabIndex = b === to ? 0 : -1; });
    };
    rove(boxes.filter(function (b) { return b.checked; })[0] || boxes[0]);
    grid.addEventListener("focusin", function (e) {
      if (boxes.indexOf(e.target) >= 0) { rove(e.target); }
    });
    var typed = "", typedAt = 0;
    var byLetters = function (key, from) {
      var now = Date.now();
      typed = now - typedAt < 800 ? typed + key.toLowerCase() : key.toLowerCase();
      typedAt = now;
      // A first letter again moves on to the next feeling with it.
      var start = typed.length === 1 ? from + 1 : from;
      for (var k = 0; k < boxes.length; k++) {
        var b = boxes[(start + k) % boxes.length];
        if (labelOf(b).toLowerCase().indexOf(typed) === 0) { return b; }
      }
      return null;
    };
    var family = function (i, step) {
      var fams = Array.prototype.slice.call(grid.querySelectorAll("fieldset.family"));
      var f = fams.indexOf(boxes[i].closest("fieldset.family")) + step;
      return fams[(f + fams.length) % fams.length].querySelector("input[type=checkbox]");
    };
    grid.addEventListener("keydown", function (e) {
      var i = boxes.indexOf(e.target);
      if (i < 0 || e.altKey || e.ctrlKey || e.metaKey) { return; }
      if (e.key.length !== 1 || e.key === " ") { typed = ""; }
      var n = boxes.length, to = null;
      switch (e.key) {
        case "ArrowRight": case "ArrowDown": to = boxes[(i + 1) % n]; break;
        case "ArrowLeft": case "ArrowUp": to = boxes[(i + n - 1) % n]; break;
        case "Home": to = boxes[0]; break;
        case "End": to = boxes[n - 1]; break;
        case "PageDown": to = family(i, 1); break;
        case "PageUp": to = family(i, -1); break;
        case "Enter": e.preventDefault(); e.target.click(); return;
        default:
          if (e.key.length === 1 && e.key !== " ") { to = byLetters(e.key, i); }
      }
      if (to) {
        e.preventDefault();
        rove(to);
        to.focus();
      }
    });
    // Enter chooses a feeling; it must not send the form as well.
    grid.addEventListener("keypress", function (e) {
      if (e.key === "Enter" && boxes.indexOf(e.target) >= 0) { e.preventDefault(); }
    });

    // A strength scale for each feeling chosen, in the order of the grid;
    // one taken off is kept, to come back as it was.
    var kept = {};
    var scaleOf = function (name) { return list.querySelector('[data-strength="' + name + '"]'); };
    var make = function (box) {
      var fs = blank.content.firstElementChild.cloneNode(true);
      var name = box.value;
      fs.setAttribute("data-strength", name);
      fs.querySelector("[data-label]").textContent = labelOf(box);
      fs.querySelectorAll("input[type=radio]").forEach(function (r) {
        r.name = "i." + name;
        r.id = "i-" + name + "-" + r.value;
        r.nextElementSibling.htmlFor = r.id;
      });
      return fs;
    };
    var place = function (box) {
      var fs = scaleOf(box.value);
      if (box.checked && !fs) {
        var before = null;
        for (var j = boxes.indexOf(box) + 1; j < boxes.length && !before; j++) { before = scaleOf(boxes[j].value); }
        list.insertBefore(kept[box.value] || make(box), before);
      } else if (!box.checked && fs) {
        kept[box.value] = fs;
        fs.remove();
      }
    };
    var sync = function () {
      boxes.forEach(place);
      if (section) { section.hidden = !list.querySelector("[data-strength]"); }
    };
    sync();
    // The browser may bring back ticked boxes on Back; their scales too.
    window.addEventListener("pageshow", sync);
    grid.addEventListener("change", function (e) {
      if (boxes.indexOf(e.target) < 0) { return; }
      sync();
      if (status) {
        var count = boxes.filter(function (b) { return b.checked; }).length;
        status.textContent = labelOf(e.target) + (e.target.checked ? " chosen: how strong it is, below." : " taken off.") +
          " " + count + (count === 1 ? " feeling" : " feelings") + " chosen.";
      }
    });
  }
  // Drafts: a form that keeps drafts (data-draft names its key) sends
  // what it holds to the server a few seconds after the person types,
  // where it is sealed until the form is saved, and sends it at once when
  // the page goes (a quick exit, a closed tab). Nothing is kept in the
  // browser. Leaving a page whose latest words have reached neither the
  // server nor a saved entry asks first; saving the form, letting the
  // draft go, or the quick exit never does.
  var drafts = [];
  var leaving = false;
  function draftBody(d) {
    var body = new URLSearchParams();
    new FormData(d.form).forEach(function (v, k) {
      if (typeof v === "string" && k !== "preview") { body.append(k, v); }
    });
    body.set("draft_for", d.key);
    return body;
  }
  function scheduleDraft(d) {
    if (!d.timer) { d.timer = setTimeout(function () { saveDraft(d); }, 3000); }
  }
  function saveDraft(d) {
    d.timer = 0;
    if (d.saving || d.version === d.saved) { return; }
    var version = d.version;
    d.saving = true;
    fetch("/drafts", { method: "POST", body: draftBody(d), credentials: "same-origin" }).then(function (res) {
      // Signed out (401) or refused, the words are kept in the page: the
      // form still carries them across a new sign-in when it is sent.
      if (res.ok) { d.saved = Math.max(d.saved, version); }
      return res.ok;
    }, function () { return false; }).then(function (ok) {
      d.saving = false;
      if (ok && d.version !== d.saved && !leaving) { scheduleDraft(d); }
    });
  }
  // sendNow sends a draft that has not reached the server, as the page
  // goes, and returns what it sent.
  function sendNow(d) {
    clearTimeout(d.timer);
    d.timer = 0;
    if (d.version === d.saved) { return null; }
    var body = draftBody(d);
    if (!(navigator.sendBeacon && navigator.sendBeacon("/drafts", body))) {
      try {
        fetch("/drafts", { method: "POST", body: body, credentials: "same-origin", keepalive: true });
      } catch (e) { /* too large to send as the page goes */ }
    }
    d.saved = d.version;
    return body;
  }
  document.querySelectorAll("form[data-draft]").forEach(function (form) {
    var d = { form: form, key: form.getAttribute("data-draft"), version: 0, saved: 0, timer: 0, saving: false };
    drafts.push(d);
    function changed() {
      d.version++;
      scheduleDraft(d);
    }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    // Sent back with a problem or a preview, the form holds words that
    // are not saved anywhere yet.
    if (form.hasAttribute("data-draft-pending")) { changed(); }
    form.addEventListener("submit", function (e) {
      if (e.submitter && e.submitter.name === "preview") {
        sendNow(d); // the preview saves nothing; the draft keeps the words
      } else {
        clearTimeout(d.timer); // the words go with the form itself
        d.timer = 0;
        d.saved = d.version;
      }
      leaving = true;
    });
  });
  document.querySelectorAll('form[action="/drafts/discard"]').forEach(function (form) {
    form.addEventListener("submit", function () {
      var key = form.elements.draft_for && form.elements.draft_for.value;
      drafts.forEach(function (d) {
        if (d.key === key) { clearTimeout(d.timer); d.timer = 0; d.saved = d.version; }
      });
      leaving = true;
    });
  });
  // The quick exit: send what is not kept yet, and give it to the exit's
  // own request too, which the server reads before it signs out.
  document.addEventListener("kintsugi:leave", function (e) {
    leaving = true;
    drafts.forEach(function (d) {
      var body = sendNow(d);
      if (body && e.detail && !e.detail.draft) { e.detail.draft = body.toString(); }
    });
  });
  window.addEventListener("beforeunload", function (e) {
    if (leaving || !drafts.some(function (d) { return d.version !== d.saved; })) { return; }
    e.preventDefault();
    e.returnValue = "";
  });
  window.addEventListener("pagehide", function () {
    if (!leaving) { drafts.forEach(sendNow); }
  });

  // Word count, live, under a Markdown text (a preview counts them without
  // JavaScript).
  var wordLike = /[A-Za-z0-9]/;
  try { wordLike = new RegExp("[\\p{L}\\p{N}]", "u"); } catch (e) { /* an older browser: ASCII words */ }
  document.querySelectorAll("textarea[data-words]").forEach(function (area) {
    var out = document.createElement("p");
    out.className = "hint word-count";
    area.insertAdjacentElement("afterend", out);
    function count() {
      var n = (area.value.match(/\S+/g) || []).filter(function (w) { return wordLike.test(w); }).length;
      out.textContent = n === 1 ? "1 word" : n + " words";
    }
    area.addEventListener("input", count);
    count();
  });
})();
