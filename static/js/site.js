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

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-dismiss]");
    if (button) {
      var message = button.closest(".message");
      if (message) message.remove();
    }
  });
})();
