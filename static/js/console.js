// The andon panel's keyboard behaviour. Without this file the reason forms are simply shown and
// post normally; with it, one click opens the one-line reason, Enter pulls, Escape closes.
(function () {
  "use strict";

  function formFor(opener) {
    return document.getElementById(opener.getAttribute("aria-controls"));
  }

  function openerFor(form) {
    return document.querySelector('[aria-controls="' + form.id + '"]');
  }

  function close(form, restoreFocus) {
    form.classList.remove("is-open");
    var opener = openerFor(form);
    if (opener) {
      opener.setAttribute("aria-expanded", "false");
      if (restoreFocus) opener.focus();
    }
  }

  function open(opener) {
    var form = formFor(opener);
    if (!form) return;
    // One reason at a time per panel: opening the warning closes the pull form, and back.
    var panel = opener.closest(".andon-panel");
    if (panel) {
      panel.querySelectorAll("[data-andon-form].is-open").forEach(function (other) {
        if (other !== form) close(other, false);
      });
    }
    form.classList.add("is-open");
    opener.setAttribute("aria-expanded", "true");
    var input = form.querySelector('input[name="reason"]');
    if (input) {
      input.focus();
      input.select();
    }
  }

  document.addEventListener("click", function (event) {
    var opener = event.target.closest && event.target.closest("[data-andon-open]");
    if (opener) {
      var form = formFor(opener);
      if (form && form.classList.contains("is-open")) close(form, true);
      else open(opener);
      return;
    }
    var cancel = event.target.closest && event.target.closest("[data-andon-close]");
    if (cancel) close(cancel.closest("[data-andon-form]"), true);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var form = event.target.closest && event.target.closest("[data-andon-form].is-open");
    if (form) {
      event.preventDefault();
      close(form, true);
    }
  });

  // After htmx swaps a panel in, put the focus on its news: the result, or the reason in error.
  document.addEventListener("htmx:afterSettle", function (event) {
    var panel = event.detail && event.detail.elt;
    if (!panel || !panel.querySelector) return;
    var target = panel.matches("[data-autofocus]") ? panel : panel.querySelector("[data-autofocus]");
    if (target) target.focus();
  });
})();
