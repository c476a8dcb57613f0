// supportsite search box: queries Pagefind's static index (pagefind/, written by hooks/core/pagefind.py).
// Nothing is loaded until the visitor focuses the box; then only the index chunks a query needs.
(() => {
  "use strict";
  const box = document.querySelector("[data-ss-search]");
  if (!box) return;
  const input = box.querySelector(".ss-search__input");
  const panel = box.querySelector(".ss-search__panel");
  const status = box.querySelector(".ss-search__status");
  const list = box.querySelector(".ss-search__results");
  const root = new URL(box.dataset.root, document.baseURI);
  const SHOWN = 8;
  // The page's language (partials/supportsite-search.html): its lexicon, and the messages in its words. Pagefind
  // itself loads the index of the page's <html lang>, the same language.
  const lang = box.dataset.lang || "fi";
  const lexiconName = lang === "fi" ? "lexicon.json" : `lexicon.${lang}.json`;
  const say = (name, n) => (box.dataset[`text${name}`] || "").replace("{n}", String(n));
  let engine = null;
  let latest = 0;

  // Pagefind holds each page's analysed tokens (hooks/core/pagefind.py); search-plan.js turns the query into
  // tokens and ranks the pages as `supportsite search` does, from which pages Pagefind finds for each token and
  // how many times they hold it (never from Pagefind's own score).
  function load() {
    if (!engine) {
      const at = (path) => new URL(path, root).href;
      engine = Promise.all([
        import(at("pagefind/pagefind.js")),
        import(at("assets/javascripts/search-plan.js")),
        // with the moment, as Pagefind fetches its entry: a cached copy could name chunks a new build removed
        fetch(`${at(`pagefind/${lexiconName}`)}?ts=${Date.now()}`).then((r) => { if (!r.ok) throw new Error(r.statusText); return r.json(); }),
      ]).then(async ([pagefind, planner, header]) => {
        await pagefind.options({ baseUrl: root.pathname });
        pagefind.init();
        const state = { pagefind, planner, header, forms: new Map(), df: new Map(), loaded: new Map(), order: new Map(),
          synonyms: new Map(Object.entries(header.synonyms)) };
        return state;
      });
    }
    return engine;
  }

  function loadChunk(state, key) {
    if (!state.loaded.has(key)) {
      const name = state.header.chunks[key];
      state.loaded.set(key, !name ? Promise.resolve() : fetch(new URL(`pagefind/lexicon/${name}`, root).href)
        .then((r) => { if (!r.ok) throw new Error(r.statusText); return r.json(); })
        .then((chunk) => {
          for (const [form, analysis] of Object.entries(chunk.forms)) state.forms.set(form, analysis);
          for (const [token, count] of Object.entries(chunk.tokens)) state.df.set(token, count);
        }));
    }
    return state.loaded.get(key);
  }

  // Pages that score the same rank in address order, as in the CLI: files give each page id its place in that
  // order, by the id's first two characters. Only the files of the pages in a tie among the results shown load.
  const bare = (id) => id.slice(id.indexOf("_") + 1);

  async function places(state, ids) {
    const keys = [...new Set(ids.map((id) => bare(id).slice(0, 2)))].filter((key) => state.header.order[key]);
    await Promise.all(keys.map((key) => {
      if (!state.order.has(key)) {
        state.order.set(key, fetch(new URL(`pagefind/lexicon/${state.header.order[key]}`, root).href)
          .then((r) => { if (!r.ok) throw new Error(r.statusText); return r.json(); }));
      }
      return state.order.get(key);
    }));
    const known = new Map();
    for (const key of keys) for (const [id, place] of Object.entries(await state.order.get(key))) known.set(id, place);
    return (id) => String(known.get(bare(id)) ?? id).padStart(6, "0");
  }

  // The pages of every tie that reaches into the results shown.
  function tiedShown(ranked) {
    const tied = new Set();
    for (let i = 0; i < ranked.length - 1; i++) {
      if (ranked[i][1] !== ranked[i + 1][1]) continue;
      let end = i + 1;
      while (end + 1 < ranked.length && ranked[end + 1][1] === ranked[i][1]) end++;
      if (i < SHOWN) for (let j = i; j <= end; j++) tied.add(ranked[j][0]);
      i = end;
    }
    return [...tied];
  }

  // The query's plan and the tokens to look up: only what some page holds.
  async function planOf(state, query) {
    const { planner, header } = state;
    await Promise.all(planner.chunkKeys(query, header.rules).map((key) => loadChunk(state, key)));
    const lexicon = new planner.LexiconView(state.forms, state.df, state.synonyms, header.pages);
    const planned = planner.plan(query, lexicon, header.rules);
    // Synonyms and base forms may start with other letters: their chunks say which of them some page holds.
    await Promise.all(planner.planTokens(planned).map((token) => loadChunk(state, token.slice(0, 2))));
    return { planned, tokens: planner.planTokens(planned).filter((token) => (state.df.get(token) || 0) > 0) };
  }

  // While the visitor types (before the debounce ends): fetch what the query so far needs, so that the search
  // itself mostly finds it loaded.
  async function prefetch(query) {
    const state = await load();
    const { tokens } = await planOf(state, query);
    await Promise.all(tokens.map((token) => state.pagefind.preload(token + state.header.rules.terminator)));
  }

  async function find(query) {
    const state = await load();
    const { pagefind, planner, header } = state;
    const { planned, tokens } = await planOf(state, query);
    const end = header.rules.terminator;
    const [found, phrase] = await Promise.all([
      Promise.all(tokens.map((token) => pagefind.search(token + end))),
      planned.phrase.length ? pagefind.search(`"${planned.phrase.map((t) => t + end).join(" ")}"`) : null,
    ]);
    const scores = new Map(tokens.map((token, i) => [token, new Map(found[i].results.map((r) =>
      [r.id, planner.termScore(header.pages, state.df.get(token), r.words.length, header.rules)]))]));
    const results = new Map(found.flatMap((f) => f.results.map((r) => [r.id, r])));
    const phrasePages = new Set(phrase ? phrase.results.map((r) => r.id) : []);
    let ranked = planner.rank(planned, scores, phrasePages, (id) => id, header.rules);
    const tied = tiedShown(ranked);
    if (tied.length > 0) ranked = planner.rank(planned, scores, phrasePages, await places(state, tied), header.rules);
    return { results: ranked.map(([id]) => results.get(id)), words: planned.words };
  }

  // A result's opening text, published beside the index (hooks/core/pagefind.py: Pagefind would index every word
  // of it as metadata). Named by a hash of its text, so a cached copy is never stale. A result without one shows
  // its title only.
  const excerpts = new Map();
  function excerptOf(name) {
    if (typeof name !== "string" || !/^[0-9a-f]{16}$/.test(name)) return Promise.resolve("");
    if (!excerpts.has(name)) {
      excerpts.set(name, fetch(new URL(`pagefind/excerpt/${name}.json`, root).href)
        .then((r) => (r.ok ? r.json() : ""))
        .then((text) => (typeof text === "string" ? text : ""), () => ""));
    }
    return excerpts.get(name);
  }

  // The excerpt: the sentence of the page's opening text with the most words the query looked for, marked.
  // Built from text nodes and <mark> elements only: the page's text is never parsed as markup.
  function excerptNodes(text, planner, words) {
    const stems = words.flatMap((w) => [w.form, ...w.alternatives.map(([t]) => t)])
      .filter((t) => t.length >= 3).map((t) => t.slice(0, Math.max(3, Math.min(t.length - 1, 5))));
    const matches = (word) => { const f = planner.fold(word); return stems.some((s) => f.startsWith(s)); };
    const sentences = (text || "").split(/(?<=[.!?])\s+/);
    let best = sentences[0] || "";
    let bestCount = -1;
    for (const sentence of sentences) {
      const count = (sentence.match(/[\p{L}\p{N}]+/gu) || []).filter(matches).length;
      if (count > bestCount) { best = sentence; bestCount = count; }
    }
    const parts = best.split(/(\s+)/);
    const shown = parts.length > 60 ? parts.slice(0, 60).concat(["…"]) : parts;
    return shown.map((part) => {
      if (!/[\p{L}\p{N}]/u.test(part) || !matches(part.replace(/[^\p{L}\p{N}]/gu, ""))) return document.createTextNode(part);
      const mark = document.createElement("mark");
      mark.textContent = part;
      return mark;
    });
  }

  function show(open) {
    panel.hidden = !open;
  }

  async function run() {
    const query = input.value.trim();
    const ticket = ++latest;
    if (query.length < 2) {
      list.replaceChildren();
      show(false);
      return;
    }
    show(true);
    status.textContent = say("Searching");
    let found;
    try {
      found = await find(query);
    } catch (error) {
      if (ticket === latest) status.textContent = say("Unavailable");
      return;
    }
    const { planner } = await load();
    const results = found.results;
    const pages = await Promise.all(results.slice(0, SHOWN).map(async (r) => {
      const page = await r.data();
      return { ...page, excerpt: await excerptOf(page.meta && page.meta.excerpt_file) };
    }));
    if (ticket !== latest) return; // a newer query has started: drop this one
    list.replaceChildren(...pages.map((page) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = page.url;
      link.className = "ss-search__link";
      link.textContent = (page.meta && page.meta.title) || page.url;
      const excerpt = document.createElement("p");
      excerpt.className = "ss-search__excerpt";
      excerpt.append(...excerptNodes(page.excerpt, planner, found.words));
      item.append(link, excerpt);
      return item;
    }));
    status.textContent = results.length === 0 ? say("None")
      : say(results.length === 1 ? "One" : "Many", results.length) + (results.length > SHOWN ? say("Shown", SHOWN) : "");
  }

  let timer = 0;
  input.addEventListener("focus", () => { load().catch(() => {}); if (input.value.trim().length >= 2) show(true); }, { once: false });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 100);
    if (input.value.trim().length >= 2) prefetch(input.value.trim()).catch(() => {}); // run() reports failures
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); clearTimeout(timer); run(); }
    if (event.key === "ArrowDown") { const first = list.querySelector("a"); if (first) { event.preventDefault(); first.focus(); } }
  });
  box.addEventListener("keydown", (event) => {
    if ((event.key === "ArrowDown" || event.key === "ArrowUp") && event.target.matches(".ss-search__link")) {
      const links = [...list.querySelectorAll("a")];
      const next = links.indexOf(event.target) + (event.key === "ArrowDown" ? 1 : -1);
      event.preventDefault();
      (next < 0 ? input : links[Math.min(next, links.length - 1)]).focus();
    }
  });
  document.addEventListener("click", (event) => { if (!box.contains(event.target)) show(false); });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !panel.hidden) { input.focus(); show(false); return; } // focus first: focusing reopens
    // "/" jumps to the search box, as on Material's own search; not while typing elsewhere
    if (event.key === "/" && !event.target.closest("input, textarea, [contenteditable]")) { event.preventDefault(); input.focus(); }
  });
})();
