// "Open now" for the support desk: reads the schedule the page carries (hooks/core/hoursexport.py,
// page_schedule) and says, by the visitor's clock converted to Helsinki time, whether the desk is open
// and when it next opens. Without JavaScript the page keeps its table and list of exceptional days.
(function () {
  "use strict";

  var WEEKDAYS = ["maanantaina", "tiistaina", "keskiviikkona", "torstaina", "perjantaina", "lauantaina", "sunnuntaina"];

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

  function describe(schedule, now) {
    var here = localParts(now, schedule.timezone);
    var today = intervalsOn(schedule, here.date);
    for (var i = 0; i < today.length; i++) {
      if (today[i][0] <= here.minute && here.minute < today[i][1]) {
        return { open: true, text: "Asiakaskeskus on nyt auki. Suljemme klo " + clock(today[i][1]) + " (Suomen aikaa)." };
      }
    }
    for (var offset = 0; offset < 400; offset++) {
      var day = here.date + offset * 86400000;
      var list = intervalsOn(schedule, day);
      for (var j = 0; j < list.length; j++) {
        if (offset > 0 || list[j][0] > here.minute) {
          var d = new Date(day);
          var when = offset === 0 ? "tänään" : offset === 1 ? "huomenna" :
            WEEKDAYS[(d.getUTCDay() + 6) % 7] + " " + d.getUTCDate() + "." + (d.getUTCMonth() + 1) + ".";
          return { open: false, text: "Asiakaskeskus on nyt suljettu. Avaamme " + when + " klo " + clock(list[j][0]) + " (Suomen aikaa)." };
        }
      }
    }
    return { open: false, text: "Asiakaskeskus on nyt suljettu." };
  }

  function update(box, schedule) {
    var result = describe(schedule, new Date());
    var text = box.querySelector(".supportsite-open-now__text");
    // The state is in the words, the colour only repeats it (WCAG 1.4.1).
    text.textContent = result.text;
    box.setAttribute("data-state", result.open ? "open" : "closed");
  }

  function start() {
    var boxes = document.querySelectorAll("[data-supportsite-open-now]");
    Array.prototype.forEach.call(boxes, function (box) {
      var data = box.querySelector("script.supportsite-schedule");
      if (!data) return;
      var schedule = JSON.parse(data.textContent);
      update(box, schedule);
      setInterval(function () { update(box, schedule); }, 30000);
    });
  }

  if (typeof window !== "undefined" && typeof document !== "undefined") {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }
  if (typeof module !== "undefined") module.exports = { describe: describe };
})();
