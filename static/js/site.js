// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Selects marked data-autosubmit (language, sort) submit their form on change,
  // so their fallback "Change"/"Apply" buttons are hidden once scripts run.
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("select[data-autosubmit]") && target.form) {
      target.form.submit();
    }
  });

  // A table wider than its box scrolls sideways; keyboard users must be able to reach and scroll it
  // too (WCAG 2.1.1), so a wrap that scrolls becomes a named, focusable region (and stays one).
  function nameOf(wrap) {
    var caption = wrap.querySelector("caption");
    var section = wrap.closest("section, article, main");
    var heading = section && section.querySelector("h1, h2, h3");
    return (caption || heading || { textContent: document.title }).textContent.trim();
  }
  function markScrollingTables() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        if (!wrap.hasAttribute("aria-label")) wrap.setAttribute("aria-label", nameOf(wrap));
      }
    });
  }
  markScrollingTables();
  window.addEventListener("resize", markScrollingTables);
  window.addEventListener("load", markScrollingTables);
  // A wrap in a tab panel or filled by a script changes size without a window resize.
  if ("ResizeObserver" in window) {
    var observer = new ResizeObserver(markScrollingTables);
    document.querySelectorAll(".table-wrap, .table-wrap table").forEach(function (el) { observer.observe(el); });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-dismiss]");
    if (button) {
      var message = button.closest(".message");
      if (message) message.remove();
    }
  });
})();
