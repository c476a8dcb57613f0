/* supportsite: moves maintenance from upcoming to in progress to completed by the visitor's clock,
   so that a page built yesterday does not lie today. Only maintenance whose state follows its
   window (data-auto="true", i.e. no later update by the writer) is moved. */
(function () {
  "use strict";

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
  }

  // Material's instant navigation swaps the page without a load event; document$ fires for each page.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(update);
  } else {
    document.addEventListener("DOMContentLoaded", update);
  }
  window.setInterval(update, 60 * 1000);
})();
