// The search pages (overrides/sok.html): Pagefind's search API behind a forgiving front,
// in the page's language. Pagefind folds å/ä/ö, matches word beginnings, stems Swedish
// (Finnish on the Finnish search page, which searches the Finnish index: Pagefind loads
// the index of the page's <html lang>) and finds the service types' everyday words (all at
// indexing, see src/garanti/site/search.py). What this script adds:
//   * filters (area, service type, department) as selects with counts, in a disclosure
//     that starts closed on a phone, so that the results show on its first screen;
//   * a name misspelt by one letter is corrected from the names in sok/ord/<letter>.json
//     (only the query's letters are fetched);
//   * words that no guarantee has all of: the guarantees with the most of them.
// Every text from the index is put in as text: it never becomes markup.
// Everything is fetched from this site's own origin.

const SITE_ROOT = new URL("../", import.meta.url); // this file is <root>/assets/sok.js
const PAGE_SIZE = 10;

// What the script says, in the page's language.
const TEXTS = {
  sv: {
    one: "1 garanti",
    many: (count) => `${count} garantier`,
    nothingFor: (query) => `Ingen garanti hittades för ”${query}”. Prova ett annat ord, bara början av ordet eller färre filter.`,
    nothingChosen: "Ingen garanti har de valen. Välj färre filter.",
    found: (number, query) => `${number} för ”${query}”.`,
    partial: (number) => `Ingen garanti har alla orden. ${number} med något av dem, de med flest ord först.`,
    start: "Skriv ett sökord eller välj stadsdelsområde, verksamhet eller avdelning.",
    showing: "Visar träffar för ",
    asWritten: (query) => `Sök på ”${query}” som du skrev det`,
    draft: "Utkast",
    all: "Alla",
    chosen: (count) => ` (${count} filter ${count === 1 ? "valt" : "valda"})`,
    failed: "Sökningen kunde inte startas. Ladda om sidan, eller leta under Stadsdelsområden och Verksamheter.",
  },
  fi: {
    one: "1 laatutakuu",
    many: (count) => `${count} laatutakuuta`,
    nothingFor: (query) => `Hakusanalla ”${query}” ei löytynyt laatutakuita. Kokeile toista sanaa, vain sanan alkua tai vähempiä rajauksia.`,
    nothingChosen: "Näillä valinnoilla ei löytynyt laatutakuita. Valitse vähemmän rajauksia.",
    found: (number, query) => `${number}: ”${query}”.`,
    partial: (number) => `Yhdessäkään laatutakuussa ei ole kaikkia sanoja. ${number}, joissa on jokin niistä, eniten sanoja sisältävät ensin.`,
    start: "Kirjoita hakusana tai valitse alue, palvelu tai palvelukieli.",
    showing: "Näytetään tulokset haulle ",
    asWritten: (query) => `Hae sanalla ”${query}” niin kuin kirjoitit sen`,
    draft: "Luonnos",
    all: "Kaikki",
    chosen: (count) => ` (${count} ${count === 1 ? "rajaus" : "rajausta"} valittu)`,
    failed: "Hakua ei voitu käynnistää. Lataa sivu uudelleen tai katso kaikki suomenkieliset laatutakuut.",
  },
};
const LANGUAGE = document.documentElement.lang in TEXTS ? document.documentElement.lang : "sv";
const SAY = TEXTS[LANGUAGE];

const form = document.getElementById("sok");
// The filters this page has (the Finnish one has no department), as the index names them.
const FILTERS = [...form.querySelectorAll("[data-filter]")].map((select) => select.dataset.filter);
// The names to correct a misspelt query from, below the site root (sok/ord/ in Swedish).
const WORDS = form.dataset.ord || "sok/ord/";
const input = document.getElementById("sok-ord");
const filterBox = document.getElementById("sok-filter");
const status = document.getElementById("sok-status");
const suggestion = document.getElementById("sok-forslag");
const list = document.getElementById("sok-traffar");
const moreButton = document.getElementById("sok-fler");
const selects = Object.fromEntries(FILTERS.map((name) => [name, filterBox.querySelector(`[data-filter="${name}"]`)]));
const chosenCount = document.getElementById("sok-valda");
// Wide enough for the filters beside the results' first screen; on a phone they start closed.
const WIDE = window.matchMedia("(min-width: 45em)");

let pagefind;
let totals = {};
let shown = [];
let shownCount = 0;
let latest = 0; // the newest search; older ones that finish late are dropped
let filtersLoaded = null;
const wordLists = {}; // the names to correct from, by first letter, loaded on first need
let asWritten = null; // a query the resident wants searched without correction

// --- words ---------------------------------------------------------------------

/** Lower case without diacritics: "Årsta" -> "arsta". */
function fold(word) {
  return word.toLocaleLowerCase(LANGUAGE).normalize("NFD").replace(/\p{M}/gu, "");
}

function tokens(query) {
  return query.split(/[\s,;]+/u).filter(Boolean);
}

/** True when a and b differ by at most one insertion, deletion, substitution or swap of neighbours. */
function oneEditApart(a, b) {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const restA = a.slice(i + 1);
  const restB = b.slice(i + 1);
  if (a.length === b.length) {
    return restA === restB || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** The known words starting with the folded word's first letter (sok/ord/<letter>.json, see search.py). */
function knownWords(folded) {
  const letter = /^[a-z]/.test(folded) ? folded[0] : "ovrigt";
  wordLists[letter] ||= fetch(new URL(`${WORDS}${letter}.json`, SITE_ROOT))
    .then((response) => (response.ok ? response.json() : []))
    .then((list) => list.map((word) => [fold(word), word]));
  return wordLists[letter];
}

/** The query with each unknown word replaced by a known one a letter away, or null if none changed. */
async function corrected(query) {
  const parts = tokens(query);
  const fixed = [];
  for (const token of parts) fixed.push(await correctedWord(token));
  return fixed.some((word, i) => word !== parts[i]) ? fixed.join(" ") : null;
}

async function correctedWord(token) {
  const folded = fold(token);
  if (folded.length < 4) return token;
  const known = await knownWords(folded);
  if (known.some(([word]) => word.startsWith(folded))) return token;
  const match = known.find(([word]) => oneEditApart(folded, word));
  return match ? match[1] : token;
}

// --- searching -------------------------------------------------------------------

function chosenFilters(except) {
  const chosen = {};
  for (const name of FILTERS) {
    if (name !== except && selects[name].value) chosen[name] = selects[name].value;
  }
  return chosen;
}

/** Results for the words, with misspelt names corrected (unless the resident asked for the words as
 * written); failing that, as written; failing that, for most of the words. */
async function find(query, filters) {
  const fixed = query && query !== asWritten ? await corrected(query) : null;
  if (fixed) {
    const search = await pagefind.search(fixed, { filters });
    if (search.results.length) return { search, results: search.results, correctedTo: fixed };
  }
  const exact = await pagefind.search(query || null, { filters });
  if (exact.results.length || !query) return { search: exact, results: exact.results };
  const parts = tokens(query);
  if (parts.length < 2) return { search: exact, results: [] };
  return { search: exact, results: await mostWords(parts, filters), partial: true };
}

/** Guarantees matching any of the words, those matching more of them first. */
async function mostWords(parts, filters) {
  const byId = new Map();
  for (const part of parts) {
    for (const result of (await pagefind.search(part, { filters })).results) {
      const seen = byId.get(result.id) || { result, words: 0, score: 0 };
      seen.words += 1;
      seen.score += result.score;
      byId.set(result.id, seen);
    }
  }
  return [...byId.values()].sort((a, b) => b.words - a.words || b.score - a.score).map((seen) => seen.result);
}

/** Per filter, how many results each value would give with the other filters kept. */
async function counts(query) {
  const result = {};
  for (const name of FILTERS) {
    const others = chosenFilters(name);
    if (!query && !Object.keys(others).length) {
      result[name] = totals[name] || {};
    } else {
      result[name] = (await pagefind.search(query || null, { filters: others })).filters[name] || {};
    }
  }
  return result;
}

/** Pagefind's filter lists, loaded once: after the first results, unless the address chose filters. */
function loadFilters() {
  filtersLoaded ||= pagefind.filters().then((all) => {
    totals = all;
    showFilterCounts(totals);
    filterBox.open = WIDE.matches;
    filterBox.hidden = false;
  });
  return filtersLoaded;
}

async function run() {
  const mine = ++latest;
  delete form.dataset.klar;
  const query = input.value.trim();
  const filters = chosenFilters();
  rememberInAddress(query, filters);
  showChosenCount(filters);
  if (!query && !Object.keys(filters).length) {
    await loadFilters();
    showFilterCounts(totals);
    showSuggestion(query, {});
    await showResults([], SAY.start);
    if (mine === latest) form.dataset.klar = "";
    return;
  }
  const found = await find(query, filters);
  if (mine !== latest) return;
  showSuggestion(query, found);
  await showResults(found.results, summary(query, found));
  // The counts come after the results: the phone shows those before it loads the filter lists.
  await loadFilters();
  const filterCounts = await counts(found.correctedTo || query);
  if (mine !== latest) return;
  showFilterCounts(filterCounts);
  form.dataset.klar = query; // tests wait for it: this search is shown, counts and all
}

function summary(query, found) {
  const count = found.results.length;
  if (!count) return query ? SAY.nothingFor(query) : SAY.nothingChosen;
  const number = count === 1 ? SAY.one : SAY.many(count);
  if (found.correctedTo) return SAY.found(number, found.correctedTo);
  if (found.partial) return SAY.partial(number);
  return query ? SAY.found(number, query) : `${number}.`;
}

// --- showing ---------------------------------------------------------------------

function showSuggestion(query, found) {
  suggestion.replaceChildren();
  suggestion.hidden = !found.correctedTo;
  if (!found.correctedTo) return;
  const strong = document.createElement("strong");
  strong.textContent = found.correctedTo;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "garanti-sok__som-skrivet";
  button.textContent = SAY.asWritten(query);
  button.addEventListener("click", () => {
    asWritten = query;
    run().then(() => input.focus());
  });
  suggestion.append(SAY.showing, strong, ". ", button);
}

function showResults(results, message) {
  shown = results;
  shownCount = 0;
  list.replaceChildren();
  status.textContent = message;
  return showMore();
}

async function showMore() {
  const next = shown.slice(shownCount, shownCount + PAGE_SIZE);
  shownCount += next.length;
  const items = await Promise.all(next.map(async (result) => resultItem(await result.data())));
  list.append(...items);
  moreButton.hidden = shownCount >= shown.length;
  return items;
}

function resultItem(data) {
  const meta = data.meta || {};
  const item = document.createElement("li");
  item.className = "garanti-traff";
  const link = document.createElement("a");
  link.href = data.url;
  link.className = "garanti-traff__namn";
  link.textContent = meta.title || data.url;
  item.append(link);
  if (meta.utkast) {
    const draft = document.createElement("strong");
    draft.className = "garanti-traff__utkast";
    draft.textContent = SAY.draft;
    item.append(" ", draft);
  }
  const facts = document.createElement("p");
  facts.className = "garanti-traff__fakta";
  facts.textContent = [capitalised(meta.verksamhet), meta.omrade, meta.avdelning].filter(Boolean).join(" · ");
  const excerpt = document.createElement("p");
  excerpt.className = "garanti-traff__utdrag";
  excerpt.append(...excerptNodes(data.excerpt || ""));
  item.append(facts, excerpt);
  return item;
}

/** Pagefind's excerpt is escaped text with <mark> around the words found: parsed in an
 * inert document, and only its text and the marks taken over. */
function excerptNodes(excerptHtml) {
  const parsed = new DOMParser().parseFromString(`<body>${excerptHtml}</body>`, "text/html");
  return [...parsed.body.childNodes].map((node) => {
    if (node.nodeName !== "MARK") return document.createTextNode(node.textContent);
    const mark = document.createElement("mark");
    mark.textContent = node.textContent;
    return mark;
  });
}

function capitalised(text) {
  return text ? text.charAt(0).toLocaleUpperCase(LANGUAGE) + text.slice(1) : text;
}

const collator = new Intl.Collator(LANGUAGE);

function showFilterCounts(filterCounts) {
  for (const name of FILTERS) {
    const select = selects[name];
    const chosen = select.value;
    const values = Object.keys(totals[name] || {}).sort(collator.compare);
    // A filter no guarantee has a value for (no unit serves in another language) is not offered.
    select.parentElement.hidden = !values.length;
    const options = [new Option(SAY.all, "")];
    for (const value of values) {
      const count = (filterCounts[name] || {})[value] || 0;
      // The value as the index has it ("förskola"), the words as residents write them ("Förskola (8)").
      if (count || value === chosen) options.push(new Option(`${capitalised(value)} (${count})`, value));
    }
    select.replaceChildren(...options);
    select.value = chosen;
  }
}

/** On the disclosure's summary, which stays closed on a phone: how many filters narrow the results. */
function showChosenCount(filters) {
  const count = Object.keys(filters).length;
  chosenCount.textContent = count ? SAY.chosen(count) : "";
}

function rememberInAddress(query, filters) {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  for (const [name, value] of Object.entries(filters)) params.set(name, value);
  const search = params.toString();
  history.replaceState(null, "", search ? `?${search}` : location.pathname);
}

// --- start -------------------------------------------------------------------------

async function start() {
  const params = new URLSearchParams(location.search);
  // Opened without words (the header's search button, which is all a phone's header has):
  // the resident's next keys go into the field. With words, the results are what they came for.
  if (!params.get("q") && !FILTERS.some((name) => params.get(name))) input.focus();
  pagefind = await import(new URL("pagefind/pagefind.js", SITE_ROOT).href);
  await pagefind.options({ baseUrl: SITE_ROOT.pathname, excerptLength: 24 });
  input.value = params.get("q") || "";
  if (FILTERS.some((name) => params.get(name))) {
    await loadFilters();
    for (const name of FILTERS) {
      const wanted = params.get(name);
      if ([...selects[name].options].some((option) => option.value === wanted)) selects[name].value = wanted;
    }
  }
  let typing;
  input.addEventListener("input", () => {
    clearTimeout(typing);
    pagefind.preload(input.value.trim());
    typing = setTimeout(run, 250);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(typing);
    run();
  });
  for (const select of Object.values(selects)) select.addEventListener("change", run);
  moreButton.addEventListener("click", async () => {
    const [first] = await showMore();
    first?.querySelector("a").focus();
  });
  await run();
}

start().catch(() => {
  status.textContent = SAY.failed;
});
