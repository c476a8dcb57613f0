// The search box's query planner and ranking: the twin of hooks/core/queryplan.py, which `supportsite search`
// uses. Keep the two line by line alike; tests/test_search_plan.py runs both on the same lexicon (this file in
// Node.js) and compares their plans and rankings. The constants come from the lexicon's header, written from
// the Python module, so only the logic is written twice.

// As textanalysis.fold: marks and characters beyond the Basic Multilingual Plane go, so that lengths and slices
// below (UTF-16 units) are Python's characters.
export function fold(word) {
  return word.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "").replace(/[\u{10000}-\u{10FFFF}]/gu, "");
}

export function queryWords(query) {
  return (query.toLowerCase().match(/[\p{L}\p{N}]+/gu) || []).filter((w) => [...w].length >= 2).map(fold).filter((w) => w);
}

export function chunkKeys(query, rules) {
  const keys = new Set();
  for (const word of queryWords(query)) {
    keys.add(word.slice(0, 2));
    for (let i = rules.split_min; i <= word.length - rules.split_min; i++) keys.add(word.slice(i, i + 2));
  }
  return [...keys].sort();
}

const byCodePoint = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

// What the planner reads of the lexicon: forms, tokens with their page counts, synonyms (from the loaded chunks).
export class LexiconView {
  constructor(forms, df, synonyms, pages) {
    this.forms = forms;
    this.df = df;
    this.synonyms = synonyms;
    this.pages = pages;
    this.byChunk = new Map();
    for (const text of [...new Set([...forms.keys(), ...df.keys()])].sort(byCodePoint)) {
      const key = text.slice(0, 2);
      if (!this.byChunk.has(key)) this.byChunk.set(key, []);
      this.byChunk.get(key).push(text);
    }
  }

  startingWith(prefix) {
    return (this.byChunk.get(prefix.slice(0, 2)) || []).filter((t) => t.startsWith(prefix));
  }

  count(token) {
    return this.df.get(token) || 0;
  }
}

function common(a, b) {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

function edits(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] !== b[j - 1] ? 1 : 0)));
    }
    if (Math.min(...current) > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length];
}

function ofForm(lexicon, rules, text) {
  const known = lexicon.forms.get(text);
  if (known !== undefined) {
    const lemmas = known[0].includes(text) ? [text] : known[0];
    const parts = known[1];
    return [...lemmas.map((t) => [t, rules.weight_exact]),
      ...parts.filter((t) => !lemmas.includes(t)).map((t) => [t, rules.weight_part])];
  }
  if (lexicon.count(text) > 0) return [[text, rules.weight_exact]];
  return [];
}

// Sort rows of [number, number, string] as Python sorts tuples.
function byRow(a, b) {
  return a[0] - b[0] || a[1] - b[1] || byCodePoint(a[2], b[2]);
}

function inflected(lexicon, rules, word) {
  if (word.length < rules.prefix_min) return [];
  const found = [];
  for (const token of lexicon.startingWith(word.slice(0, rules.prefix_min))) {
    if (lexicon.count(token) === 0) continue;
    const shared = common(word, token);
    if (token.length - shared <= rules.prefix_token_rest && word.length - shared <= rules.prefix_word_rest) {
      found.push([-shared, -lexicon.count(token), token]);
    }
  }
  found.sort(byRow);
  return found.slice(0, rules.max_candidates).map(([, , token]) => [token, rules.weight_prefix]);
}

function split(lexicon, rules, word) {
  let headOnly = [];
  for (let i = word.length - rules.split_min; i >= rules.split_min; i--) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    const first = ofForm(lexicon, rules, head);
    if (first.length === 0) continue;
    let second = ofForm(lexicon, rules, tail);
    if (second.length === 0) second = inflected(lexicon, rules, tail);
    if (second.length > 0) {
      return [first.map(([t, x]) => [t, x * rules.weight_split]), second.map(([t, x]) => [t, x * rules.weight_split])];
    }
    if (headOnly.length === 0 && head.length >= rules.head_min && tail.length > rules.split_min) {
      headOnly = [first.map(([t, x]) => [t, x * rules.weight_split])];
    }
  }
  return headOnly;
}

function withoutClitic(lexicon, rules, word) {
  for (const clitic of rules.clitics) {
    if (word.endsWith(clitic) && word.length - clitic.length >= rules.min_length) {
      const found = ofForm(lexicon, rules, word.slice(0, -clitic.length));
      if (found.length > 0) return found;
    }
  }
  return [];
}

function typos(lexicon, rules, word) {
  if (word.length < rules.typo_min) return [];
  const limit = word.length >= rules.typo_two_min ? 2 : 1;
  const found = [];
  for (const text of lexicon.startingWith(word.slice(0, 2))) {
    const distance = edits(word, text, limit);
    if (distance <= limit) {
      for (const [token] of ofForm(lexicon, rules, text).slice(0, 1)) found.push([distance, token]);
    }
  }
  found.sort((a, b) => a[0] - b[0] || byCodePoint(a[1], b[1]));
  const out = [];
  for (const [, token] of found) {
    if (!out.some(([t]) => t === token)) out.push([token, rules.weight_typo]);
    if (out.length === rules.max_candidates) break;
  }
  return out;
}

function withSynonyms(lexicon, rules, alternatives) {
  const out = new Map(alternatives);
  for (const [token, weight] of alternatives) {
    for (const other of lexicon.synonyms.get(token) || []) {
      if (out.has(other)) out.set(other, Math.max(out.get(other), weight * rules.synonym_factor));
      else if (out.size < rules.max_alternatives) out.set(other, weight * rules.synonym_factor);
    }
  }
  return [...out];
}

export function plan(query, lexicon, rules) {
  const filler = new Set(rules.filler);
  const planned = [];
  const phrase = [];
  const isFiller = (alternatives) => {
    const best = Math.max(...alternatives.map(([, weight]) => weight));
    return alternatives.filter(([, weight]) => weight === best).some(([token]) => filler.has(token));
  };
  for (const word of queryWords(query)) {
    const exact = ofForm(lexicon, rules, word);
    phrase.push(exact.length > 0 ? exact[0][0] : word);
    let groups = exact.length > 0 ? [exact] : [];
    for (const rule of [withoutClitic, inflected, typos]) {
      if (groups.length === 0) {
        const found = rule(lexicon, rules, word);
        groups = found.length > 0 ? [found] : [];
      }
    }
    if (groups.length === 0) {
      groups = split(lexicon, rules, word);
      if (groups.length === 0) groups = [[]];
    }
    const known = groups.filter((alternatives) => alternatives.length > 0);
    if (filler.has(word) || (known.length === groups.length && known.every(isFiller))) {
      planned.push({ form: word, alternatives: [], filler: true });
      continue;
    }
    for (const alternatives of groups) planned.push({ form: word, alternatives: withSynonyms(lexicon, rules, alternatives), filler: false });
  }
  return { words: planned, phrase: phrase.length >= 2 ? phrase : [] };
}

export function planTokens(planned) {
  const out = [];
  for (const word of planned.words) for (const [token] of word.alternatives) if (!out.includes(token)) out.push(token);
  return out;
}

export function termScore(pages, df, weightedFrequency, rules) {
  const idf = Math.log((pages - df + 0.5) / (df + 0.5) + 1.0);
  return idf * (rules.k1 + 1.0) * weightedFrequency / (rules.k1 + weightedFrequency);
}

// (page, score) best first, ties by `order` (address order): as queryplan.rank.
// scores: Map token → Map page → score; phrasePages: Set of pages.
export function rank(planned, scores, phrasePages, order, rules) {
  const content = planned.words.filter((w) => !w.filler);
  const perPage = new Map();
  content.forEach((word, index) => {
    for (const [token, weight] of word.alternatives) {
      for (const [page, score] of scores.get(token) || []) {
        if (!perPage.has(page)) perPage.set(page, new Array(content.length).fill(0));
        const best = perPage.get(page);
        best[index] = Math.max(best[index], weight * score);
      }
    }
  });
  const ranked = [];
  for (const [page, best] of perPage) {
    const matched = best.filter((b) => b > 0).length;
    const sum = best.reduce((a, b) => a + b, 0) * Math.sqrt(matched / content.length) *
      (phrasePages.has(page) ? rules.phrase_boost : 1.0);
    const total = Math.floor(sum * 1e6 + 0.5) / 1e6;
    ranked.push([-total, order(page), page]);
  }
  ranked.sort((a, b) => a[0] - b[0] || byCodePoint(a[1], b[1]));
  const floor = ranked.length > 0 ? -ranked[0][0] * rules.result_floor : 0.0;
  return ranked.filter(([total]) => -total >= floor).map(([total, , page]) => [page, -total]);
}
