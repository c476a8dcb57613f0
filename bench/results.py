"""Render the figures of build_speed.py (--table --save), profile_build.py (--json), serve_loop.py and
status_publish.py as Markdown for bench/RESULTS.md.

Usage: ``python bench/results.py --table T.json [--profile P.json] [--serve S.json …] [--publish P.json]``; prints Markdown
(the measured table, the targets with met/missed, the profile's tables, the writers' loop,
the machine). The prose around it in RESULTS.md is written by hand.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_speed  # noqa: E402  (bench/ is a folder of scripts, not a package)
import profile_build  # noqa: E402


def targets(results: list[dict]) -> list[tuple[str, str, str, bool | None]]:
    """(target, limit, measured, met) for each target that the rows allow to judge."""
    by = {r["pages"]: r for r in results}
    rows: list[tuple[str, str, str, bool | None]] = []
    for pages in (300, 1000):
        if pages not in by:
            continue
        r = by[pages]
        rows.append((f"supportsite / bare Material at {pages:,} pages (warm .cache)", "≤ 1.15", f"{r['ratio']:.2f}",
                     r["ratio"] <= 1.15))
        if "ratio_paired" in r:
            rows.append(("the same, median of the a/b pairs (each run over the one right after it)", "≤ 1.15",
                         f"{r['ratio_paired']:.2f}", r["ratio_paired"] <= 1.15))
        cold = r["supportsite_cold_s"] / r["material_s"]
        rows.append(("the same, cold (fresh checkout, empty .cache)", "≤ 1.15", f"{cold:.2f}", cold <= 1.15))
    if 1000 in by and 5000 in by:
        growth = by[5000]["supportsite_s"] / by[1000]["supportsite_s"]
        rows.append(("build time 1,000 → 5,000 pages (warm)", "≤ 5.5×", f"{growth:.2f}×", growth <= 5.5))
        growth = by[5000]["supportsite_cold_s"] / by[1000]["supportsite_cold_s"]
        rows.append(("build time 1,000 → 5,000 pages (cold)", "≤ 5.5×", f"{growth:.2f}×", growth <= 5.5))
    if 100 in by and 5000 in by:
        small, big = by[100]["supportsite_faq_page_bytes"], by[5000]["supportsite_faq_page_bytes"]
        if small and big:
            rows.append(("FAQ page HTML at 5,000 / at 100 pages", "≤ 1.2×", f"{big / small:.2f}× ({small:,} → {big:,} B)",
                         big / small <= 1.2))
    if 5000 in by:
        r = by[5000]
        first = build_speed._first_search(r, "supportsite")
        how = "browser" if "first_search_bytes_max" in (r.get("supportsite_first_search_browser") or {}) else "static estimate"
        if first:
            rows.append(("first search download at 5,000 pages (compressed)", "≤ 300 kB", f"{first / 1000:,.0f} kB ({how})",
                         first <= 300_000))
        rows.append(("`supportsite check` / build at 5,000 pages", "≤ 10 %",
                     f"{r['check_share_of_build']:.1%} ({r['check_s']:.2f} s)", r["check_share_of_build"] <= 0.10))
        peak = max(r["supportsite_peak_mib"], r["supportsite_cold_peak_mib"],
                   r.get("supportsite_cold_peak_tree_mib", 0), r.get("supportsite_peak_tree_mib", 0))
        rows.append(("peak memory of a 5,000-page build (cold or warm)", "≤ 1 GiB", f"{peak:.0f} MiB", peak <= 1024))
    return rows


def verdict(ok: bool | None, conclusive: bool) -> str:
    if not conclusive:
        return "not conclusive (machine under load)"
    return "yes" if ok else "NO"


def render(results: list[dict], profile: dict | None, serve: list[dict], top: int, publish: dict | None = None) -> str:
    out = ["## Measured table", "", build_speed.markdown_table(results), "", "## Targets", "",
           "| target | limit | measured | met |", "| --- | --- | --- | --- |"]
    # A figure from a machine that was doing other work says little: it is shown, but not judged.
    conclusive = all(r.get("quiet", False) for r in results)
    out += [f"| {name} | {limit} | {measured} | {verdict(ok, conclusive)} |" for name, limit, measured, ok in targets(results)]
    loads = ", ".join(f"{r['pages']:,} pages: {r['load_before']['load'][0]:.2f} → {r['load_after']['load'][0]:.2f}"
                      for r in results if "load_before" in r)
    if loads:
        out += ["", f"1-minute load average before → after each row's run ({results[0]['load_before']['cpus']} CPUs): {loads}."
                    + ("" if conclusive else " At least one run was not quiet: its targets are marked not conclusive.")]
    out += ["", "## Search download per visitor (first search, compressed)", "",
            "| pages | supportsite (Pagefind) browser | supportsite static estimate | Material (lunr) browser | Material static | Material index raw |",
            "| ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        def cell(value):
            return "–" if not value else f"{value / 1000:,.0f} kB"
        sb = (r.get("supportsite_first_search_browser") or {}).get("first_search_bytes_max")
        mb = (r.get("material_first_search_browser") or {}).get("first_search_bytes_max")
        ss, ms = r.get("supportsite_search") or {}, r.get("material_search") or {}
        out.append(f"| {r['pages']:,} | {cell(sb)} | {cell(ss.get('first_search_bytes'))} | {cell(mb)} "
                   f"| {cell(ms.get('first_search_bytes'))} | {cell(ms.get('index_raw_bytes'))} |")
    if profile:
        out += ["", f"## Profile of the {profile['pages']:,}-page build (cProfile)", "",
                f"Wall time under the profiler: {profile['wall_s_under_profiler']:.1f} s; profiled total {profile['total_s']:.1f} s.",
                ""]
        trimmed = dict(profile)
        for key in ("top_cumulative", "top_own", "ours_cumulative"):
            trimmed[key] = profile[key][:top]
        out.append(_demote(profile_build.render(trimmed).split("\n", 2)[2]))
        if profile.get("related_job"):
            job = dict(profile["related_job"])
            for key in ("top_cumulative", "top_own", "ours_cumulative"):
                job[key] = job[key][:top]
            out += ["", "### The related-articles job, profiled on its own (cold)", "",
                    "hooks/knowledge.py runs it in a spawned worker process during the build, where the build's "
                    f"profile cannot see it; here in one process: {job['wall_s_under_profiler']:.1f} s under the profiler.", "",
                    _demote(profile_build.render(job).split("\n", 2)[2])]
    if serve:
        out += ["", "## Writers' loop (`make serve`: `mkdocs serve --dirty`)", "",
                "| file saved | pages | first build served s | save → rebuilt page served, s (median) "
                "| → in the status feed (a post) or the FAQ index (a title), s (median) "
                "| → related lists rebuilt, s (median) |",
                "| --- | ---: | ---: | --- | --- | --- |"]
        for loop in serve:
            def cells(key):  # "save_to_served_s" → its values, and "save_to_served_median_s" in brackets
                values = loop.get(key) or []
                median = loop.get(key.removesuffix("_s") + "_median_s")
                return f"{', '.join(f'{x:.2f}' for x in values)} ({median:.2f})" if values else "–"
            saved = "`supportsite new incident`" if loop.get("edited") == "incident" else f"`{loop['post']}`"
            out.append(f"| {loop.get('edited', 'status')} ({saved}) | {loop['pages']:,} | {loop['first_build_served_s']:.1f} "
                       f"| {cells('save_to_served_s')} | {cells('save_to_feed_s')} | {cells('save_to_related_lists_s')} |")
        out += ["", "| target | limit | measured | met |", "| --- | --- | --- | --- |"]
        for loop in serve:
            page = loop["save_to_served_median_s"]
            out.append(f"| {loop.get('edited', 'status')}: saved → page served | ≤ 2 s | {page:.2f} s | {'yes' if page <= 2 else 'NO'} |")
            listed = "FAQ index" if loop.get("edited") == "faq-title" else "feed"
            for what, follow in ((listed, loop.get("save_to_feed_median_s")),
                                 ("related lists", loop.get("save_to_related_lists_median_s"))):
                if follow is not None:
                    out.append(f"| {loop.get('edited', 'status')}: saved → {what} | ≤ 5 s | {follow:.2f} s "
                               f"| {'yes' if follow <= 5 else 'NO'} |")
    if publish:
        medians = publish["median_s"]
        out += ["", f"## During an outage (`supportsite publish status`, {publish['pages']:,} pages)", "",
                "Seconds from the command's start; a page's figure adds that page's own load in Chromium until the "
                "incident shows (bench/status_publish.py). Load average before → after: "
                f"{publish['load_before'][0]:.2f} → {publish['load_after'][0]:.2f} ({publish['cpus']} CPUs).", "",
                "| " + " | ".join(medians) + " |", "|" + " ---: |" * len(medians),
                "| " + " | ".join(f"{v:.2f}" for v in medians.values()) + " |", "",
                f"Target: the incident on every page type ≤ 5 s after the command's start: "
                f"{medians['every page type']:.2f} s, {'met' if medians['every page type'] <= 5 else 'MISSED'}."]
        against = publish.get("against")
        if against:  # status_publish.py --against: the commit's runs alternated with these
            out += ["", f"The same runs alternated with commit `{against['commit']}` (its corpus built the same "
                        "way), and this tree over it run by run (median):", "",
                    "| | " + " | ".join(medians) + " |", "| --- |" + " ---: |" * len(medians),
                    f"| `{against['commit']}` | " + " | ".join(f"{against['median_s'][k]:.2f}" for k in medians) + " |",
                    "| this tree | " + " | ".join(f"{v:.2f}" for v in medians.values()) + " |",
                    "| this tree / the commit | " + " | ".join(f"{against['b_over_a'][k]:.2f}" for k in medians) + " |"]
    machine = results[0]["machine"]
    out += ["", "## Machine", "",
            f"{machine['nproc']} CPUs, {machine['ram_gib']} GiB RAM, Python {machine['python']}, MkDocs {machine['mkdocs']}, "
            f"Material {machine['mkdocs-material']}, {machine['platform']}."]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--table", type=Path, required=True, help="JSON list saved by build_speed.py --table --save")
    parser.add_argument("--profile", type=Path, default=None, help="JSON printed by profile_build.py --json")
    parser.add_argument("--serve", type=Path, action="append", default=[], help="JSON printed by serve_loop.py (repeatable)")
    parser.add_argument("--publish", type=Path, default=None, help="JSON printed by status_publish.py")
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args(argv)
    results = json.loads(args.table.read_text(encoding="utf-8"))
    results = results if isinstance(results, list) else [results]
    profile = json.loads(args.profile.read_text(encoding="utf-8")) if args.profile else None
    serve = [json.loads(path.read_text(encoding="utf-8")) for path in args.serve]
    publish = json.loads(args.publish.read_text(encoding="utf-8")) if args.publish else None
    print(render(results, profile, serve, args.top, publish), end="")
    return 0


def _demote(markdown: str) -> str:
    """profile_build's '## ' sections become '#### ' under this file's '## Profile' heading."""
    return "\n".join("##" + line if line.startswith("## ") else line for line in markdown.splitlines())


if __name__ == "__main__":
    sys.exit(main())
