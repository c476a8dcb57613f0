"""Which Finnish analysis finds more: Voikko's base forms and compound parts, or a Snowball stemmer, on the query set.

Usage: ``python bench/search_analysers.py [--queries bench/search_queries.yml] [--json]``
       ``python bench/search_analysers.py --corpus /tmp/supportsite-bench/corpus-5000`` (only the analysis's time)

Runs the CLI's engine (``hooks/core/search.py``: the same tokens, lexicon, planner and ranking as the search box,
whose top three agree with it; see ``bench/search_recall.py``) in memory over the default site twice: with the
site's analyser (Voikko through libvoikko and Debian's voikko-fi), and with every word's token replaced by the
Snowball Finnish stem that Pagefind and Whoosh use out of the box (no compound parts). Everything else (synonyms,
planner, weights) is the same. Reports recall@1 and recall@3 per part (tuning, held out) and language, and the
time each analyser takes to analyse every searchable page of the site.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_QUERIES = REPO / "bench" / "search_queries.yml"


def _snowball_analyser():
    from whoosh.lang.snowball.finnish import FinnishStemmer

    from hooks.core.textanalysis import Analyser, WordAnalysis, fold

    stemmer = FinnishStemmer()

    class SnowballAnalyser(Analyser):
        def _analyse(self, word: str) -> WordAnalysis:
            return WordAnalysis((fold(stemmer.stem(word)),))

    return SnowballAnalyser()


def run(analyser, queries: list[dict]) -> dict:
    from hooks.core.content import load_project
    from hooks.core.search import documents_of, memory_index, run_query, site_lexicon

    project = load_project(REPO)
    docs = documents_of(project)
    started = time.perf_counter()
    analysed = [doc.analyse(analyser) for doc in docs]
    analyse_s = time.perf_counter() - started
    lexicon = site_lexicon(REPO, project.synonyms, analysed, analyser)
    ix = memory_index(docs, analyser)
    figures: dict[str, dict] = {}
    for q in queries:
        found = [hit.url for hit in run_query(ix, lexicon, q["query"], 3)]
        for key in (f"{'holdout' if q['holdout'] else 'tuning'}/{q['lang']}",):
            cell = figures.setdefault(key, {"n": 0, "at1": 0, "at3": 0})
            cell["n"] += 1
            cell["at1"] += bool(set(q["expected"]) & set(found[:1]))
            cell["at3"] += bool(set(q["expected"]) & set(found[:3]))
    return {"analyse_s": round(analyse_s, 3), "pages": len(docs), "figures": dict(sorted(figures.items()))}


def time_corpus(root: Path) -> int:
    from hooks.core.content import load_project
    from hooks.core.search import documents_of
    from hooks.core.textanalysis import Analyser

    docs = documents_of(load_project(root.resolve()))
    analyser = Analyser()
    started = time.perf_counter()
    for doc in docs:
        doc.analyse(analyser)
    took = time.perf_counter() - started
    print(json.dumps({"pages": len(docs), "analyse_s": round(took, 3), "distinct_words": len(analyser._cache)}))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--corpus", type=Path, default=None,
                        help="a site tree (bench/corpus.py): time Voikko's analysis of its searchable pages, nothing else")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    if args.corpus is not None:
        return time_corpus(args.corpus)
    from search_recall import load_queries  # bench/search_recall.py, beside this file

    from hooks.core.textanalysis import Analyser

    queries = load_queries(args.queries)
    result = {"voikko": run(Analyser(), queries), "snowball": run(_snowball_analyser(), queries)}
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print("| analysis | part/lang | recall@1 | recall@3 |\n| --- | --- | ---: | ---: |")
    for name, measured in result.items():
        for key, cell in measured["figures"].items():
            print(f"| {name} | {key} | {cell['at1']}/{cell['n']} | {cell['at3']}/{cell['n']} |")
    for name, measured in result.items():
        print(f"\n{name}: analysing {measured['pages']} pages took {measured['analyse_s']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
