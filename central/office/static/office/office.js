/* The back office's only script; every page works without it.
 *
 * - A status form marks its message as required for the statuses that need one
 *   (data-needs-note on the form lists them); the server checks it either way.
 * - A form with data-confirm asks before it is sent (deactivating an account).
 * - Two minutes before the 30-minute idle expiry, a notice says the session will end,
 *   and when it has ended, that the next click leads to the login page
 *   (data-session-seconds, data-expiring-text and data-expired-text on <body>).
 * - A button with data-key is pressed by that key, for staff at a desk (the counter page),
 *   unless the key is typed into a field or comes with a modifier; each press is one tap.
 * - A page with data-refresh-seconds reloads itself that often while nobody is choosing
 *   in a field (the counter page shows who waits; a reload repeats no action: POST,
 *   redirect, GET).
 */
(function () {
  "use strict";

  function statusForms() {
    document.querySelectorAll("form[data-needs-note]").forEach(function (form) {
      var needs = form.getAttribute("data-needs-note").split(" ");
      var note = form.querySelector("textarea[name=note_id]");
      var marker = form.querySelector("[data-note-required]");
      if (!note) {
        return;
      }
      function update() {
        var chosen = form.querySelector("input[name=target]:checked");
        var required = chosen !== null && needs.indexOf(chosen.value) !== -1;
        note.required = required;
        if (marker) {
          marker.hidden = !required;
        }
      }
      form.addEventListener("change", update);
      update();
    });
  }

  function confirmations() {
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) {
          event.preventDefault();
        }
      });
    });
  }

  function idleNotice() {
    var body = document.body;
    var seconds = parseInt(body.getAttribute("data-session-seconds") || "0", 10);
    var notice = document.getElementById("session-notice");
    if (!seconds || !notice) {
      return;
    }
    var warnAt = Math.max(seconds - 120, 0) * 1000;
    window.setTimeout(function () {
      notice.textContent = body.getAttribute("data-expiring-text");
      notice.hidden = false;
    }, warnAt);
    window.setTimeout(function () {
      notice.textContent = body.getAttribute("data-expired-text");
      notice.className = "notice bad";
      notice.hidden = false;
    }, seconds * 1000);
  }

  function inField(target) {
    return target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName);
  }

  function keyButtons() {
    var sent = false;
    document.addEventListener("keydown", function (event) {
      if (sent || event.ctrlKey || event.altKey || event.metaKey || inField(event.target)) {
        return;
      }
      var button = document.querySelector('button[data-key="' + event.key.toLowerCase() + '"]');
      if (!button || event.repeat) {
        return;
      }
      event.preventDefault();
      if (button.form && button.form.reportValidity && !button.form.reportValidity()) {
        return;
      }
      sent = true;
      button.form ? button.form.requestSubmit(button) : button.click();
    });
  }

  function autoRefresh() {
    var holder = document.querySelector("[data-refresh-seconds]");
    if (!holder) {
      return;
    }
    var seconds = parseInt(holder.getAttribute("data-refresh-seconds"), 10);
    window.setInterval(function () {
      if (!inField(document.activeElement)) {
        window.location.reload();
      }
    }, seconds * 1000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    statusForms();
    confirmations();
    idleNotice();
    keyButtons();
    autoRefresh();
  });
})();
