/* supportsite: the status as it is now, on a page built earlier.
   1. The banner and the status box (<!-- supportsite:status-summary -->) are redrawn from the site's own
      status/current.json (hooks/core/statuslive.py; the element's data-status-live gives its address from the page),
      so that a status post needs only the status files published again. The built state is the first paint and
      what stays when the file cannot be read. Same origin only, text only: every value goes in by textContent.
   2. Maintenance moves from upcoming to in progress to completed by the visitor's clock, so that a page built
      yesterday does not lie today. Only maintenance whose state follows its window (data-auto="true", i.e. no
      later update by the writer) is moved. */
(function () {
  "use strict";

  var INDICATORS = ["none", "minor", "major", "critical"]; // Statuspage's status.indicator, the templates' classes
  var LIVE_REFRESH_MS = 5 * 60 * 1000; // a page left open follows the state, as the status badge does
  var drawn = typeof WeakMap === "function" ? new WeakMap() : null; // what each container shows, to redraw changes only
  var asked = 0; // the latest request: an answer to an older one (the page has changed since) is dropped

  function stateAt(item, now) {
    var start = Date.parse(item.getAttribute("data-start"));
    var end = Date.parse(item.getAttribute("data-end"));
    if (isNaN(start) || isNaN(end)) return null;
    if (now >= end) return "completed";
    if (now >= start) return "in_progress";
    return "scheduled";
  }

  function refreshLists(root) {
    var lists = root.querySelectorAll("[data-maintenance-list]");
    for (var i = 0; i < lists.length; i++) {
      var name = lists[i].getAttribute("data-maintenance-list");
      var empty = root.querySelector('[data-maintenance-empty="' + name + '"]');
      var count = lists[i].querySelectorAll("[data-maintenance]").length;
      if (empty) empty.hidden = count > 0;
      if (name === "completed") {
        var box = root.querySelector("[data-maintenance-completed]");
        if (box) box.hidden = count === 0;
      }
    }
  }

  // The banner and Material's bar around it are shown only while some item is.
  function showBanner(banner) {
    var items = banner.querySelectorAll(".status-announce__list > li");
    var shown = false;
    for (var i = 0; i < items.length; i++) if (!items[i].hidden) shown = true;
    banner.hidden = !shown;
    var bar = banner.closest(".md-banner");
    if (bar) bar.hidden = !shown;
  }

  function update() {
    var now = Date.now();
    var items = document.querySelectorAll('[data-maintenance][data-auto="true"]');
    for (var i = 0; i < items.length; i++) {
      var item = items[i];
      var state = stateAt(item, now);
      if (!state || state === item.getAttribute("data-state")) continue;
      item.setAttribute("data-state", state);
      var names = JSON.parse(item.getAttribute("data-labels") || "{}"); // the state names, from the build
      var labels = item.querySelectorAll("[data-state-label]");
      for (var j = 0; j < labels.length; j++) {
        if (names[state]) labels[j].textContent = names[state];
        labels[j].className = labels[j].className.replace(/status-badge--\S+/, "status-badge--" + state);
      }
      var section = item.closest("[data-status-maintenance]");
      if (section) {
        var target = section.querySelector('[data-maintenance-list="' + state + '"]');
        if (target && item.parentNode !== target) target.appendChild(item);
      } else if (item.closest(".status-announce") && state === "completed") {
        item.hidden = true;
      }
    }
    var sections = document.querySelectorAll("[data-status-maintenance]");
    for (var k = 0; k < sections.length; k++) refreshLists(sections[k]);
    var banners = document.querySelectorAll(".status-announce");
    for (var b = 0; b < banners.length; b++) showBanner(banners[b]);
  }

  // --- the live state ------------------------------------------------------------------------------

  function isText(value) {
    return typeof value === "string";
  }

  function isPost(post) {
    if (!post || !isText(post.kind_label) || !isText(post.title) || !isText(post.url) || !isText(post.state) ||
        !isText(post.state_label)) return false;
    var w = post.window;
    return w === null || w === undefined ||
      (isText(w.start) && isText(w.end) && isText(w.start_iso) && isText(w.end_iso));
  }

  function isDocument(doc) {
    if (!doc || typeof doc !== "object" || !isText(doc.root) || !isText(doc.now) || !doc.overall ||
        INDICATORS.indexOf(doc.overall.indicator) < 0 || !isText(doc.overall.description) ||
        !isText(doc.overall.icon) || !Array.isArray(doc.banner) || !Array.isArray(doc.summary)) return false;
    for (var i = 0; i < doc.banner.length; i++) if (!isPost(doc.banner[i])) return false;
    for (var j = 0; j < doc.summary.length; j++) if (!isPost(doc.summary[j])) return false;
    return true;
  }

  function element(name, text) {
    var node = document.createElement(name);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // A page's link to a post: the site's own address only (anything else is dropped, never linked).
  function postHref(post, root) {
    var url;
    try {
      url = new URL(post.url, root);
    } catch (error) {
      return null;
    }
    return url.origin === root.origin ? url.pathname + url.search + url.hash : null;
  }

  // One post as announcement.html and summary.html write it; the banner's maintenance also as status.js moves it.
  // A title in another language than the page's (the Finnish one on a Swedish page, not yet translated) is marked
  // as _macros.html's title() marks it: lang on the title, then the language's word for it.
  function postItem(post, root, labels, inBanner, untranslated) {
    var item = element("li");
    var href = postHref(post, root);
    if (inBanner && post.window) {
      item.setAttribute("data-maintenance", "");
      item.setAttribute("data-auto", post.auto === true ? "true" : "false");
      item.setAttribute("data-start", post.window.start_iso);
      item.setAttribute("data-end", post.window.end_iso);
      item.setAttribute("data-state", post.state);
      item.setAttribute("data-labels", JSON.stringify(labels || {}));
    }
    if (inBanner) item.appendChild(document.createTextNode("\n"));
    item.appendChild(element("strong", post.kind_label + ":"));
    item.appendChild(document.createTextNode(" "));
    var link = element(href === null ? "span" : "a");
    if (href !== null) link.setAttribute("href", href);
    if (post.title_lang) {
      var title = element("span", post.title);
      title.setAttribute("lang", post.title_lang);
      link.appendChild(title);
      link.appendChild(document.createTextNode(" "));
      var mark = element("span", "(" + (untranslated || "") + ")");
      mark.className = "status-untranslated";
      link.appendChild(mark);
    } else {
      link.textContent = post.title;
    }
    item.appendChild(link);
    item.appendChild(document.createTextNode(" – "));
    var label = element("span", post.state_label);
    label.setAttribute("data-state-label", "");
    item.appendChild(label);
    if (inBanner && post.window) {
      item.appendChild(document.createTextNode(" (" + post.window.start + " – " + post.window.end + ")"));
    }
    return item;
  }

  function replaceItems(list, posts, root, labels, inBanner, untranslated) {
    while (list.firstChild) list.removeChild(list.firstChild);
    for (var i = 0; i < posts.length; i++) {
      list.appendChild(document.createTextNode("\n"));
      list.appendChild(postItem(posts[i], root, labels, inBanner, untranslated));
    }
    list.appendChild(document.createTextNode("\n"));
  }

  function drawBanner(banner, doc, root) {
    var list = banner.querySelector(".status-announce__list");
    if (!list) return;
    replaceItems(list, doc.banner, root, doc.maintenance_labels, true, doc.untranslated);
    showBanner(banner);
  }

  function drawSummary(box, doc, root) {
    var overall = box.querySelector(".status-overall");
    if (!overall) return;
    var icon = overall.querySelector(".status-icon");
    var description = overall.querySelector("strong");
    var now = overall.querySelector("[data-status-now]");
    if (!icon || !description) return;
    overall.className = "status-overall status-overall--" + doc.overall.indicator;
    icon.textContent = doc.overall.icon;
    description.textContent = doc.overall.description;
    var built = now && now.getAttribute("data-status-now");
    if (built) { // "(tilanne <the moment>)": the moment it names is that of the file now
      now.textContent = now.textContent.split(built).join(doc.now);
      now.setAttribute("data-status-now", doc.now);
    }
    var list = box.querySelector("ul.status-posts");
    if (!doc.summary.length) {
      if (list) list.parentNode.removeChild(list);
      return;
    }
    if (!list) {
      list = element("ul");
      list.className = "status-posts";
      overall.parentNode.insertBefore(list, overall.nextSibling);
      overall.parentNode.insertBefore(document.createTextNode("\n"), list);
    }
    replaceItems(list, doc.summary, root, null, false, doc.untranslated);
  }

  // Each container once per new state: a redraw of the same state would take away the reader's focus.
  function draw(selector, doc, part, root, how) {
    var key = JSON.stringify([part, doc.now]);
    var found = document.querySelectorAll(selector);
    for (var i = 0; i < found.length; i++) {
      if (drawn && drawn.get(found[i]) === key) continue;
      how(found[i], doc, root);
      if (drawn) drawn.set(found[i], key);
    }
  }

  var shown = null; // the last state read, for containers that appear after it was drawn

  function show(doc, source) {
    shown = { doc: doc, source: source };
    var root = new URL(doc.root, source);
    draw(".status-announce[data-status-live]", doc, doc.banner, root, drawBanner);
    draw(".status-summary[data-status-live]", doc, [doc.overall, doc.summary], root, drawSummary);
    update();
  }

  // Material's instant navigation may swap in the banner as built after the state was read: a container that
  // appears later is drawn from the state already read (draw skips those that show it).
  function undrawn() {
    var found = document.querySelectorAll(".status-announce[data-status-live], .status-summary[data-status-live]");
    for (var i = 0; i < found.length; i++) if (!drawn.has(found[i])) return true;
    return false;
  }

  if (typeof MutationObserver === "function" && drawn) {
    new MutationObserver(function () {
      if (shown && undrawn()) show(shown.doc, shown.source); // only for a container it has not drawn yet
    }).observe(document.documentElement, { childList: true, subtree: true });
  }

  function refresh() {
    update();
    var from = document.querySelector("[data-status-live]");
    if (!from || typeof fetch !== "function" || typeof URL !== "function") return;
    var source = new URL(from.getAttribute("data-status-live"), document.baseURI);
    if (source.origin !== window.location.origin) return; // never another host
    var mine = ++asked;
    fetch(source.href, { cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.json();
      })
      .then(function (doc) {
        if (mine === asked && isDocument(doc)) show(doc, source);
      })
      .catch(function () {
        // The state built into the page stays: it is still the state of its build.
      });
  }

  // Material's instant navigation swaps the page without a load event; document$ fires for each page.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(refresh);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", refresh);
  } else {
    refresh();
  }
  window.setInterval(update, 60 * 1000);
  window.setInterval(refresh, LIVE_REFRESH_MS);
})();
