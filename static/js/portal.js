/* The only script of the portal (CSP: script-src 'self'). Everything works without it. */
(function () {
  "use strict";
  function start() {
    // After a failed submit, the error summary at the top gets the focus, so a screen reader
    // reads it and a phone shows it (no mistake hides 2 000 px below the screen).
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.focus();
      summary.scrollIntoView({ block: "start" });
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
