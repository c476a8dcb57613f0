// "Open now" for the support desk: reads the schedule and the texts the page carries in data-schedule
// (hooks/core/hoursexport.py, page_schedule) and says, by the visitor's clock converted to Helsinki time, whether
// the desk is open and when it next opens. Without JavaScript the page keeps its table and list of exceptional days.
(function () {
  "use strict";

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // Wall-clock date and minute of `now` in the schedule's zone, via Intl (no library, no other host).
  function localParts(now, zone) {
    var parts = {};
    new Intl.DateTimeFormat("en-GB", {
      timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).formatToParts(now).forEach(function (p) { parts[p.type] = p.value; });
    return {
      date: Date.UTC(+parts.year, +parts.month - 1, +parts.day),
      minute: (+parts.hour % 24) * 60 + +parts.minute
    };
  }

  function isoDate(utcMidnight) {
    var d = new Date(utcMidnight);
    return d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate());
  }

  function intervalsOn(schedule, utcMidnight) {
    var key = isoDate(utcMidnight);
    if (Object.prototype.hasOwnProperty.call(schedule.days, key)) return schedule.days[key];
    var weekday = (new Date(utcMidnight).getUTCDay() + 6) % 7; // Monday = 0, as in the data
    return schedule.week[weekday];
  }

  function clock(minutes) {
    var h = Math.floor(minutes / 60), m = minutes % 60;
    return m ? h + "." + pad(m) : String(h);
  }

  // "{name}" in a text from the page is replaced by values[name].
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, name) { return name in values ? values[name] : whole; });
  }

  function describe(schedule, now) {
    var texts = schedule.texts;
    var here = localParts(now, schedule.timezone);
    var today = intervalsOn(schedule, here.date);
    for (var i = 0; i < today.length; i++) {
      if (today[i][0] <= here.minute && here.minute < today[i][1]) {
        return { open: true, text: fill(texts.open, { time: clock(today[i][1]) }) };
      }
    }
    for (var offset = 0; offset < 400; offset++) {
      var day = here.date + offset * 86400000;
      var list = intervalsOn(schedule, day);
      for (var j = 0; j < list.length; j++) {
        if (offset > 0 || list[j][0] > here.minute) {
          var d = new Date(day);
          var when = offset === 0 ? texts.today : offset === 1 ? texts.tomorrow : fill(texts.day, {
            weekday: texts.weekdays[(d.getUTCDay() + 6) % 7], day: d.getUTCDate(), month: d.getUTCMonth() + 1
          });
          return { open: false, text: fill(texts.opens, { when: when, time: clock(list[j][0]) }) };
        }
      }
    }
    return { open: false, text: texts.closed };
  }

  function update(box, schedule) {
    var result = describe(schedule, new Date());
    var text = box.querySelector(".supportsite-open-now__text");
    // The state is in the words, the colour only repeats it (WCAG 1.4.1).
    text.textContent = result.text;
    box.setAttribute("data-state", result.open ? "open" : "closed");
  }

  function updateAll() {
    var boxes = document.querySelectorAll("[data-supportsite-open-now]");
    Array.prototype.forEach.call(boxes, function (box) {
      var schedule = JSON.parse(box.getAttribute("data-schedule"));
      update(box, schedule);
    });
  }

  function start() {
    // Material's instant navigation swaps pages in without a load event; document$ emits for each page.
    if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(updateAll);
    else updateAll();
    setInterval(updateAll, 30000);
  }

  // Once per document, even when instant navigation brings this script in again with the next page.
  if (typeof window !== "undefined" && typeof document !== "undefined" && !window.supportsiteOpenNow) {
    window.supportsiteOpenNow = true;
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }
  if (typeof module !== "undefined") module.exports = { describe: describe };
})();
