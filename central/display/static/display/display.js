/* The hall display: poll the feed, show the present, chime and speak each new call.
 *
 * Bahasa Indonesia first, English second (smaller, in a span of class "en"); the voice
 * speaks Indonesian only.
 *
 * The feed answers the last calls and the waiting counts as they are now, so a lost
 * connection only shows a notice until the next answer; nothing is queued on the server
 * for a display. A call is new when its id is higher than the highest seen; the first
 * answer after the page opened is shown without sound (the calls were made before).
 * Sound needs Chromium's --autoplay-policy=no-user-gesture-required on the display PC
 * (README, "Hall display"); without it the display shows calls silently.
 */
(function () {
  "use strict";

  var body = document.body;
  var feedUrl = body.getAttribute("data-feed");
  var pollMs = parseInt(body.getAttribute("data-poll-ms"), 10) || 400;
  var chimeUrl = body.getAttribute("data-chime");
  var seen = null;
  var sounds = [];
  var playing = false;
  var failures = 0;

  function text(id, value) {
    document.getElementById(id).textContent = value;
  }

  function withEnglish(element, indonesian, english) {
    element.textContent = indonesian;
    if (english) {
      var second = document.createElement("span");
      second.className = "en";
      second.setAttribute("lang", "en");
      second.textContent = english;
      element.appendChild(document.createTextNode(" "));
      element.appendChild(second);
    }
  }

  function playNext() {
    var audio = document.getElementById("sound");
    if (playing || sounds.length === 0) {
      return;
    }
    playing = true;
    audio.src = sounds.shift();
    var done = function () {
      playing = false;
      playNext();
    };
    audio.onended = done;
    audio.onerror = done;
    var started = audio.play();
    if (started && started.catch) {
      started.catch(done);
    }
  }

  function announce(call) {
    sounds.push(chimeUrl);
    sounds.push("/display/voice/" + encodeURIComponent(call.number) + "/" + call.desk + ".wav");
    playNext();
  }

  function show(state) {
    var calls = state.calls;
    var latest = calls.length ? calls[calls.length - 1] : null;
    var now = document.querySelector(".now");
    if (latest) {
      text("now-number", latest.number);
      text("now-desk", "Loket " + latest.desk);
      text("now-desk-en", "Counter " + latest.desk);
      now.setAttribute("data-call", String(latest.id));
    }
    var list = document.getElementById("last-calls");
    list.textContent = "";
    calls.slice(0, -1).reverse().forEach(function (call) {
      var item = document.createElement("li");
      var number = document.createElement("span");
      number.className = "n";
      number.textContent = call.number;
      var desk = document.createElement("span");
      withEnglish(desk, "Loket " + call.desk, "Counter " + call.desk);
      item.appendChild(number);
      item.appendChild(desk);
      list.appendChild(item);
    });
    var waiting = document.getElementById("waiting");
    waiting.textContent = "";
    state.waiting.forEach(function (unit) {
      var row = document.createElement("tr");
      [["code", unit.unit], ["name", unit.name, unit.name_en], ["count", String(unit.count)]].forEach(function (cell) {
        var td = document.createElement("td");
        td.className = cell[0];
        withEnglish(td, cell[1], cell[2]);
        row.appendChild(td);
      });
      row.setAttribute("data-unit", unit.unit);
      waiting.appendChild(row);
    });
    text("clock", state.time);
    var fresh = calls.filter(function (call) {
      return seen !== null && call.id > seen;
    });
    if (fresh.length) {
      now.classList.remove("fresh");
      void now.offsetWidth;
      now.classList.add("fresh");
      fresh.forEach(announce);
    }
    calls.forEach(function (call) {
      seen = seen === null || call.id > seen ? call.id : seen;
    });
    if (seen === null) {
      seen = 0;
    }
  }

  function poll() {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = window.setTimeout(function () {
      if (controller) {
        controller.abort();
      }
    }, 3000);
    fetch(feedUrl, { cache: "no-store", signal: controller ? controller.signal : undefined })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (state) {
        failures = 0;
        document.getElementById("link").hidden = true;
        show(state);
      })
      .catch(function () {
        failures += 1;
        document.getElementById("link").hidden = failures < 3;
      })
      .then(function () {
        window.clearTimeout(timer);
        window.setTimeout(poll, failures ? Math.min(pollMs * (failures + 1), 3000) : pollMs);
      });
  }

  document.addEventListener("DOMContentLoaded", poll);
})();
