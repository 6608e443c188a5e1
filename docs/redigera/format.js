// The files the guides describe (CONTRIBUTING.md), read into the form and written back:
// a guarantee (front matter and body, "garanti") and a follow-up ("uppfoljning").
//
// What the form shows is not quite what the file holds: the draft flag is asked as
// "ready for the board", a preschool's commitments stand under their five curriculum
// areas, and a new file's place (department, unit) is chosen in fields of its own.
// The shapes (key order, which values may stay empty) come from the schemas, through
// config.json (garanti.site.form.formats).
//
// Writing changes as little as it can. A file the form opened is written back by
// changing, in its own YAML document, only the values the editor changed: comments,
// quoting, block texts and key order stay as they were, and a file nobody changed
// comes back byte for byte. A new file is written in the guides' layout: the schema's
// key order, two spaces, a phone number in quotes, a text of several lines after |-.
import { slugOf } from './platser.js';
import { Document, isMap, isScalar, isSeq, parseDocument, Scalar } from './yaml/index.js';

// YAML 1.2's core rules, as garanti check reads files: "yes" stays text, a date stays text.
const READ = { version: '1.2', schema: 'core', uniqueKeys: true, prettyErrors: false };
// The guides' layout: no folding of long lines, two spaces, "- " indented under its key,
// double quotes where quotes are needed, and an empty value written as nothing ("result:").
const WRITE = { lineWidth: 0, minContentWidth: 0, indent: 2, indentSeq: true, singleQuote: false, nullStr: '' };
// Where the form keeps the file it opened, to write back only what changed.
export const ORIGINAL = 'fil';

const FRONT_MATTER = /^(\ufeff?---[ \t]*\r?\n)([\s\S]*?\r?\n)?((?:---|\.\.\.)[ \t]*(?:\r?\n|$))([\s\S]*)$/;

export class UnreadableFile extends Error {}

/** (opening line, front matter, closing line, body) of a guarantee file, or null without front matter. */
export function splitFrontMatter(text) {
  const match = FRONT_MATTER.exec(text);
  return match ? { open: match[1], front: match[2] || '', close: match[3], body: match[4] } : null;
}

function readYaml(text) {
  const doc = parseDocument(text, READ);
  if (doc.errors.length) {
    throw new UnreadableFile(
      'Filen går inte att läsa i formuläret: ' + doc.errors[0].message.split('\n')[0] +
      ' Rätta den som fil (garanti check visar var), eller be den som förvaltar systemet om hjälp.');
  }
  return doc;
}

const EMPTY = undefined;

/** Whether a value holds nothing: the form's one meaning of empty, for a file's values and Decap's
 * (its lists and groups, Immutable collections with a size). */
export function isEmpty(value) {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object' && typeof value.size === 'number') return value.size === 0;
  return isPlainObject(value) && Object.values(value).every(isEmpty);
}

function isPlainObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function equal(a, b) {
  if (isEmpty(a) && isEmpty(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => equal(item, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every(key => equal(a[key], b[key]));
  }
  return a === b;
}

/** The shape's rules for one place in the file ("contact.phone", "results.*.result"). */
class Shape {
  constructor(shape, quoted) {
    this.order = shape.order;
    this.nullable = new Set(shape.nullable);
    this.quoted = new Set(quoted);
  }

  keys(path) {
    return this.order[path] || null;
  }

  child(path, key) {
    return path ? `${path}.${key}` : String(key);
  }

  item(path) {
    return `${path}.*`;
  }
}

/** A value from the form as the file holds it: texts with \n line endings, empty as EMPTY, keys in the schema's order. */
function clean(value, shape, path) {
  if (typeof value === 'string') {
    const text = value.replace(/\r\n?/g, '\n');
    return text.trim() === '' ? EMPTY : text;
  }
  if (Array.isArray(value)) {
    const items = value.map(item => clean(item, shape, shape.item(path)));
    return items.every(item => item === EMPTY) ? EMPTY : items;
  }
  if (isPlainObject(value)) {
    const known = shape.keys(path);
    const keys = known ? [...known, ...Object.keys(value).filter(key => !known.includes(key))] : Object.keys(value);
    const out = {};
    for (const key of keys) {
      if (!(key in value)) continue;
      const cleaned = clean(value[key], shape, shape.child(path, key));
      if (cleaned !== EMPTY) out[key] = cleaned;
      else if (shape.nullable.has(shape.child(path, key))) out[key] = null;
    }
    return Object.keys(out).length ? out : EMPTY;
  }
  return value === null || value === undefined ? EMPTY : value;
}

/** A new node for a value, styled as the guides write it. */
function makeNode(doc, value, shape, path) {
  const node = doc.createNode(value);
  style(node, shape, path);
  return node;
}

function style(node, shape, path) {
  if (isScalar(node)) {
    if (shape.quoted.has(path.replace(/\.\d+/g, '.*')) && typeof node.value === 'string') node.type = Scalar.QUOTE_DOUBLE;
    else if (typeof node.value === 'string' && node.value.includes('\n')) node.type = Scalar.BLOCK_LITERAL;
  } else if (isMap(node)) {
    for (const pair of node.items) style(pair.value, shape, shape.child(path, pair.key.value ?? pair.key));
  } else if (isSeq(node)) {
    node.items.forEach(item => style(item, shape, shape.item(path)));
  }
}

/** Set a scalar's value, keeping how it was written where that still can hold the new value. */
function setScalar(node, value, shape, path) {
  node.value = value;
  if (typeof value !== 'string') {
    node.type = undefined;
  } else if (value.includes('\n') && node.type !== Scalar.BLOCK_LITERAL && node.type !== Scalar.BLOCK_FOLDED) {
    node.type = Scalar.BLOCK_LITERAL;
  } else if (shape.quoted.has(path.replace(/\.\d+/g, '.*'))) {
    node.type = Scalar.QUOTE_DOUBLE;
  }
}

/** Bring a YAML map node from `old` (what the file said) to `now` (what the form says), changing only what differs. */
function updateMap(doc, node, old, now, shape, path) {
  old = isPlainObject(old) ? old : {};
  const order = shape.keys(path) || [];
  for (const [key, value] of Object.entries(now)) {
    const at = shape.child(path, key);
    if (node.has(key) && equal(old[key], value)) continue;
    if (!node.has(key)) {
      // An empty value the file leaves out stays left out ("comment:" is not added to a filled-in result).
      if (!isEmpty(value)) insertInOrder(doc, node, key, makeNode(doc, value, shape, at), order);
      continue;
    }
    updateValue(doc, node, key, old[key], value, shape, at);
  }
  for (const key of Object.keys(old)) {
    // A known field the form emptied goes; a key the schema does not know stays as it was (garanti check says so).
    if (!(key in now) && order.includes(key) && node.has(key)) node.delete(key);
  }
}

function updateValue(doc, parent, key, old, value, shape, path) {
  const child = parent.get(key, true);
  if (value === null && isScalar(child)) {
    setScalar(child, null, shape, path);
  } else if (isMap(child) && isPlainObject(value)) {
    updateMap(doc, child, old, value, shape, path);
  } else if (isSeq(child) && Array.isArray(value)) {
    updateSeq(doc, child, Array.isArray(old) ? old : [], value, shape, path);
  } else if (isScalar(child) && !isPlainObject(value) && !Array.isArray(value)) {
    setScalar(child, value, shape, path);
  } else {
    parent.set(key, makeNode(doc, value, shape, path));
  }
}

/** A list: item by item when it kept its length; else the unchanged items are kept (with their comments)
 * and the rest written anew. */
function updateSeq(doc, node, old, now, shape, path) {
  const at = shape.item(path);
  if (old.length === now.length && node.items.length === old.length) {
    now.forEach((value, index) => {
      if (!equal(old[index], value)) updateValue(doc, node, index, old[index], value, shape, at);
    });
    return;
  }
  const kept = alignment(old, now);
  node.items = now.map((value, index) =>
    kept.has(index) ? node.items[kept.get(index)] : makeNode(doc, value, shape, at));
}

/** The longest common subsequence of two short lists: the pairs [i, j] with xs[i] and ys[j] alike, in order. */
function commonPairs(xs, ys, alike) {
  const table = Array.from({ length: xs.length + 1 }, () => new Array(ys.length + 1).fill(0));
  for (let i = xs.length - 1; i >= 0; i--) {
    for (let j = ys.length - 1; j >= 0; j--) {
      table[i][j] = alike(xs[i], ys[j]) ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
    }
  }
  const pairs = [];
  for (let i = 0, j = 0; i < xs.length && j < ys.length;) {
    if (alike(xs[i], ys[j])) { pairs.push([i, j]); i++; j++; }
    else if (table[i + 1][j] >= table[i][j + 1]) i++;
    else j++;
  }
  return pairs;
}

/** Which item of `now` is which unchanged item of `old`. */
function alignment(old, now) {
  return new Map(commonPairs(old, now, equal).map(([i, j]) => [j, i]));
}

/** The edits that turn yaml's writing of the file as it was (`before`) into its writing of the
 * file as the form has it (`after`), made to the file's own text (`original`). yaml writes nearly
 * every file as it was; where it would not (a comment after an empty value moves), the lines it
 * would write otherwise are left as the editor wrote them, unless the form changed them. */
function mergeLines(original, before, after) {
  if (before === after) return original;
  if (before === original) return after;
  const theirs = original.split('\n');
  const base = before.split('\n');
  const ours = after.split('\n');
  const inOriginal = new Map(commonPairs(base, theirs, (x, y) => x === y));
  const edits = [];
  let lastBase = -1;
  let lastOurs = -1;
  for (const [i, j] of [...commonPairs(base, ours, (x, y) => x === y), [base.length, ours.length]]) {
    const removed = [];
    for (let k = lastBase + 1; k < i; k++) removed.push(k);
    const added = ours.slice(lastOurs + 1, j);
    if (removed.length) {
      const lines = removed.map(k => inOriginal.get(k));
      if (lines.some((line, n) => line === undefined || (n && line !== lines[n - 1] + 1))) return after;
      edits.push([lines[0], lines[lines.length - 1] + 1, added]);
    } else if (added.length) {
      let at;
      if (lastBase < 0) at = 0;
      else if (inOriginal.has(lastBase)) at = inOriginal.get(lastBase) + 1;
      else if (i < base.length && inOriginal.has(i)) at = inOriginal.get(i);
      else return after;
      edits.push([at, at, added]);
    }
    lastBase = i;
    lastOurs = j;
  }
  for (const [from, to, lines] of edits.reverse()) theirs.splice(from, to - from, ...lines);
  return theirs.join('\n');
}

/** A key the file did not have, put where the schema's order has it (else last). */
function insertInOrder(doc, node, key, value, order) {
  const rank = order.indexOf(key);
  let index = node.items.length;
  if (rank >= 0) {
    const later = node.items.findIndex(pair => order.indexOf(isScalar(pair.key) ? pair.key.value : pair.key) > rank);
    if (later >= 0) index = later;
  }
  node.items.splice(index, 0, doc.createPair(key, value));
}

/** The front matter, or a follow-up, as text: the opened file changed where the form changed it, or a new one. */
function writeYaml(original, now, shape) {
  if (original !== null) {
    const doc = readYaml(original);
    const old = doc.toJS() || {};
    if (!isMap(doc.contents)) return newYaml(now, shape);
    // yaml writes a document's closing comment after an empty line; garanti new's has none.
    if (doc.comment && !/\n[ \t]*\n(?:[ \t]*#[^\n]*(?:\n|$))+$/.test(original)) {
      doc.contents.comment = doc.comment;
      doc.comment = null;
    }
    const before = doc.toString(WRITE);
    updateMap(doc, doc.contents, old, now, shape, '');
    return mergeLines(original, before, doc.toString(WRITE));
  }
  return newYaml(now, shape);
}

function newYaml(now, shape) {
  const doc = new Document(undefined, READ);
  doc.contents = makeNode(doc, now, shape, '');
  return doc.toString(WRITE);
}

/** The draft flag the form asks as "ready": not ready is draft: true; ready leaves out draft (or keeps draft: false). */
function draftFrom(form, ready, old) {
  if (form[ready] === true) return old && old.draft === false ? false : EMPTY;
  return true;
}

/** The file's fields from the form's, in the schema's order; the form's own fields left out. */
function fileData(form, shape, settings, old, own) {
  const data = {};
  for (const key of shape.keys('')) {
    if (key === 'draft') {
      const draft = draftFrom(form, settings.ready, old);
      if (draft !== EMPTY) data.draft = draft;
    } else if (key in form) {
      data[key] = form[key];
    }
  }
  // Keys the schema does not know, as the file had them (the check refuses them; the form leaves them).
  for (const key of Object.keys(form)) {
    if (!(key in data) && !own.has(key) && old && key in old) data[key] = form[key];
  }
  return clean(data, shape, '') || {};
}

// --- a guarantee ---------------------------------------------------------------------

export function guaranteeFormat(settings) {
  const shape = new Shape(settings.garanti, settings.quoted);
  const spec = settings.garanti;
  const areaNames = spec.areas;
  const areaSlugs = Object.fromEntries(Object.entries(areaNames).map(([slug, name]) => [name, slug]));
  const collection = settings.collection;  // which of a board's collections lists the file: preschools or the others
  const own = new Set([settings.ready, settings.department, spec.body, ORIGINAL, collection.field, spec.grouped]);

  function grouped(commitments) {
    if (!Array.isArray(commitments)) return null;
    if (!commitments.every(c => isPlainObject(c) && c.area in areaSlugs && typeof c.text === 'string' &&
      Object.keys(c).every(key => key === 'area' || key === 'text'))) return null;
    const groups = Object.fromEntries(Object.keys(areaNames).map(slug => [slug, []]));
    for (const c of commitments) groups[areaSlugs[c.area]].push(c.text);
    return groups;
  }

  function flattened(groups) {
    if (!isPlainObject(groups)) return groups;
    const commitments = [];
    for (const [slug, name] of Object.entries(areaNames)) {
      for (const text of groups[slug] || []) commitments.push({ area: name, text });
    }
    return commitments;
  }

  return {
    fromFile(text) {
      const parts = splitFrontMatter(text);
      if (!parts) return {};  // not a guarantee (no front matter): in no collection
      const data = readYaml(parts.front).toJS();
      if (!isPlainObject(data)) return {};
      if (spec.elsewhere && spec.elsewhere in data) return {};  // a language version: in its own collection
      const form = { ...data };
      delete form.draft;
      form[settings.ready] = data.draft !== true;
      form[spec.body] = parts.body.replace(/\s+$/, '');
      const groups = data.service === spec.preschool ? grouped(data.commitments) : null;
      if (groups) form[spec.grouped] = groups;
      // A preschool whose commitments are not all under an area is in neither (garanti check says why).
      form[collection.field] = data.service === spec.preschool ? (groups ? collection.preschools : null) : collection.others;
      form[ORIGINAL] = text;
      return form;
    },

    toFile(form) {
      const original = typeof form[ORIGINAL] === 'string' ? splitFrontMatter(form[ORIGINAL]) : null;
      const old = original ? readYaml(original.front).toJS() : null;
      const values = { ...form };
      if (isPlainObject(values[spec.grouped])) values[spec.grouped] = flattened(values[spec.grouped]);
      const data = fileData(values, shape, settings, old, own);
      const body = (form[spec.body] || '').replace(/\r\n?/g, '\n').replace(/\s+$/, '');
      if (original) {
        const front = writeYaml(original.front, data, shape);
        const sameBody = original.body.replace(/\r\n?/g, '\n').replace(/\s+$/, '') === body;
        return original.open + front + original.close + (sameBody ? original.body : `${body}\n`);
      }
      return `---\n${newYaml(data, shape)}---\n${body}\n`;
    },
  };
}

// --- a follow-up ---------------------------------------------------------------------

export function followUpFormat(settings) {
  const spec = settings.uppfoljning;
  const shape = new Shape(spec, settings.quoted);
  const own = new Set([settings.ready, settings.department, spec.unit, spec.unitFile, ORIGINAL]);
  return {
    fromFile(text) {
      const data = readYaml(text).toJS();
      if (!isPlainObject(data) || !('results' in data)) return {};  // board.yml and the like: not a follow-up
      const form = { ...data };
      delete form.draft;
      form[settings.ready] = data.draft !== true;
      form[ORIGINAL] = text;
      return form;
    },

    toFile(form) {
      const original = typeof form[ORIGINAL] === 'string' ? form[ORIGINAL] : null;
      const old = original !== null ? readYaml(original).toJS() : null;
      const data = fileData(form, shape, settings, old, own);
      return writeYaml(original, data, shape);
    },
  };
}

/** Before a new file is saved, the two parts of its path (its collection's "{{avdelning}}/{{enhetsfil}}"):
 * a follow-up's or a version's from its unit ("department/unit"), a guarantee's file name from its title,
 * as slugify spells it (config.json's rule); undefined when there is nothing to name it by. */
export function placeNew(data, collection, settings) {
  const named = data.get(collection.identifier_field);
  if (typeof named !== 'string') return undefined;
  if (collection.identifier_field === settings.unit) {
    if (!named.includes('/')) return undefined;
    const [department, file] = named.split('/');
    return data.set(settings.department, department).set(settings.unitFile, file);
  }
  const file = slugOf(named, settings.slug);
  return file ? data.set(settings.unitFile, file) : undefined;
}

// A bullet as Word and other programs put it in pasted text: "•", "·", "▪", "◦", "‣", Symbol's
// private "\uf0b7", a dash or "*", each followed by a tab or spaces; and "o" (Word's second level) and
// "§" (Wingdings' square) only with a tab: "o" is also a word, and "§ 5" a reference to the law.
const BULLET = /^[ \t\u00a0]*(?:[•·▪◦‣●■□\uf0b7\uf0a7*\u2013\u2014-][ \t\u00a0]+|[o§]\t[ \t]*)(?=\S)/u;

/** Pasted text with its bullet lines as a Markdown list ("- ", one item a line); other text as it was. */
export function markdownBullets(text) {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (!lines.some(line => BULLET.test(line))) return text;
  const out = [];
  for (const line of lines) {
    const bullet = BULLET.exec(line);
    if (bullet) {
      // A list after a line of text needs a blank line, or Markdown reads it as that paragraph's text.
      if (out.length && out[out.length - 1] !== '' && !BULLET_WRITTEN.test(out[out.length - 1])) out.push('');
      out.push('- ' + line.slice(bullet[0].length).trim());
    } else {
      if (line.trim() && out.length && BULLET_WRITTEN.test(out[out.length - 1])) out.push('');
      out.push(line.replace(/[ \t]+$/, ''));
    }
  }
  return out.join('\n').replace(/\n+$/, '');
}

const BULLET_WRITTEN = /^- /;
