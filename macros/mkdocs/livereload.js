/* Live reload for `mkdocs serve` under the site's Content-Security-Policy (served in serve mode only).
 *
 * MkDocs adds an inline <script> to every page it serves, calling livereload(epoch, requestId); the
 * site's policy (overrides/partials/csp.html) refuses inline scripts it does not know, and the
 * published pages must keep that policy. This file is a script of the site itself ('self'), so the
 * policy lets it run: it reads the two numbers from MkDocs' script text and polls the same address
 * MkDocs' own script would (/livereload/<epoch>/<requestId>), reloading the page when a newer build
 * is ready.
 */
(function () {
  "use strict";
  var found = null;
  var scripts = document.querySelectorAll("script:not([src])");
  for (var i = scripts.length - 1; i >= 0 && !found; i--) {
    found = /livereload\((\d+),\s*(\d+)\)/.exec(scripts[i].textContent || "");
  }
  if (!found) {
    return;   // not served by `mkdocs serve`
  }
  var epoch = parseFloat(found[1]);
  var requestId = found[2];
  var req, timeout;

  function poll() {
    stop();
    req = new XMLHttpRequest();
    req.onloadend = function () {
      if (parseFloat(this.responseText) > epoch) {
        location.reload();
      } else {
        timeout = setTimeout(poll, this.status === 200 ? 0 : 3000);
      }
    };
    req.open("GET", "/livereload/" + epoch + "/" + requestId);
    req.send();
  }

  function stop() {
    if (req) { req.onloadend = null; req.abort(); }
    if (timeout) { clearTimeout(timeout); }
    req = timeout = undefined;
  }

  function start() {
    if (document.visibilityState === "visible") { poll(); }
  }

  if (document.readyState === "complete") { start(); } else { window.addEventListener("load", start); }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { poll(); } else { stop(); }
  });
  window.addEventListener("beforeunload", stop);
  document.documentElement.setAttribute("data-dx-livereload", "on");
})();
