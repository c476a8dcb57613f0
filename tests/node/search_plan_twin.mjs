// Runs the search box's planner (hooks/theme/assets/javascripts/search-plan.js) on a lexicon exported by
// hooks/core/pagefind.py's write_lexicon, loading its chunks as hooks/theme/assets/javascripts/search.js does.
// Run by tests/test_search_plan.py, which compares every answer with hooks/core/queryplan.py's.
//
// stdin: {"planner": file URL of search-plan.js, "folder": the exported pagefind/ folder,
//         "queries": [query], "rank": [{"query", "counts": {token: [[page, count]]}, "phrase_pages": [page]}],
//         "order": [page, in address order], "characters": [string]}
// stdout: {"loaded": {"forms", "df", "synonyms"} (every chunk loaded), "chunk_keys": [[key]] (per query),
//          "plans": [plan] (every chunk loaded), "partial": [{"chunks", "plan", "df"}] (only the chunks search.js
//          loads for the query), "ranks": [[[page, score]]], "characters": [{"words", "unassigned"}]}
import { readFile } from "node:fs/promises";
import path from "node:path";

async function readJson(file) {
  return JSON.parse(await readFile(file, "utf8"));
}

async function main() {
  let input = "";
  for await (const chunk of process.stdin) input += chunk;
  const request = JSON.parse(input);
  const planner = await import(request.planner);
  const header = await readJson(path.join(request.folder, "lexicon.json"));
  const rules = header.rules;

  // search.js's state and loadChunk, with files instead of fetch().
  const newState = () => ({ forms: new Map(), df: new Map(), loaded: new Map(),
    synonyms: new Map(Object.entries(header.synonyms)) });
  const loadChunk = (state, key) => {
    if (!state.loaded.has(key)) {
      const name = header.chunks[key];
      state.loaded.set(key, !name ? Promise.resolve() : readJson(path.join(request.folder, "lexicon", name))
        .then((chunk) => {
          for (const [form, analysis] of Object.entries(chunk.forms)) state.forms.set(form, analysis);
          for (const [token, count] of Object.entries(chunk.tokens)) state.df.set(token, count);
        }));
    }
    return state.loaded.get(key);
  };
  const view = (state) => new planner.LexiconView(state.forms, state.df, state.synonyms, header.pages);

  const full = newState();
  await Promise.all(Object.keys(header.chunks).map((key) => loadChunk(full, key)));
  const fullView = view(full);
  const plans = request.queries.map((query) => planner.plan(query, fullView, rules));

  // What search.js's find() loads for one query in a fresh tab: the chunks chunkKeys names, then (after
  // planning) those of the plan's tokens, for their page counts.
  const partial = [];
  for (const query of request.queries) {
    const state = newState();
    await Promise.all(planner.chunkKeys(query, rules).map((key) => loadChunk(state, key)));
    const planned = planner.plan(query, view(state), rules);
    await Promise.all(planner.planTokens(planned).map((token) => loadChunk(state, token.slice(0, 2))));
    partial.push({
      chunks: [...state.loaded.keys()].filter((key) => header.chunks[key]).sort(),
      plan: planned,
      df: Object.fromEntries(planner.planTokens(planned).map((token) => [token, state.df.get(token) || 0])),
    });
  }

  // search.js's ranking, from how many times each page holds each token (Pagefind's r.words.length).
  const order = new Map(request.order.map((page, i) => [page, String(i).padStart(6, "0")]));
  const ranks = request.rank.map(({ query, counts, phrase_pages: phrasePages }) => {
    const planned = planner.plan(query, fullView, rules);
    const tokens = planner.planTokens(planned).filter((token) => (full.df.get(token) || 0) > 0);
    const scores = new Map(tokens.map((token) => [token, new Map((counts[token] || []).map(([page, count]) =>
      [page, planner.termScore(header.pages, full.df.get(token), count, rules)]))]));
    return planner.rank(planned, scores, new Set(phrasePages), (id) => order.get(id) || id, rules);
  });

  const characters = request.characters.map((text) => ({
    words: planner.queryWords(text), unassigned: /\p{Cn}/u.test(text),
  }));

  process.stdout.write(JSON.stringify({
    loaded: { forms: Object.fromEntries(full.forms), df: Object.fromEntries(full.df),
      synonyms: Object.fromEntries(full.synonyms) },
    chunk_keys: request.queries.map((query) => planner.chunkKeys(query, rules)),
    plans, partial, ranks, characters,
  }));
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
