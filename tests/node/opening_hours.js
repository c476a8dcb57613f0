// Evaluates an opening_hours value with opening_hours.js the way support/hours.json tells consumers to:
// at the wall-clock time of the stated zone, with the country of its PH. Run by tests/test_osmhours.py.
//
// stdin: {"expression", "context" (opening_hours.js' nominatim object, or null), "timezone",
//         "instants": [ISO 8601 instants], "from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}
// stdout: {"warnings", "states": [{"instant", "wall", "open", "open_as_process_time"}],
//          "intervals": [["YYYY-MM-DDTHH:MM", "YYYY-MM-DDTHH:MM"], …] (open from "from" through "to", wall-clock)}
"use strict";

const OpeningHours = require("opening_hours");

const pad = (n) => String(n).padStart(2, "0");

// A Date whose fields in this process's zone are the wall clock of `instant` in `timeZone`: opening_hours.js reads
// a Date's local fields, so this is how to ask it about a Helsinki time whatever TZ the process runs in.
function wallClock(instant, timeZone) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-CA", {
    timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", second: "2-digit",
  }).formatToParts(instant).map((p) => [p.type, Number(p.value)]));
  return new Date(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
}

function local(date) {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function day(text, extra = 0) {
  const [y, m, d] = text.split("-").map(Number);
  return new Date(y, m - 1, d + extra);
}

let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const request = JSON.parse(input);
  const oh = new OpeningHours(request.expression, request.context);
  const states = (request.instants || []).map((text) => {
    const instant = new Date(text);
    const wall = wallClock(instant, request.timezone);
    return {instant: text, wall: local(wall), open: oh.getState(wall), open_as_process_time: oh.getState(instant)};
  });
  const intervals = request.from
    ? oh.getOpenIntervals(day(request.from), day(request.to, 1)).map(([a, b]) => [local(a), local(b)])
    : [];
  process.stdout.write(JSON.stringify({warnings: oh.getWarnings(), states, intervals}));
});
