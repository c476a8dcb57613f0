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

  // Finnish inflects where the stemmer cannot follow ("tilauksen" → tilauks, "tilaus" → tilaus), and a customer
  // types only some of the page's words. So: all words first; if that finds little, each word alone and its
  // shortened form (Pagefind matches word prefixes), ranked by how many of the words a page matched.
  function shortened(word) {
    return word.length >= 7 ? word.slice(0, Math.max(5, word.length - 3)) : word;
  }

  async function find(query) {
    const pagefind = await load();
    const all = await pagefind.search(query);
    const ranked = new Map();
    all.results.forEach((result, i) => ranked.set(result.id, { result, words: 1000, rank: i }));
    const words = query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 1);
    if (ranked.size < 3 && words.length) {
      const variants = [...new Set(words.flatMap((w) => [w, shortened(w)]))];
      const found = await Promise.all(variants.map((w) => pagefind.search(w)));
      const perWord = new Map();
      variants.forEach((variant, v) => {
        const word = words.find((w) => w === variant || shortened(w) === variant);
        found[v].results.forEach((result) => {
          const seen = perWord.get(result.id) || { result, words: new Set(), score: 0 };
          seen.words.add(word);
          seen.score += result.score;
          perWord.set(result.id, seen);
        });
      });
      [...perWord.values()]
        .sort((a, b) => b.words.size - a.words.size || b.score - a.score)
        .forEach((hit, i) => { if (!ranked.has(hit.result.id)) ranked.set(hit.result.id, { result: hit.result, words: hit.words.size, rank: 100 + i }); });
    }
    return [...ranked.values()].sort((a, b) => b.words - a.words || a.rank - b.rank).map((hit) => hit.result);
  }

  function show(open) {
    panel.hidden = !open;
    input.setAttribute("aria-expanded", String(open));
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
      excerpt.innerHTML = page.excerpt; // Pagefind's excerpt: the page's own text with <mark> around matches
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
    if (event.key === "Escape") { show(false); input.focus(); }
    if ((event.key === "ArrowDown" || event.key === "ArrowUp") && event.target.matches(".ss-search__link")) {
      const links = [...list.querySelectorAll("a")];
      const next = links.indexOf(event.target) + (event.key === "ArrowDown" ? 1 : -1);
      event.preventDefault();
      (next < 0 ? input : links[Math.min(next, links.length - 1)]).focus();
    }
  });
  document.addEventListener("click", (event) => { if (!box.contains(event.target)) show(false); });
  document.addEventListener("keydown", (event) => {
    // "/" jumps to the search box, as on Material's own search; not while typing elsewhere
    if (event.key === "/" && !event.target.closest("input, textarea, [contenteditable]")) { event.preventDefault(); input.focus(); }
  });
})();
