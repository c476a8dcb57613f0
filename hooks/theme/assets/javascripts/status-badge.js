/* supportsite: the status badge that customers put on their own pages (the status page shows the snippet):
     <p data-supportsite-status role="status"><a href="https://<site>/status/">…</a></p>
     <script src="https://<site>/assets/javascripts/status-badge.js" defer></script>
   It reads Statuspage's status.indicator and status.description from api/v2/status.json of the site that
   served this file and writes them into the link. It runs under the embedding page's own Content-Security-Policy:
   no eval, no inline script or style, nothing from a third host, no cookies (the API allows any origin). */
(function () {
  "use strict";

  // The shapes of the status page (hooks/core/statuspage.py, OVERALL_ICONS): no state is told by colour alone.
  var ICONS = { none: "\u2713", minor: "!", major: "\u25D0", critical: "\u2715" };
  // The API files may be cached for a minute; a page left open follows the state without hammering the site.
  var REFRESH_MS = 5 * 60 * 1000;

  var script = document.currentScript || document.querySelector('script[src*="status-badge.js"]');
  if (!script || !script.src || typeof fetch !== "function") return;
  var api = new URL("../../api/v2/status.json", script.src).href;

  function show(badge, status) {
    var indicator = Object.prototype.hasOwnProperty.call(ICONS, status.indicator) ? status.indicator : "unknown";
    var description = typeof status.description === "string" ? status.description : "";
    if (!description) return;
    if (badge.getAttribute("data-indicator") === indicator && badge.getAttribute("data-description") === description) {
      return; // unchanged: rewriting the live region would make screen readers repeat it
    }
    var link = badge.querySelector("a") || badge;
    var label = badge.getAttribute("data-label");
    if (label === null) {
      label = link.textContent.replace(/\s+/g, " ").trim();
      badge.setAttribute("data-label", label);
    }
    if (!badge.hasAttribute("role")) badge.setAttribute("role", "status");
    var icon = document.createElement("span");
    icon.setAttribute("aria-hidden", "true");
    icon.textContent = ICONS[indicator] || "";
    while (link.firstChild) link.removeChild(link.firstChild);
    if (label) link.appendChild(document.createTextNode(label.replace(/:?$/, ": ")));
    link.appendChild(icon);
    link.appendChild(document.createTextNode(" " + description));
    badge.setAttribute("data-indicator", indicator);
    badge.setAttribute("data-description", description);
  }

  function refresh(badges) {
    fetch(api, { credentials: "omit" })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.json();
      })
      .then(function (body) {
        if (!body || !body.status) return;
        for (var i = 0; i < badges.length; i++) show(badges[i], body.status);
      })
      .catch(function () {
        // The link to the status page stays as written: it still tells where the state is.
      });
  }

  function start() {
    var badges = document.querySelectorAll("[data-supportsite-status]");
    if (!badges.length) return;
    refresh(badges);
    window.setInterval(function () { refresh(badges); }, REFRESH_MS);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
