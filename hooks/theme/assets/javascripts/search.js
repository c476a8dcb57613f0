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
  let engine = null;
  let latest = 0;

  function load() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", root).href).then(async (pagefind) => {
        await pagefind.options({ baseUrl: root.pathname, excerptLength: 24 });
        pagefind.init();
        return pagefind;
      });
    }
    return engine;
  }

  // Finnish inflects where Pagefind's Snowball stemmer cannot follow ("vasteajat" → vasteaj, "vasteaika" →
  // vasteaik), customers make typos, and Pagefind requires every word of a query. So each word is also looked
  // up alone and as two prefixes (Pagefind matches word beginnings): the stem-like one (3 letters off) and a
  // short one (5 letters) for typos. A page ranks by how many of the words it matched, then by Pagefind's
  // scores, weighted by how exact the match was. Weights were chosen on tests/data/search_queries.yml; the
  // recall was 40/40 over a broad range of them (prefix weight 0.5–1.0, short-prefix weight 0.1–0.5).
  const WEIGHT = { word: 1.0, stem: 0.7, short: 0.3 };

  function wordsOf(query) {
    return [...new Set(query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 1))];
  }

  function variantsOf(word) {
    const out = [[word, WEIGHT.word]];
    if (word.length >= 7) out.push([word.slice(0, Math.max(5, word.length - 3)), WEIGHT.stem]);
    if (word.length >= 8) out.push([word.slice(0, 5), WEIGHT.short]);
    return out;
  }

  async function find(query) {
    const pagefind = await load();
    const words = wordsOf(query);
    const lookups = [[query, null, 1.0], ...words.flatMap((word) => variantsOf(word).map(([text, weight]) => [text, word, weight]))];
    const found = await Promise.all(lookups.map(([text]) => pagefind.search(text)));
    const pages = new Map(); // id → {result, score, best: Map(word → weighted score)}
    lookups.forEach(([, word, weight], i) => {
      for (const result of found[i].results) {
        const page = pages.get(result.id) || { result, score: 0, best: new Map() };
        if (word === null) page.score += result.score;
        else page.best.set(word, Math.max(page.best.get(word) || 0, result.score * weight));
        pages.set(result.id, page);
      }
    });
    const ranked = [...pages.values()].map((page) => ({
      result: page.result,
      matched: page.best.size,
      score: page.score + [...page.best.values()].reduce((a, b) => a + b, 0),
    }));
    ranked.sort((a, b) => b.matched - a.matched || b.score - a.score || (a.result.id < b.result.id ? -1 : 1));
    return ranked.map((page) => page.result);
  }

  // Pagefind's excerpt is markup: the page's text with <mark> around matches. It is parsed in an inert document
  // (nothing in it runs or loads) and only its text and the <mark>s are carried over, never its other tags.
  function excerptNodes(html) {
    const parsed = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html").body;
    return [...parsed.childNodes].map((node) => {
      if (node.nodeName !== "MARK") return document.createTextNode(node.textContent);
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
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
    status.textContent = "Haetaan…";
    let results;
    try {
      results = await find(query);
    } catch (error) {
      if (ticket === latest) status.textContent = "Haku ei ole käytettävissä juuri nyt.";
      return;
    }
    const pages = await Promise.all(results.slice(0, SHOWN).map((r) => r.data()));
    if (ticket !== latest) return; // a newer query has started: drop this one
    list.replaceChildren(...pages.map((page) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = page.url;
      link.className = "ss-search__link";
      link.textContent = (page.meta && page.meta.title) || page.url;
      const excerpt = document.createElement("p");
      excerpt.className = "ss-search__excerpt";
      excerpt.append(...excerptNodes(page.excerpt));
      item.append(link, excerpt);
      return item;
    }));
    status.textContent = results.length === 0 ? "Ei tuloksia. Kokeile toista sanaa."
      : `${results.length} ${results.length === 1 ? "tulos" : "tulosta"}` + (results.length > SHOWN ? `, näytetään ${SHOWN} parasta` : "");
  }

  let timer = 0;
  input.addEventListener("focus", () => { load().catch(() => {}); if (input.value.trim().length >= 2) show(true); }, { once: false });
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, 150); });
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
