"""Build speed, memory and size of the generated corpus: supportsite complete versus bare Material.

Usage:
  python bench/build_speed.py --pages 1000 --runs 3 --json      one JSON object on stdout
  python bench/build_speed.py --table --table-runs 3,3,1        a Markdown table for N = 100, 1,000, 5,000

For each N the corpus (bench/corpus.py) is generated into ``--work`` (default /tmp/supportsite-bench),
then built alternately (a) with supportsite complete (the corpus's mkdocs.yml, all hooks) and (b) with
bare Material (the twin in ``<corpus>/material``: same Markdown under one docs_dir, no hooks, stock
search plugin unless ``--baseline-search off``), a b a b …. Each build is a separate ``mkdocs build``
process: the wall time is the whole process (interpreter start, imports, build); the peak memory is
the sum of the resident sets of the build's process tree (mkdocs, the process rendering half of its pages,
the related-articles worker, the Pagefind indexer), sampled every 0.25 s; as ``*_peak_tree_pss_mib`` the sum of
their proportional sets, which counts once what the forked renderer shares with mkdocs; and, as ``*_peak_mib``,
the largest single process's peak (``os.wait4``). Both builds pin ``SOURCE_DATE_EPOCH`` to the corpus's reference date.
``--without-translations`` measures the same corpus without its Swedish sources (both builds), to say what the
second language costs.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402  (bench/ is a folder of scripts, not a package)

CACHE_FOLDER = ".cache"  # hooks/core/search.py CACHE_FOLDER, under the corpus root

DEFAULT_WORK = Path("/tmp/supportsite-bench")
GZIP_LEVEL = 6  # what `gzip` and most web servers' default compression use
RESULTS_SHOWN = 8  # results whose fragments a first search loads (hooks/theme/assets/javascripts/search.js SHOWN)


PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")


def tree_memory(pid: int) -> tuple[int, int]:
    """(resident, proportional) bytes of ``pid`` and all its descendants now (Linux /proc).

    The resident sets' sum counts twice what a forked process still shares with its parent (the build renders
    half of its pages in one: hooks/site.py); the proportional set size (``Pss``) splits each shared page
    between the processes that map it, so its sum is the memory the tree takes."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    rss = pss = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            rss += int(Path(f"/proc/{current}/statm").read_text().split()[1]) * PAGE_BYTES
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            pss += int(rollup.split("\nPss:", 1)[1].split()[0]) * 1024
        except (OSError, IndexError, ValueError):
            pass
        todo += children.get(current, [])
    return rss, pss


class _TreeSampler(threading.Thread):
    """Samples the build's process tree every 0.25 s: ru_maxrss is one process's peak, not the sum of concurrent ones."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.peak_pss, self.done = pid, 0, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.25):
            rss, pss = tree_memory(self.pid)
            self.peak, self.peak_pss = max(self.peak, rss), max(self.peak_pss, pss)


def run_build(config: Path, site_dir: Path, log: Path, strict: bool = False, timeout: float | None = None) -> dict:
    """One ``mkdocs build`` in its own process: wall seconds, peak RSS, exit status, warnings; killed after ``timeout``."""
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site_dir)]
    if strict:
        command.append("--strict")
    env = corpus.build_env()
    with log.open("wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=config.parent, stdout=out, stderr=subprocess.STDOUT, env=env)
        timer = threading.Timer(timeout, process.kill) if timeout else None
        if timer:
            timer.start()
        sampler = _TreeSampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)  # this child's own rusage, unlike RUSAGE_CHILDREN
        wall = time.perf_counter() - start
        sampler.done.set()
        sampler.join()
        if timer:
            timer.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    removed_after = _wait_for_removal(site_dir)
    text = log.read_text(encoding="utf-8", errors="replace")
    return {
        "wall_s": wall,
        # Processor seconds of the build and of every process it waited for (its forks, Pagefind): what the cores
        # had to give it, whatever their number. Not the remover of an old site, which the build does not wait for.
        "user_s": usage.ru_utime,
        "system_s": usage.ru_stime,
        "peak_mib": usage.ru_maxrss / 1024,  # Linux reports KiB; the largest single process (mkdocs or a child it reaped)
        "peak_tree_mib": sampler.peak / 2**20,
        "peak_tree_pss_mib": sampler.peak_pss / 2**20,
        "returncode": process.returncode,
        "timed_out": bool(timeout) and wall >= timeout,
        "removal_after_s": removed_after,
        "warnings": sum(1 for line in text.splitlines() if line.startswith("WARNING")),
        "log": str(log),
    }


def _wait_for_removal(site_dir: Path, timeout: float = 60.0) -> float:
    """Wait, untimed, until the old site that the build set aside (``<site>.removing-*``, hooks/core/sitedir.py) is
    removed; the seconds waited. The build does not wait for its remover, which runs at the lowest priority once the
    build has started; left running, it would slow the next build measured (another tree's, or Material's), whose
    own clean-up MkDocs makes in its process and so in its time."""
    start = time.perf_counter()
    while any(site_dir.parent.glob(f"{site_dir.name}.removing-*")) and time.perf_counter() - start < timeout:
        time.sleep(0.02)
    return time.perf_counter() - start


def run_check(root: Path) -> dict:
    """``supportsite check`` on the corpus as its own process (the command writers and CI run)."""
    command = [str(Path(sys.executable).with_name("supportsite")), "--root", str(root), "check"]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    return {"wall_s": time.perf_counter() - start, "returncode": done.returncode,
            "output": (done.stdout + done.stderr).strip()[-2000:]}


def tree_size(folder: Path) -> dict:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return {"bytes": sum(p.stat().st_size for p in files), "files": len(files),
            "html_files": sum(1 for p in files if p.suffix == ".html")}


def _gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), GZIP_LEVEL, mtime=0))


def search_download(site: Path) -> dict | None:
    """What a visitor's first search downloads, compressed: Pagefind if the site has it, else Material's lunr search.

    A static estimate; bench/first_search.py measures the same in a browser. Pagefind: pagefind.js, its
    worker, pagefind-entry.json, the WebAssembly and the metadata of the index language, every filter file,
    the largest index chunk and the eight largest fragments and excerpts (our search box shows eight results; its
    Pagefind UI files are not loaded); Pagefind's own files are stored gzipped and counted as they are. Material:
    search_index.json and the search worker, gzipped, plus the lunr language scripts the worker imports.
    """
    pagefind = site / "pagefind"
    if pagefind.is_dir():
        entry = json.loads((pagefind / "pagefind-entry.json").read_text(encoding="utf-8"))
        languages = entry.get("languages", {})
        language = next(iter(sorted(languages, key=lambda k: -languages[k].get("page_count", 0))), None)
        meta_hash = languages.get(language, {}).get("hash", "")
        parts = {"pagefind-entry.json": _gz(pagefind / "pagefind-entry.json"), "pagefind.js": _gz(pagefind / "pagefind.js")}
        if (pagefind / "pagefind-worker.js").is_file():
            parts["pagefind-worker.js"] = _gz(pagefind / "pagefind-worker.js")
        wasm = sorted(pagefind.glob(f"wasm.{language}.pagefind")) or sorted(pagefind.glob("wasm.unknown.pagefind"))
        parts["wasm"] = wasm[0].stat().st_size if wasm else 0
        metas = sorted(pagefind.glob(f"pagefind.{language}_{meta_hash}.pf_meta")) or sorted(pagefind.glob("*.pf_meta"))
        parts["pf_meta"] = max((p.stat().st_size for p in metas), default=0)
        parts["filters"] = sum(p.stat().st_size for p in (pagefind / "filter").glob("*.pf_filter")) if (pagefind / "filter").is_dir() else 0
        chunks = sorted(p.stat().st_size for p in (pagefind / "index").glob("*.pf_index"))
        fragments = sorted(p.stat().st_size for p in (pagefind / "fragment").glob("*.pf_fragment"))
        parts["largest_index_chunk"] = chunks[-1] if chunks else 0
        parts["largest_fragments"] = sum(fragments[-RESULTS_SHOWN:])
        excerpts = sorted(_gz(p) for p in (pagefind / "excerpt").glob("*.json"))
        parts["largest_excerpts"] = sum(excerpts[-RESULTS_SHOWN:])
        return {"engine": "pagefind", "language": language, "first_search_bytes": sum(parts.values()), "parts": parts,
                "index_chunks": len(chunks), "fragments": len(fragments), "total_bytes": tree_size(pagefind)["bytes"]}
    index = site / "search" / "search_index.json"
    if index.is_file():
        parts = {"search_index.json": _gz(index)}
        workers = sorted((site / "assets/javascripts/workers").glob("search.*.min.js"))
        parts["worker"] = sum(_gz(p) for p in workers)
        lang = json.loads(index.read_text(encoding="utf-8")).get("config", {}).get("lang", ["en"])
        lunr = site / "assets/javascripts/lunr/min"
        names = ["lunr.stemmer.support.min.js"] + [f"lunr.{code}.min.js" for code in lang if code != "en"]
        if len(lang) > 1:
            names.append("lunr.multi.min.js")
        parts["lunr_languages"] = sum(_gz(lunr / n) for n in names if (lunr / n).is_file())
        return {"engine": "material", "first_search_bytes": sum(parts.values()), "parts": parts,
                "index_raw_bytes": index.stat().st_size}
    return None


def machine() -> dict:
    meminfo = Path("/proc/meminfo").read_text().split("\n", 1)[0].split()
    return {
        "nproc": os.cpu_count(),
        "ram_gib": round(int(meminfo[1]) / 1024 / 1024, 1) if meminfo and meminfo[0] == "MemTotal:" else None,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "mkdocs": metadata.version("mkdocs"),
        "mkdocs-material": metadata.version("mkdocs-material"),
    }


def browser_search(site: Path, page: str) -> dict | None:
    """bench/first_search.py's measurement, or None with the reason logged when no browser is at hand."""
    import first_search

    try:
        result = first_search.measure(site, page, first_search.QUERIES)
    except Exception as error:  # noqa: BLE001 - the build figures stay useful without the browser's
        return {"error": f"{type(error).__name__}: {error}"[:500]}
    return {"first_search_bytes_max": result["first_search_bytes_max"], "worst_query": result["worst_query"],
            "by_query": {q["query"]: q["bytes"] for q in result["queries"]}}


QUIET_LOAD_PER_CPU = 0.25  # a 1-minute load average above this share of the CPUs, before or after: not quiet


def load_reading() -> dict:
    """The load averages (1, 5, 15 min) and the CPU count, to say whether a run was taken on a quiet machine."""
    return {"load": [round(x, 2) for x in os.getloadavg()], "cpus": os.cpu_count()}


OWN_LOAD = 1.5  # what the run's own builds add to the load: one build at a time, ours with Pagefind beside it
SETTLE_S = 150  # the longest wait for the machine to calm down before a run (the last run's load decays first)


def quiet(before: dict, after: dict) -> bool:
    """Whether nothing else ran: the 1-minute load before the run, and after it less the run's own builds
    (OWN_LOAD), stayed under QUIET_LOAD_PER_CPU of the CPUs."""
    limit = QUIET_LOAD_PER_CPU * before["cpus"]
    return before["load"][0] <= limit and after["load"][0] - OWN_LOAD <= limit


def settle(log=print) -> dict:
    """Wait (up to SETTLE_S) until the 1-minute load is under the quiet limit, then read it: the load an earlier
    run left, or another program's, is not this run's."""
    limit = QUIET_LOAD_PER_CPU * (os.cpu_count() or 1)
    deadline = time.monotonic() + SETTLE_S
    while os.getloadavg()[0] > limit and time.monotonic() < deadline:
        time.sleep(5)
    reading = load_reading()
    if reading["load"][0] > limit:
        log(f"  the machine did not calm down: load {reading['load'][0]} (limit {limit}); the run is not conclusive")
    return reading


def measure(pages: int, runs: int, work: Path, search: str = "stock", strict: bool = False, log=print,
            browser: bool = False, timeout: float | None = None, cache: str = "warm",
            settle_first: bool = True, translations: bool = True) -> dict:
    """Generate the corpus for ``pages``, build it ``runs`` times each way (a b a b), return the figures."""
    root = work / (f"corpus-{pages}" if translations else f"corpus-{pages}-fi")
    manifest = corpus.generate(root, pages, translations=translations)
    twin = corpus.bare_material(root, search)
    load_before = settle(log) if settle_first else load_reading()
    builds: dict[str, list[dict]] = {"supportsite": [], "material": []}
    configs = {"supportsite": (root / "mkdocs.yml", root / "_site"), "material": (twin / "mkdocs.yml", twin / "_site")}
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    # Our hooks cache the Whoosh index and the related-articles choice in <root>/.cache/ by content hash.
    # One build on the fresh corpus fills it (reported as the cold build); "warm" then times builds of
    # unchanged sources, as a writer's or CI's second build; "cold" removes the cache before each build.
    cold = run_build(*configs["supportsite"], logs / f"supportsite-{pages}-cold.log", timeout=timeout)
    log(f"  {pages} pages, cold build (empty .cache), supportsite: {cold['wall_s']:.2f} s, {cold['peak_mib']:.0f} MiB, "
        f"exit {cold['returncode']}")
    for run in range(runs):
        for name in ("supportsite", "material"):
            config, site = configs[name]
            if name == "supportsite" and cache == "cold":
                shutil.rmtree(root / CACHE_FOLDER, ignore_errors=True)
            result = run_build(config, site, logs / f"{name}-{pages}-{run}.log", strict=strict and name == "supportsite",
                               timeout=timeout)
            builds[name].append(result)
            log(f"  {pages} pages, run {run + 1}/{runs}, {name}: {result['wall_s']:.2f} s, "
                f"{result['peak_mib']:.0f} MiB, exit {result['returncode']}, {result['warnings']} warnings")
    checks = [run_check(root) for _ in range(runs)]
    site_a, site_b = configs["supportsite"][1], configs["material"][1]
    probe = manifest["probe_faq_url"] + "index.html"
    median = {name: statistics.median(b["wall_s"] for b in results) for name, results in builds.items()}
    check_s = statistics.median(c["wall_s"] for c in checks)
    browsed = {}
    if browser:
        for name, site in (("supportsite", site_a), ("material", site_b)):
            browsed[name] = browser_search(site, manifest["probe_faq_url"]) if site.is_dir() else None
            log(f"  {pages} pages, {name}: first search in the browser: {browsed[name]}")
    load_after = load_reading()
    return {
        "load_before": load_before,
        "load_after": load_after,
        "quiet": quiet(load_before, load_after),
        "supportsite_first_search_browser": browsed.get("supportsite"),
        "material_first_search_browser": browsed.get("material"),
        "pages": pages,
        "generated_pages": manifest["generated"],
        "counts": manifest["counts"],
        "translations": translations,
        "runs": runs,
        "order": "a b a b (supportsite, material)",
        "baseline": f"bare Material 9.8, same Markdown under one docs_dir, no hooks, Material search plugin {search}",
        "cache": cache,
        "supportsite_cold_s": round(cold["wall_s"], 3),
        "supportsite_cold_peak_mib": round(cold["peak_mib"], 1),
        "supportsite_cold_peak_tree_mib": round(cold["peak_tree_mib"], 1),
        "supportsite_peak_tree_mib": round(max(b["peak_tree_mib"] for b in builds["supportsite"]), 1),
        "supportsite_cold_peak_tree_pss_mib": round(cold["peak_tree_pss_mib"], 1),
        "supportsite_peak_tree_pss_mib": round(max(b["peak_tree_pss_mib"] for b in builds["supportsite"]), 1),
        "material_peak_tree_mib": round(max(b["peak_tree_mib"] for b in builds["material"]), 1),
        "supportsite_cold_ok": cold["returncode"] == 0,
        "supportsite_s": round(median["supportsite"], 3),
        "material_s": round(median["material"], 3),
        "ratio": round(median["supportsite"] / median["material"], 3),
        # Each supportsite build over the Material build right after it, median: the two share the machine's
        # state of the moment, so this ratio moves less than the medians when other work slows the machine.
        "ratio_paired": round(statistics.median(a["wall_s"] / b["wall_s"] for a, b in
                                                zip(builds["supportsite"], builds["material"])), 3),
        # Processor seconds (user + system, medians): on two cores, a build takes at least half of them in wall time
        "supportsite_cpu_s": round(statistics.median(b["user_s"] + b["system_s"] for b in builds["supportsite"]), 3),
        "material_cpu_s": round(statistics.median(b["user_s"] + b["system_s"] for b in builds["material"]), 3),
        "supportsite_cold_cpu_s": round(cold["user_s"] + cold["system_s"], 3),
        "supportsite_cold_system_s": round(cold["system_s"], 3),
        "material_system_s": round(statistics.median(b["system_s"] for b in builds["material"]), 3),
        "supportsite_runs_s": [round(b["wall_s"], 3) for b in builds["supportsite"]],
        "material_runs_s": [round(b["wall_s"], 3) for b in builds["material"]],
        "supportsite_peak_mib": round(max(b["peak_mib"] for b in builds["supportsite"]), 1),
        "material_peak_mib": round(max(b["peak_mib"] for b in builds["material"]), 1),
        "supportsite_ok": all(b["returncode"] == 0 for b in builds["supportsite"]),
        "material_ok": all(b["returncode"] == 0 for b in builds["material"]),
        "timed_out": cold["timed_out"] or any(b["timed_out"] for results in builds.values() for b in results),
        "supportsite_warnings": builds["supportsite"][-1]["warnings"],
        "material_warnings": builds["material"][-1]["warnings"],
        "supportsite_site": tree_size(site_a) if site_a.is_dir() else None,
        "material_site": tree_size(site_b) if site_b.is_dir() else None,
        "faq_page": probe,
        "supportsite_faq_page_bytes": (site_a / probe).stat().st_size if (site_a / probe).is_file() else None,
        "material_faq_page_bytes": (site_b / probe).stat().st_size if (site_b / probe).is_file() else None,
        "supportsite_search": search_download(site_a) if site_a.is_dir() else None,
        "material_search": search_download(site_b) if site_b.is_dir() else None,
        "check_s": round(check_s, 3),
        "check_ok": all(c["returncode"] == 0 for c in checks),
        "check_output": checks[-1]["output"],
        "check_share_of_build": round(check_s / median["supportsite"], 3),
        "logs": str(logs),
        "corpus": str(root),
        "machine": machine(),
    }


def _kb(value: int | None) -> str:
    return "–" if value is None else f"{value / 1000:,.0f}"


def _peak(result: dict, name: str) -> str:
    """Peak memory of the process tree (sampled) when measured, else of the largest single process."""
    return f"{max(result.get(name + '_peak_tree_mib', 0), result[name + '_peak_mib']):.0f}"


def _first_search(result: dict, name: str) -> int | None:
    """The browser's figure when measured, else the static estimate."""
    browsed = result.get(f"{name}_first_search_browser") or {}
    if "first_search_bytes_max" in browsed:
        return browsed["first_search_bytes_max"]
    static = result.get(f"{name}_search")
    return static and static["first_search_bytes"]


def markdown_table(results: list[dict]) -> str:
    """The results table: one row per N, then the growth and size ratios between the rows."""
    rows = [
        "| Pages | supportsite s | Material s | ratio (paired) | supportsite cold s (ratio) | peak MiB, process tree (s cold / s / M) "
        "| site MB (s / M) | FAQ page kB (s / M) | first search kB gz (s / M) | check s | check / build |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        sa, sb = _first_search(r, "supportsite"), _first_search(r, "material")
        rows.append(
            f"| {r['pages']:,} | {r['supportsite_s']:.2f} | {r['material_s']:.2f} | {r['ratio']:.2f} ({r['ratio_paired']:.2f}) "
            f"| {r['supportsite_cold_s']:.2f} ({r['supportsite_cold_s'] / r['material_s']:.2f}) "
            f"| {_peak(r, 'supportsite_cold')} / {_peak(r, 'supportsite')} / {_peak(r, 'material')} "
            f"| {(r['supportsite_site'] or {}).get('bytes', 0) / 1e6:,.1f} / {(r['material_site'] or {}).get('bytes', 0) / 1e6:,.1f} "
            f"| {_kb(r['supportsite_faq_page_bytes'])} / {_kb(r['material_faq_page_bytes'])} "
            f"| {_kb(sa)} / {_kb(sb)} "
            f"| {r['check_s']:.2f} | {r['check_share_of_build']:.1%} |"
        )
    by_pages = {r["pages"]: r for r in results}
    notes = []
    for r in results:
        # The two builds write different numbers of pages: supportsite adds status, topic, product and Swedish pages
        # that the twin has not. Per page written, the cost of the hooks themselves shows.
        ours, theirs = (r.get("supportsite_site") or {}).get("html_files"), (r.get("material_site") or {}).get("html_files")
        if ours and theirs:
            per_ours, per_theirs = r["supportsite_s"] / ours * 1000, r["material_s"] / theirs * 1000
            notes.append(f"- {r['pages']:,} pages: per HTML page written, supportsite {per_ours:.2f} ms ({ours:,} pages), "
                         f"Material {per_theirs:.2f} ms ({theirs:,} pages): {per_ours / per_theirs:.2f}×")
        if r.get("supportsite_cpu_s") is not None:
            notes.append(f"- {r['pages']:,} pages: processor seconds (user + system, the build and the processes it "
                         f"waited for), supportsite {r['supportsite_cpu_s']:.2f} ({r['cache']}), cold "
                         f"{r['supportsite_cold_cpu_s']:.2f} (system {r['supportsite_cold_system_s']:.2f}); "
                         f"Material {r['material_cpu_s']:.2f} (system {r['material_system_s']:.2f})")
    if 1000 in by_pages and 5000 in by_pages:
        for name in ("supportsite", "material", "supportsite_cold"):
            notes.append(f"- {name}: 1,000 → 5,000 pages grows {by_pages[5000][name + '_s'] / by_pages[1000][name + '_s']:.2f}×")
    if 100 in by_pages and 5000 in by_pages:
        for name in ("supportsite", "material"):
            small, big = by_pages[100][name + "_faq_page_bytes"], by_pages[5000][name + "_faq_page_bytes"]
            if small and big:
                notes.append(f"- {name}: FAQ page at 5,000 / at 100 pages = {big / small:.2f}×")
    runs = ", ".join(f"{r['pages']:,}: {r['runs']}" for r in results)
    notes.append(f"- runs per variant (medians): {runs}; order a b a b, after one cold supportsite build that fills .cache; "
                 f"supportsite timed with its cache {results[0].get('cache', 'warm')}")
    if not results[0].get("translations", True):
        notes.append("- without the Swedish sources (`--without-translations`), in both builds")
    return "\n".join(rows + [""] + notes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000, help="generated pages (default 1000)")
    parser.add_argument("--runs", type=int, default=3, help="builds of each variant (default 3)")
    parser.add_argument("--json", action="store_true", help="print one JSON object (the default output)")
    parser.add_argument("--table", action="store_true", help="measure N = --table-pages and print a Markdown table")
    parser.add_argument("--table-pages", default="100,1000,5000")
    parser.add_argument("--table-runs", default=None, help="runs per N, e.g. 3,3,1 (default: --runs for each)")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="where corpora and builds go (/tmp or bench/out/)")
    parser.add_argument("--baseline-search", choices=("stock", "off"), default="stock",
                        help="bare Material with its stock search plugin (the baseline of the targets) or without")
    parser.add_argument("--strict", action="store_true", help="build supportsite with --strict")
    parser.add_argument("--browser-search", action="store_true",
                        help="also measure the first search's download in Chromium (bench/first_search.py)")
    parser.add_argument("--cache", choices=("warm", "cold"), default="warm",
                        help="time supportsite with its .cache filled by a first build (warm, default) or emptied before each build")
    parser.add_argument("--timeout", type=float, default=None, help="kill a build after this many seconds (reported)")
    parser.add_argument("--no-settle", dest="settle", action="store_false",
                        help="start at once instead of waiting (up to 150 s) for the machine's load to fall")
    parser.add_argument("--save", type=Path, default=None, help="also write the results as JSON to this file")
    parser.add_argument("--without-translations", dest="translations", action="store_false",
                        help="leave the Swedish sources (*.sv.md) out of the corpus, to measure what the second language costs")
    args = parser.parse_args(argv)
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    if args.table:
        sizes = [int(n) for n in args.table_pages.split(",")]
        runs = [int(n) for n in args.table_runs.split(",")] if args.table_runs else [args.runs] * len(sizes)
        results = [measure(n, r, work, args.baseline_search, args.strict, log, args.browser_search, args.timeout, args.cache,
                           args.settle, args.translations)
                   for n, r in zip(sizes, runs)]
        output = markdown_table(results)
        if args.save:
            args.save.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(output)
        return 0 if all(r["supportsite_ok"] and r["material_ok"] for r in results) else 1
    result = measure(args.pages, args.runs, work, args.baseline_search, args.strict, log, args.browser_search, args.timeout,
                     args.cache, args.settle, args.translations)
    text = json.dumps(result, indent=2, sort_keys=True, ensure_ascii=False)
    if args.save:
        args.save.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0 if result["supportsite_ok"] and result["material_ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
