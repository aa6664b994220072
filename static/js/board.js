// The andon board's clock: every second, each row's age is recounted from its pull time and its
// colour follows the same thresholds as the server (given on <main> as data attributes). htmx
// replaces the rows every few seconds; this script only reads whatever rows are there.
(function () {
  "use strict";

  var board = document.querySelector("[data-testid='andon-board']");
  if (!board) return;
  var amberUnder = Number(board.dataset.amberUnder);
  var orangeUnder = Number(board.dataset.orangeUnder);
  var daysFormat = board.dataset.daysFormat || "{days} d {clock}";
  var offset = 0; // server clock minus browser clock, in seconds: the floor PC's clock may be wrong

  function syncClock() {
    var live = document.getElementById("board-live");
    if (live && live.dataset.serverNow) offset = Number(live.dataset.serverNow) - Date.now() / 1000;
  }

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function formatAge(seconds) {
    var days = Math.floor(seconds / 86400);
    seconds -= days * 86400;
    var hours = Math.floor(seconds / 3600);
    seconds -= hours * 3600;
    var minutes = Math.floor(seconds / 60);
    seconds -= minutes * 60;
    if (days) return daysFormat.replace("{days}", days).replace("{clock}", pad(hours) + ":" + pad(minutes));
    return hours + ":" + pad(minutes) + ":" + pad(seconds);
  }

  function level(seconds) {
    if (seconds < amberUnder) return "amber";
    if (seconds < orangeUnder) return "orange";
    return "red";
  }

  function tick() {
    var now = Date.now() / 1000 + offset;
    document.querySelectorAll("[data-testid='board-row']").forEach(function (row) {
      var age = Math.max(0, Math.floor(now - Number(row.dataset.pulledAt)));
      var text = row.querySelector(".board-age");
      if (text) text.textContent = formatAge(age);
      var current = level(age);
      ["amber", "orange", "red"].forEach(function (name) {
        row.classList.toggle("age-" + name, name === current);
      });
      var lamp = row.querySelector(".lamp");
      if (lamp && !lamp.classList.contains("lamp-process")) {
        ["amber", "orange", "red"].forEach(function (name) {
          lamp.classList.toggle("lamp-" + name, name === current);
        });
      }
    });
  }

  document.addEventListener("htmx:afterSettle", function () {
    syncClock();
    tick();
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-board-fullscreen]");
    if (!button) return;
    if (document.fullscreenElement) document.exitFullscreen();
    else if (board.requestFullscreen) board.requestFullscreen();
  });

  syncClock();
  tick();
  setInterval(tick, 1000);
})();
