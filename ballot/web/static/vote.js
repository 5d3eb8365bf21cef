/* The voting pages work without this script; it only makes them easier.
 * 1. The QR code in the letter opens …/vote#K7QF-3M9D-TX2H-8WPC: the fragment never reaches the
 *    server, so we copy it into the code field and take it out of the address bar.
 * 2. An error summary gets the focus, so that screen readers read it first.
 * 3. A form marked data-once is sent only once, however often its button is pressed. */
(function () {
  "use strict";

  function fillCodeFromFragment() {
    var field = document.getElementById("code");
    var fragment = "";
    try {
      fragment = decodeURIComponent(window.location.hash.slice(1));
    } catch (e) {
      return;
    }
    if (!field || !/^[0-9A-Za-z][0-9A-Za-z -]{14,40}$/.test(fragment)) {
      return;
    }
    if (!field.value) {
      field.value = fragment.toUpperCase();
    }
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", window.location.pathname + window.location.search);
    }
  }

  function focusErrorSummary() {
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.focus();
    }
  }

  function sendOnce() {
    var forms = document.querySelectorAll("form[data-once]");
    Array.prototype.forEach.call(forms, function (form) {
      form.addEventListener("submit", function (event) {
        if (form.getAttribute("data-sent")) {
          event.preventDefault();
          return;
        }
        form.setAttribute("data-sent", "1");
      });
    });
    // Coming back with the browser's back button: the form may be sent again.
    window.addEventListener("pageshow", function () {
      Array.prototype.forEach.call(forms, function (form) {
        form.removeAttribute("data-sent");
      });
    });
  }

  fillCodeFromFragment();
  focusErrorSummary();
  sendOnce();
})();
