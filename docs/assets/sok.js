// The search pages (overrides/sok.html): Pagefind's search API behind a forgiving front,
// in the page's language. Pagefind folds å/ä/ö, matches word beginnings, stems Swedish
// (Finnish on the Finnish search page, which searches the Finnish index: Pagefind loads
// the index of the page's <html lang>) and finds the service types' everyday words (all at
// indexing, see src/garanti/site/search.py). What this script adds:
//   * filters (area, service type, department, minority language, kvalitetsutmärkelse: every
//     select with a data-filter in the form) as selects with counts, in a disclosure
//     that starts closed on a phone, so that the results show on its first screen;
//   * a name or a place misspelt by one letter is corrected from the names in
//     sok/ord/<letter>.json (only the query's letters are fetched);
//   * a place named (sok/platser.json): its area's units, filtered, with the filter shown and
//     a way out; a place of the city with no published units is said, with the areas that have;
//   * a service type named (sok/verksamheter.json): its units first;
//   * small words (sok/stoppord.json), and words Pagefind has only a shorter beginning of, are
//     left out of the query: alone they find nothing;
//   * words that no guarantee has all of: the guarantees with the most of them.
// Every text from the index is put in as text: it never becomes markup.
// Everything is fetched from this site's own origin.

const SITE_ROOT = new URL("../", import.meta.url); // this file is <root>/assets/sok.js
const PAGE_SIZE = 10;

const LANGUAGE = document.documentElement.lang || "sv";

const form = document.getElementById("sok");
// What the script says, in the page's language: the catalogue's script_* messages (src/garanti/locale/,
// site/labels.py's theme_labels), which overrides/sok.html puts on the form. `{name}` is filled in as text.
const TEXTS = JSON.parse(form.dataset.texter);
const say = (name, values = {}) => TEXTS[name].replace(/\{(\w+)\}/g, (_, key) => values[key]);
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

// --- what a query asks -------------------------------------------------------------
// A place it names (platser.json: a board's places, whose units it shows filtered to the board's
// area; or a place of the city with no published units, which it says), the service types its
// words name (verksamheter.json: their units first), and its words that say what is sought: the
// small words (stoppord.json) and the words Pagefind knows only by a shorter beginning are left
// out, so that they never make a hit of their own. The files are beside the words' folder.

const AREA = "omrade";
const SERVICE = "verksamhet";
const searchData = {}; // the files above, loaded on first need
const wordChecks = new Map(); // folded word -> Promise: does the index have it, or a word it begins?
let placeArea = null; // the area filter a named place chose, not the resident
let wholeCity = null; // a query the resident wants searched in every area, place or not

function pageData(name) {
  searchData[name] ||= fetch(new URL(`${WORDS}../${name}`, SITE_ROOT)).then((response) => (response.ok ? response.json() : []));
  return searchData[name];
}

/** A name or phrase as the query's words are compared with it: folded, hyphens as spaces. */
function phraseKey(text) {
  return fold(text).replace(/[\s-]+/gu, " ").trim();
}

/** The longest run of the query's words (its keys) that is one of the phrases (their keys), written
 * as the phrase or with a genitive s ("Fruängens"): {start, end, entry}, or null. */
function longestPhrase(keys, entries) {
  let best = null;
  for (let start = 0; start < keys.length; start++) {
    for (let end = Math.min(keys.length, start + 4); end > start; end--) {
      const run = keys.slice(start, end).join(" ");
      const entry = entries.find(({ key }) => run === key || run === `${key}s`);
      if (entry && (!best || end - start > best.end - best.start)) best = { start, end, entry };
    }
  }
  return best;
}

async function understood(query) {
  const [places, services, small] = await Promise.all([
    pageData("platser.json"), pageData("verksamheter.json"), pageData("stoppord.json"),
  ]);
  const placeEntries = places.map(([place, area, district]) => ({ key: phraseKey(place), place, area, district }));
  const serviceEntries = services.map(([word, service]) => ({ key: phraseKey(word), service }));
  let parts = tokens(query);
  let place = null;
  const named = query === wholeCity ? null : longestPhrase(parts.map(phraseKey), placeEntries);
  if (named) {
    place = named.entry;
    parts = [...parts.slice(0, named.start), ...parts.slice(named.end)];
  }
  const keys = parts.map(phraseKey);
  const serviceTypes = new Set();
  for (let i = 0; i < keys.length; i++) {
    for (const { key, service } of serviceEntries) {
      if (endsAs(keys.slice(i, i + key.split(" ").length).join(" "), key)) serviceTypes.add(service);
    }
  }
  const smallWords = new Set(small.map(fold));
  const meaningful = parts.filter((part) => fold(part).length > 1 && !smallWords.has(fold(part)));
  const known = [];
  for (const part of meaningful) if (await inIndex(part, smallWords)) known.push(part);
  const unknown = meaningful.filter((part) => !known.includes(part));
  return { place, words: known, unknown, services: [...serviceTypes], onlySmall: !place && parts.length > 0 && !meaningful.length };
}

/** Whether the index has the word, or words it begins: Pagefind, not finding a word, searches for the
 * longest beginning of it that it has ("får" for "Farsta"). Its best hit shows which: a word found in
 * the text must begin as the query's does (a stem may have lost an ending); one found in the metadata
 * (a name, an everyday word) is the word itself. */
function inIndex(word, smallWords) {
  const folded = fold(word);
  if (!wordChecks.has(folded)) {
    wordChecks.set(folded, pagefind.search(word).then(async (search) => {
      if (!search.results.length) return false;
      const data = await search.results[0].data();
      if (!data.locations.length) return true;
      const words = data.content.split(/\s+/u);
      const needed = Math.min(folded.length, Math.max(4, folded.length - 4));
      return data.locations.some((at) => {
        const found = fold(words[at] || "").replace(/^[^\p{L}]+|[^\p{L}]+$/gu, "");
        return !smallWords.has(found) && sharedStart(found, folded) >= needed;
      });
    }));
  }
  return wordChecks.get(folded);
}

/** The words are the phrase, its last word perhaps with an ending ("förskolan", "hemtjänsten"). */
function endsAs(words, phrase) {
  return words === phrase || (words.startsWith(phrase) && words.length - phrase.length <= 3 && !words.includes(" ", phrase.length));
}

function sharedStart(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

// --- searching -------------------------------------------------------------------

function chosenFilters(except) {
  const chosen = {};
  for (const name of FILTERS) {
    if (name !== except && selects[name].value) chosen[name] = selects[name].value;
  }
  return chosen;
}

/** Results for the words, with misspelt names and places corrected (unless the resident asked for the
 * words as written); failing that, as written. */
async function find(query, chosen) {
  if (!query) return { results: (await pagefind.search(null, { filters: chosen })).results, filters: chosen, searched: null };
  const fixed = query !== asWritten ? await corrected(query) : null;
  if (fixed) {
    const found = await findAsked(fixed, chosen);
    if (found.results.length || found.noUnitsIn) return { ...found, correctedTo: fixed };
  }
  return findAsked(query, chosen);
}

/** The units of the place named (filtered to its area), those of the service types named first, those
 * naming the place in their text before the others; failing all the words, the units with most of them. */
async function findAsked(query, chosen) {
  const asked = await understood(query);
  const { place, words, services } = asked;
  const filters = { ...chosen };
  const searched = words.join(" ") || null;
  const found = { place, filters, searched, onlySmall: asked.onlySmall };
  if (place && !place.area) return { ...found, results: [], noUnitsIn: place, rest: searched };
  if (place) filters[AREA] = place.area;
  // A word the index does not have: no unit has all the words (the others may still find some).
  if ((!searched && !place) || (asked.unknown.length && !searched)) return { ...found, results: [] };
  const placeWord = place && !place.place.includes(" ") && (await inIndex(place.place, new Set())) ? place.place : null;
  const withPlace = placeWord ? [searched, placeWord].filter(Boolean).join(" ") : null;
  const ofServices = services.length && !filters[SERVICE] ? { ...filters, [SERVICE]: { any: services } } : null;
  const searches = [];
  if (ofServices) searches.push(...(withPlace ? [[withPlace, ofServices]] : []), [searched, ofServices]);
  searches.push(...(withPlace ? [[withPlace, filters]] : []), [searched, filters]);
  const byId = new Map();
  for (const [text, narrowed] of searches) {
    for (const result of (await pagefind.search(text, { filters: narrowed })).results) {
      if (!byId.has(result.id)) byId.set(result.id, result);
    }
  }
  if (byId.size || words.length < 2) return { ...found, results: [...byId.values()], partial: asked.unknown.length > 0 };
  return { ...found, results: await mostWords(words, filters), partial: true };
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

/** Per filter, how many results each value would give with the other filters kept: for the words
 * searched and the filters applied (a place's area among them). */
async function counts(found) {
  const result = {};
  for (const name of FILTERS) {
    const others = Object.fromEntries(Object.entries(found.filters || {}).filter(([filter]) => filter !== name));
    if (!found.searched && !Object.keys(others).length) {
      result[name] = totals[name] || {};
    } else {
      result[name] = (await pagefind.search(found.searched || null, { filters: others })).filters[name] || {};
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
  // The area a place chose for the last query is not the resident's choice: the next query chooses again.
  if (placeArea && filters[AREA] === placeArea) delete filters[AREA];
  rememberInAddress(query, filters);
  if (!query && !Object.keys(filters).length) {
    placeArea = null;
    showChosenCount(filters);
    await loadFilters();
    if (selects[AREA]) selects[AREA].value = "";
    showFilterCounts(totals);
    showSuggestion(query, {});
    showPlace({});
    await showResults([], say("start"));
    if (mine === latest) form.dataset.klar = "";
    return;
  }
  const found = await find(query, filters);
  if (mine !== latest) return;
  placeArea = found.place?.area || null;
  showChosenCount(found.filters || filters);
  showSuggestion(query, found);
  if (found.noUnitsIn) await loadFilters(); // the areas that have units, to suggest
  showPlace(found);
  await showResults(found.results, summary(query, found));
  // The counts come after the results: the phone shows those before it loads the filter lists.
  await loadFilters();
  // The area the place chose is shown as chosen, so that the resident sees and can change it.
  if (selects[AREA]) selects[AREA].value = found.filters?.[AREA] || "";
  const filterCounts = await counts(found);
  if (mine !== latest) return;
  showFilterCounts(filterCounts);
  form.dataset.klar = query; // tests wait for it: this search is shown, counts and all
}

function summary(query, found) {
  const count = found.results.length;
  if (found.noUnitsIn) return say("no_units_in", { place: found.noUnitsIn.place });
  if (!count && found.onlySmall) return say("only_small_words");
  if (!count) return query ? say("nothing_for", { query }) : say("nothing_chosen");
  const number = count === 1 ? say("one") : say("many", { count });
  if (found.correctedTo) return say("found", { number, query: found.correctedTo });
  if (found.partial) return say("partial", { number });
  return query ? say("found", { number, query }) : `${number}.`;
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
  button.textContent = say("as_written", { query });
  button.addEventListener("click", () => {
    asWritten = query;
    run().then(() => input.focus());
  });
  suggestion.append(say("showing"), strong, ". ", button);
}

/** The line under the status about a place the query named: the area its units are shown from, with a
 * way out to every area; or, for a place with no published units, the areas that have them. */
function showPlace(found) {
  const line = document.getElementById("sok-plats");
  line.replaceChildren();
  line.hidden = !(found.place?.area || found.noUnitsIn);
  if (found.place?.area) {
    const { place, area } = found.place;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "garanti-sok__som-skrivet";
    button.textContent = say("every_area");
    button.addEventListener("click", () => {
      wholeCity = input.value.trim();
      run().then(() => input.focus());
    });
    line.append(say(place === area ? "in_area" : "in_area_place", { place, area }), " ", button);
  } else if (found.noUnitsIn) {
    const areas = Object.keys(totals[AREA] || {}).sort(collator.compare);
    const links = areas.map((area) => searchLink(area, found.rest, { [AREA]: area }));
    line.append(say("elsewhere"), ...links.flatMap((link, i) => (i ? [i === links.length - 1 ? say("and") : ", ", link] : [link])), ".");
    if (found.rest) line.append(" ", searchLink(say("whole_city", { words: found.rest }), found.rest, {}), ".");
  }
}

/** A link to this search page for the words and filters. */
function searchLink(text, query, filters) {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  for (const [name, value] of Object.entries(filters)) params.set(name, value);
  const link = document.createElement("a");
  link.href = `${location.pathname}?${params}`;
  link.textContent = text;
  return link;
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
    draft.textContent = say("draft");
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
    const options = [new Option(say("all"), "")];
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
  chosenCount.textContent = count ? say(count === 1 ? "chosen_one" : "chosen", { count }) : "";
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
  for (const select of Object.values(selects)) {
    select.addEventListener("change", () => {
      if (select === selects[AREA]) placeArea = null; // the resident's own choice now
      run();
    });
  }
  moreButton.addEventListener("click", async () => {
    const [first] = await showMore();
    first?.querySelector("a").focus();
  });
  await run();
}

start().catch((error) => {
  console.error(error);
  status.textContent = say("failed");
});
