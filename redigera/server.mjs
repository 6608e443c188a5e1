// The form's local back end: decap-server's git mode, as ./scripts/preview starts it beside
// the preview (node redigera/server.mjs). Each save in the form is a commit on a branch of its
// own, cms/<collection>/<entry>, in this repository: the pull request to be.
//
// decap-server writes any path it is given and does whatever it is asked, so it never sees a
// request that has not passed the gate below (`gate`, then `allowed`):
// - Only the preview's own page: the per-session key that the page gets from the preview
//   (config.json, made with GARANTI_REDIGERA_NYCKEL), and the preview's Origin and our Host.
//   Another site, a DNS rebinding or a page of another origin is refused. A program on this machine can
//   read the key from the preview as the page does; what it can then do is what the form does (below).
// - Only what the form does: the actions it uses, on guarantees/<board>/<department>/<unit> files
//   (a guarantee, its follow-ups and language versions; no dot segments, no other folder, no links).
// - Nothing overwritten: a save names the version it was made from (`base`, per file); a save
//   made from a version that has changed since (another tab, another editor) is refused with the
//   text saved meanwhile, so that the editor sees both.
// Every refusal is said on standard error, in Swedish, with what was refused.
//
// Around decap-server, too:
// - It works in a private worktree of the repository (in TMPDIR), on a branch "formularets-bas" made
//   at the commit checked out when it starts: decap-server switches branches and commits
//   everything in its folder, which must never be the editor's own working tree. Branches are
//   shared between worktrees, so cms/... branches are real branches of the repository.
// - Each file the form saves is also written into the working tree (when that file has no
//   changes of the editor's own), so that the open preview shows it within a second; when the
//   server stops, those copies go and the working tree is as git has it.
// - "Ta in" (Decap's publish) is not done here: it would merge into the private branch, not into
//   main. The reviewer takes the pull request in on the git host.
//
// Settings (environment): GARANTI_REDIGERA_NYCKEL (the key, required), GARANTI_REDIGERA_PORT (8081),
// GARANTI_REDIGERA_ORIGIN (the preview's origin, http://127.0.0.1:8000), GARANTI_REDIGERA_REPO (the
// repository, the current folder).
import { execFile } from 'node:child_process';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { lstat, mkdir, mkdtemp, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { setPriority, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import express from 'express';

import { placeOf, placePatterns } from '../docs/redigera/platser.js';

const run = promisify(execFile);
const HOST = '127.0.0.1';
const BASE = 'formularets-bas';  // a name of its own: the branch is reset to HEAD at each start
const port = Number(process.env.GARANTI_REDIGERA_PORT || 8081);
const origin = process.env.GARANTI_REDIGERA_ORIGIN || 'http://127.0.0.1:8000';
// The preview answers on 127.0.0.1 and on localhost alike: its page may be opened at either.
const origins = new Set([origin, origin.replace('//127.0.0.1:', '//localhost:'), origin.replace('//localhost:', '//127.0.0.1:')]);
const repository = path.resolve(process.env.GARANTI_REDIGERA_REPO || process.cwd());
const key = process.env.GARANTI_REDIGERA_NYCKEL || '';
const KEY_HEADER = 'x-garanti-nyckel';
// A guarantee is a few kilobytes; a follow-up less.
const LARGEST_REQUEST = '512kb';

// The project's Python, whose garanti package brings a follow-up along (editing/follow_along.py) and
// says where the form's files lie (garanti.site.form.places).
const PYTHON = process.env.GARANTI_REDIGERA_PYTHON ||
  path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '.venv', 'bin', 'python');
// The files the form writes: guarantees/<board>/<department>/<unit> with a guarantee's, a follow-up's
// or a language version's ending, each part a slug (no dots, no other folder), read as the form's page
// reads them (docs/redigera/platser.js) with what Python decided: set at start (readPlaces).
let places = null;
let PATTERNS = null;

function isFormFile(relative) {
  return typeof relative === 'string' && placeOf(relative, places) !== null;
}

function isKind(relative, kind) {
  return placeOf(relative, places)?.kind === kind;
}

async function readPlaces() {
  const { stdout } = await run(PYTHON, ['-m', 'garanti.site.form.places'], { maxBuffer: 1024 * 1024, timeout: 60_000 });
  places = JSON.parse(stdout);
  PATTERNS = placePatterns(places);
}
const STATUS = /^[a-z_]{1,40}$/;

// What the form asks of decap-server; each with the names of its params that are paths.
const ACTIONS = new Set(['info', 'entriesByFolder', 'entriesByFiles', 'getEntry', 'unpublishedEntries',
  'unpublishedEntry', 'unpublishedEntryDataFile', 'deleteUnpublishedEntry', 'persistEntry',
  'updateUnpublishedEntryStatus', 'getMedia', 'getDeployPreview']);
const NOT_HERE = {
  publishUnpublishedEntry: 'Ta in görs inte i förhandsgranskningen: ändringen finns kvar på sin gren och tas in ' +
    'när pull requesten godkänns på git-tjänsten.',
};

function say(message) {
  process.stderr.write(`Formuläret: ${message}\n`);
}

async function git(folder, ...args) {
  const { stdout } = await run('git', ['-C', folder, ...args], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** A file's content at a commit or branch, or null where it has none. */
async function shown(revision, relative) {
  try {
    const { stdout } = await run('git', ['-C', repository, 'show', `${revision}:${relative}`],
      { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch {
    return null;
  }
}

async function branchExists(branch) {
  try {
    await git(repository, 'rev-parse', '--verify', '--quiet', `refs/heads/${branch}`);
    return true;
  } catch {
    return false;
  }
}

function sha256(data) {
  return createHash('sha256').update(data).digest('hex');
}

/** The private worktree decap-server works in, on branch BASE at the commit checked out now. */
async function makeWorktree() {
  await git(repository, 'worktree', 'prune');
  const listed = await git(repository, 'worktree', 'list', '--porcelain');
  for (const block of listed.split('\n\n')) {
    const folder = /^worktree (.+)$/m.exec(block);
    if (folder && block.split('\n').includes(`branch refs/heads/${BASE}`) && folder[1] !== repository) {
      await git(repository, 'worktree', 'remove', '--force', folder[1]);  // left by a session that was killed
    }
  }
  const folder = await mkdtemp(path.join(tmpdir(), 'garanti-redigera-'));
  await git(repository, 'worktree', 'add', '--force', '-B', BASE, folder, 'HEAD');
  return folder;
}

/** Commits need a name; a repository without one gets the form's. */
async function authorEnvironment(folder) {
  const named = await git(folder, 'config', 'user.name').catch(() => '');
  if (named.trim()) return;
  process.env.GIT_AUTHOR_NAME = process.env.GIT_COMMITTER_NAME = 'Formuläret (lokalt)';
  process.env.GIT_AUTHOR_EMAIL = process.env.GIT_COMMITTER_EMAIL = 'redigera@localhost';
}

class Refused extends Error {
  constructor(status, message, details = {}) {
    super(message);
    this.status = status;
    this.details = details;
  }
}

function refuse(request, response, status, message, details = {}) {
  const action = request.body && typeof request.body.action === 'string' ? ` (${request.body.action.slice(0, 40)})` : '';
  const where = `${request.method} ${request.originalUrl.slice(0, 100)}`;
  say(`vägrade ${where}${action} från ${JSON.stringify(request.headers.origin || 'okänd')}: ${message}`);
  response.status(status).json({ error: message, ...details });
}

function sameKey(given) {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(key);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Only the preview's page, on this machine, with this session's key. */
function gate(request, response, next) {
  const hosts = [`${HOST}:${port}`, `localhost:${port}`];
  const from = request.headers.origin;
  if (!hosts.includes(request.headers.host)) {
    refuse(request, response, 403, `fel värdnamn ${JSON.stringify(request.headers.host || '')}; formulärets ` +
      'lokala server svarar bara förhandsgranskningen på den här datorn.');
    return;
  }
  if (!origins.has(from)) {
    refuse(request, response, 403, 'begäran kom inte från förhandsgranskningens sida ' +
      `(${from === undefined ? 'ingen Origin' : `Origin ${JSON.stringify(from)}`}).`);
    return;
  }
  response.set('Access-Control-Allow-Origin', from);
  response.set('Vary', 'Origin');
  if (request.method === 'OPTIONS') {
    response.set('Access-Control-Allow-Methods', 'POST');
    response.set('Access-Control-Allow-Headers', `Content-Type, ${KEY_HEADER}`);
    response.set('Access-Control-Max-Age', '600');
    response.status(204).end();
    return;
  }
  if (request.method !== 'POST' || request.path !== '/api/v1') {
    refuse(request, response, 404, `${request.method} ${request.path.slice(0, 100)} finns inte här.`);
    return;
  }
  if (!sameKey(request.headers[KEY_HEADER])) {
    refuse(request, response, 403, 'begäran saknar förhandsgranskningens nyckel. Ladda om formuläret ' +
      '(nyckeln byts varje gång förhandsgranskningen startar).');
    return;
  }
  next();
}

/** Each part of a path below `root` that exists is a folder or a file, never a link. */
async function withoutLinks(root, relative) {
  let at = root;
  for (const part of relative.split('/')) {
    at = path.join(at, part);
    let found;
    try {
      found = await lstat(at);
    } catch {
      return;  // the rest is to be made
    }
    if (found.isSymbolicLink()) throw new Refused(403, `${relative} går via en länk; formuläret skriver bara vanliga filer.`);
  }
}

async function formFile(relative, what) {
  if (!isFormFile(relative)) {
    throw new Refused(403, `${what} ${JSON.stringify(String(relative).slice(0, 200))} är inte en garantis, ` +
      'uppföljnings eller språkversions fil under guarantees/<nämnd>/<avdelning>/; formuläret skriver inget annat.');
  }
  await withoutLinks(worktree, relative);
  await withoutLinks(repository, relative);
}

function matching(value, pattern, what) {
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new Refused(403, `${what} ${JSON.stringify(String(value).slice(0, 200))} är inte tillåtet här.`);
  }
}

/** An entry named by `collection` and `slug`, or (unpublishedEntry) by `id` ("collection/slug"), which
 * decap-server takes first when both are given: each one given is checked. Elsewhere `id` names a
 * file's version, and decap-server does not use it. */
function entryKeys(action, params) {
  const named = [];
  if (action === 'unpublishedEntry' && params.id !== undefined) {
    const [collection, ...slug] = String(params.id).split('/');
    named.push({ collection, slug: slug.join('/') });
  }
  if (params.collection !== undefined || params.slug !== undefined || named.length === 0) {
    named.push({ collection: params.collection, slug: params.slug });
  }
  return named;
}

/** What the form may ask, and only on its own files; throws Refused otherwise. */
async function allowed(body) {
  const action = body && body.action;
  if (typeof action === 'string' && Object.hasOwn(NOT_HERE, action)) throw new Refused(403, NOT_HERE[action]);
  if (typeof action !== 'string' || !ACTIONS.has(action)) {
    throw new Refused(403, `formuläret gör inte ${JSON.stringify(String(action).slice(0, 40))} här.`);
  }
  const params = body.params && typeof body.params === 'object' ? body.params : {};
  switch (action) {
    case 'entriesByFolder':
      matching(params.folder, PATTERNS.boardFolder, 'Mappen');
      matching(params.extension, PATTERNS.extension, 'Filändelsen');
      if (!(Number.isInteger(params.depth) && params.depth >= 1 && params.depth <= 3)) throw new Refused(403, 'Djupet är inte tillåtet.');
      await withoutLinks(worktree, params.folder);
      break;
    case 'entriesByFiles':
      if (!Array.isArray(params.files)) throw new Refused(403, 'Filerna saknas.');
      for (const file of params.files) await formFile(file && file.path, 'Filen');
      break;
    case 'getEntry':
      await formFile(params.path, 'Filen');
      break;
    case 'unpublishedEntry':
    case 'deleteUnpublishedEntry':
    case 'updateUnpublishedEntryStatus':
    case 'unpublishedEntryDataFile': {
      for (const { collection, slug } of entryKeys(action, params)) {
        matching(collection, PATTERNS.name, 'Samlingen');
        matching(slug, PATTERNS.entry, 'Posten');
      }
      if (action === 'unpublishedEntryDataFile') await formFile(params.path, 'Filen');
      if (action === 'updateUnpublishedEntryStatus') matching(params.newStatus, STATUS, 'Läget');
      break;
    }
    case 'persistEntry':
      await persistable(params);
      break;
    default:
      break;
  }
}

function savedFiles(params) {
  const files = Array.isArray(params.dataFiles) ? params.dataFiles : params.entry ? [params.entry] : [];
  return files.filter(file => file && typeof file === 'object');
}

async function persistable(params) {
  const options = params.options && typeof params.options === 'object' ? params.options : {};
  if (options.useWorkflow !== true) throw new Refused(403, 'formuläret sparar bara som ändringar som granskas (pull requests).');
  if (Array.isArray(params.assets) && params.assets.length > 0) throw new Refused(403, 'formuläret sparar inga bilder eller andra filer.');
  const files = savedFiles(params);
  if (files.length === 0) throw new Refused(403, 'ingen fil att spara.');
  matching(options.collectionName, PATTERNS.name, 'Samlingen');
  for (const file of files) {
    matching(file.slug, PATTERNS.entry, 'Posten');
    await formFile(file.path, 'Filen');
    if (file.newPath !== undefined && file.newPath !== file.path) {
      throw new Refused(403, `formuläret flyttar inte filer (${file.path} till ${String(file.newPath).slice(0, 200)}); ` +
        'en enhet byter namn eller avdelning genom en pull request.');
    }
    if (typeof file.raw !== 'string') throw new Refused(403, 'filens text saknas.');
  }
}

/** A save made from a version that has changed since is refused: the text saved meanwhile goes back
 * with the refusal. The version is the entry's branch's, else the base's (where a new entry starts). */
async function unchangedSince(params) {
  const bases = params.base && typeof params.base === 'object' ? params.base : {};
  const files = savedFiles(params);
  const branch = `cms/${params.options.collectionName}/${files[0].slug}`;
  const revision = (await branchExists(branch)) ? branch : BASE;
  for (const file of files) {
    const now = await shown(revision, file.path);
    const base = typeof bases[file.path] === 'string' ? bases[file.path] : null;
    if (now === null ? base === null : base === sha256(now)) continue;
    const what = now === null
      ? `${file.path} har tagits bort sedan du öppnade den.`
      : base === null
        ? `${file.path} finns redan: någon har sparat en garanti eller uppföljning med samma namn.`
        : `${file.path} har ändrats sedan du öppnade den, i en annan flik eller av någon annan.`;
    throw new Refused(409, `${what} Din text är inte sparad. Jämför den med den sparade texten, ` +
      'kopiera det du vill behålla och ladda sedan om sidan.', { path: file.path, saved: now === null ? null : now.toString('utf8') });
  }
}

/** A guarantee's follow-ups of the years it covers, brought along into the same save when its
 * commitments changed (editing/follow_along.py: the rule `garanti uppfoljning --uppdatera` applies),
 * so that the branch passes the check. Each as a file of the save, said on standard error. */
async function bringAlong(params) {
  const files = savedFiles(params);
  const guarantees = files.filter(file => isKind(file.path, 'guarantee'));
  if (guarantees.length === 0) return;
  const branch = `cms/${params.options.collectionName}/${files[0].slug}`;
  const revision = (await branchExists(branch)) ? branch : BASE;
  for (const guarantee of guarantees) {
    const unit = placeOf(guarantee.path, places).unit;
    const listed = (await git(repository, 'ls-tree', '--name-only', revision, `${path.posix.dirname(guarantee.path)}/`))
      .split('\n').filter(name => isKind(name, 'follow_up') && placeOf(name, places).unit === unit);
    if (listed.length === 0) continue;
    const followUps = {};
    for (const name of listed) {
      if (files.some(file => file.path === name)) continue;
      const elsewhere = await pendingElsewhere(name, branch);
      if (elsewhere) {
        // Its own change waits for review: bringing the base's text along would undo it in one branch
        // and conflict with it in the other. The check on this branch names the follow-up instead.
        say(`${name} följer inte med ${guarantee.path}: den har en egen ändring som väntar (${elsewhere}). ` +
          'Ta in den först, eller uppdatera åtagandena där.');
        continue;
      }
      const text = await shown(revision, name);
      if (text !== null) followUps[name] = text.toString('utf8');
    }
    const changed = await followAlong({ guarantee: { path: guarantee.path, text: guarantee.raw }, follow_ups: followUps });
    for (const [name, raw] of Object.entries(changed)) {
      if (!isFormFile(name) || !(name in followUps)) continue;
      files.push({ slug: files[0].slug, path: name, raw });
      say(`${name} följer med ${guarantee.path}: åtagandena hämtades ur garantin, resultaten står kvar där ` +
        'åtagandet inte ändrades.');
    }
  }
  params.dataFiles = files;
  delete params.entry;
}

/** Another form branch that changes `relative`, if any. */
async function pendingElsewhere(relative, own) {
  const listed = await git(repository, 'for-each-ref', '--format=%(refname:short)', 'refs/heads/cms/');
  for (const branch of listed.split('\n').filter(name => name && name !== own)) {
    const changed = await git(repository, 'diff', '--name-only', `${BASE}...${branch}`, '--', relative).catch(() => '');
    if (changed.trim()) return branch;
  }
  return null;
}

function followAlong(asked) {
  return new Promise((resolve, reject) => {
    const child = execFile(PYTHON, ['-m', 'garanti.editing.follow_along'], { maxBuffer: 16 * 1024 * 1024, timeout: 60_000 },
      (error, stdout) => {
        if (error) reject(new Error(`uppföljningen kunde inte följa med (${error.message.split('\n')[0]})`));
        else resolve(JSON.parse(stdout));
      });
    child.stdin.end(JSON.stringify(asked));
  });
}

/** A guarantee's branch holds its follow-ups brought along: the form shows the guarantee's entry alone
 * (Decap would take the other files of the branch for pictures of the entry). */
function ownFilesOnly(response) {
  const send = response.json.bind(response);
  response.json = body => {
    if (body && Array.isArray(body.diffs) && body.diffs.some(diff => isKind(diff.path, 'guarantee'))) {
      body = { ...body, diffs: body.diffs.filter(diff => !isKind(diff.path, 'follow_up')) };
    }
    return send(body);
  };
}

/** decap-server rebases an entry's branch onto the base before each save; a branch that main has
 * since changed on the same lines would stop half-way and leave the private worktree unusable. Such
 * a save is refused, with the editor's text shown, before decap-server starts. */
async function rebasable(params) {
  const files = savedFiles(params);
  const branch = `cms/${params.options.collectionName}/${files[0].slug}`;
  if (!(await branchExists(branch))) return;
  try {
    await git(repository, 'merge-tree', '--write-tree', '--no-messages', BASE, branch);
  } catch {
    throw new Refused(409, `Ändringen kan inte sparas här: main har ändrats på samma ställe i ${files[0].path} sedan ` +
      `förslaget (grenen ${branch}) sparades första gången. Din text är inte sparad: kopiera den. Granskaren eller den ` +
      'som förvaltar systemet för ihop grenen med main i git; öppna sedan garantin igen och klistra in.',
    { path: files[0].path, saved: ((await shown(branch, files[0].path)) || Buffer.alloc(0)).toString('utf8') });
  }
}

/** A save decap-server could not finish may leave its worktree in a rebase or on another branch. */
async function recover() {
  await git(worktree, 'rebase', '--abort').catch(() => undefined);
  await git(worktree, 'checkout', '--force', BASE).catch(error => say(`kunde inte återställa arbetskopian (${error.message})`));
}

/** Saves one at a time: a save's check of its base and its commit are one step. A turn ends when
 * the save has been answered (decap-server answers when its commit is done), not when the page's
 * connection closes: a tab reloaded mid-save must not let the next save start beside it. */
let saving = Promise.resolve();
const LONGEST_SAVE_MS = 300_000;

function oneAtATime(response) {
  let done;
  const turn = new Promise(resolve => { done = resolve; });
  const before = saving;
  saving = before.then(() => turn);
  const end = response.end.bind(response);
  response.end = (...args) => {
    done();
    return end(...args);
  };
  setTimeout(done, LONGEST_SAVE_MS).unref();
  return before;
}

/** Files the form wrote into the working tree, and what it wrote: written again only while unchanged
 * since. Kept in the git folder too (COPIES), so that a session killed before it could tidy up is
 * tidied up by the next one. */
const mirrored = new Map();
const COPIES = 'garanti-redigera-kopior.json';

async function readOrNull(file) {
  try {
    return await readFile(file);
  } catch {
    return null;
  }
}

async function recordCopies() {
  const listed = Object.fromEntries([...mirrored].map(([relative, data]) => [relative, sha256(data)]));
  await writeFile(path.join(gitFolder, COPIES), JSON.stringify(listed));
}

/** The copies a killed session left in the working tree, put back as git has them (those nobody changed since). */
async function tidyLeftCopies() {
  let listed;
  try {
    listed = JSON.parse(await readFile(path.join(gitFolder, COPIES), 'utf8'));
  } catch {
    return;
  }
  for (const [relative, digest] of Object.entries(listed)) {
    if (!isFormFile(relative)) continue;
    const now = await readOrNull(path.join(repository, relative));
    if (now !== null && sha256(now) === digest) await restoreFromHead(relative);
  }
  await unlink(path.join(gitFolder, COPIES)).catch(() => undefined);
}

async function restoreFromHead(relative) {
  const target = path.join(repository, relative);
  const head = await shown('HEAD', relative);
  if (head === null) await unlink(target).catch(() => undefined);
  else await replace(target, head);
}

/** A saved file into the working tree, for the preview, unless the editor has changes of their own in
 * it. Returns what the preview showed before (undefined: nothing of the form's), or false if not written. */
async function mirror(relative, text) {
  const target = path.join(repository, relative);
  const now = await readOrNull(target);
  const ours = mirrored.get(relative);
  const head = now === null ? null : await shown('HEAD', relative);
  const untouched = now === null || (ours !== undefined && now.equals(ours)) || (head !== null && now.equals(head));
  if (!untouched) {
    say(`${relative} har ändringar som inte är sparade i git; förhandsgranskningen visar dem, inte formulärets.`);
    return false;
  }
  const data = Buffer.from(text, 'utf8');
  await mkdir(path.dirname(target), { recursive: true });
  await replace(target, data);
  mirrored.set(relative, data);
  await recordCopies();
  return { before: ours };
}

/** Write a file whole, through a temporary file of its own in the repository's git folder (where the
 * preview does not look) and a rename: the preview sees one change, never a half-written file. */
async function replace(target, data) {
  const temporary = path.join(gitFolder, `garanti-redigera-${process.pid}-${randomBytes(8).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, data, { flag: 'wx' });
    await rename(temporary, target);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

/** The form's copies in the working tree back as git has them (those nobody changed since). */
async function unmirror(paths) {
  for (const relative of paths) {
    const now = await readOrNull(path.join(repository, relative));
    const ours = mirrored.get(relative);
    mirrored.delete(relative);
    if (now !== null && ours !== undefined && now.equals(ours)) await restoreFromHead(relative);
  }
  await recordCopies();
}

/** A save that failed: the preview shows again what it showed before it (an earlier save's copy, or git's). */
async function putBack(shownBefore) {
  for (const [relative, before] of shownBefore) {
    const now = await readOrNull(path.join(repository, relative));
    if (now === null || !now.equals(mirrored.get(relative) || Buffer.alloc(0))) continue;
    if (before === undefined) {
      await unmirror([relative]);
    } else {
      await replace(path.join(repository, relative), before);
      mirrored.set(relative, before);
    }
  }
  await recordCopies();
}

const entries = new Map();  // "collection/slug" -> the files saved for it

let gitFolder = repository;
let worktree = '';

async function main() {
  if (key.length < 32) {
    say('kunde inte starta: GARANTI_REDIGERA_NYCKEL saknas eller är för kort (minst 32 tecken). ' +
      './scripts/preview gör en ny nyckel varje gång.');
    process.exit(1);
  }
  // The preview's rebuild after a save comes first: the commits (and every git command of
  // decap-server, which inherit this) wait for a free processor.
  try {
    setPriority(10);
  } catch {
    // not allowed here: the same priority as the preview, then
  }
  await readPlaces();
  gitFolder = path.resolve(repository, (await git(repository, 'rev-parse', '--git-common-dir')).trim());
  await tidyLeftCopies();
  worktree = await makeWorktree();
  await authorEnvironment(worktree);
  process.env.GIT_REPO_DIRECTORY = worktree;
  process.env.ORIGIN = origin;
  const { registerLocalGit } = (await import('decap-server/dist/middlewares.js')).default;

  const app = express();
  app.disable('x-powered-by');
  app.use(gate);
  app.use(express.json({ limit: LARGEST_REQUEST }));
  app.use(async (request, response, next) => {
    try {
      await allowed(request.body);
      const params = request.body.params;
      if (params && typeof params === 'object' && 'branch' in params) params.branch = BASE;  // the form names main
      if (request.body.action === 'getMedia') {
        response.json([]);  // no pictures: the form has no media
        return;
      }
      if (request.body.action === 'unpublishedEntry') ownFilesOnly(response);
      if (request.body.action === 'getDeployPreview') {
        response.json(null);
        return;
      }
      if (request.body.action === 'persistEntry') {
        await oneAtATime(response);
        await unchangedSince(params);
        await rebasable(params);
        await bringAlong(params).catch(error => say(`${error.message}; garantin sparas ändå, och garanti check säger vad ` +
          'som ska ändras i uppföljningen.'));
        // Into the preview first, while git does its part: the preview's rebuild does not wait for the commit.
        const shownBefore = await saved(params);
        response.on('finish', () => {
          if (response.statusCode === 200) return;
          recover().then(() => putBack(shownBefore)).catch(() => undefined);  // not saved after all
        });
      } else if (request.body.action === 'deleteUnpublishedEntry') {
        // The editor's "Ta bort ändringar": the branch goes, its last commit stays under a name of its own.
        const branch = `cms/${params.collection}/${params.slug}`;
        const tip = (await git(repository, 'rev-parse', '--verify', '--quiet', `refs/heads/${branch}`).catch(() => '')).trim();
        const kept = `refs/formularet/borttagna/${branch}/${Date.now()}`;
        if (tip) await git(repository, 'update-ref', kept, tip);
        // The preview is as git has it again by the time the page hears the branch is gone.
        const send = response.json.bind(response);
        response.json = body => {
          if (response.statusCode !== 200) return send(body);
          if (tip) say(`grenen ${branch} togs bort i formuläret; den finns kvar som ${kept}: git branch ${branch} ${kept}`);
          removed(params).catch(error => say(error.message)).finally(() => send(body));
          return response;
        };
      }
    } catch (error) {
      if (error instanceof Refused) {
        refuse(request, response, error.status, error.message, error.details);
        return;
      }
      refuse(request, response, 500, `formulärets lokala server kunde inte göra det (${error.message}). ` +
        'Inget är ändrat; försök igen, eller starta om förhandsgranskningen.');
      return;
    }
    next();
  });
  await registerLocalGit(app, { logLevel: process.env.GARANTI_REDIGERA_LOGG || 'warn' });
  app.use((error, request, response, next) => {
    void next;
    if (error && error.type === 'entity.too.large') {
      refuse(request, response, 413, `begäran är större än ${LARGEST_REQUEST}; en garanti är några kilobyte.`);
    } else {
      refuse(request, response, 400, 'begäran gick inte att läsa.');
    }
  });

  const server = app.listen(port, HOST, () => {
    say(`lokal server på http://${HOST}:${port}, sparar grenar i ${repository}`);
  });

  let stopping = false;
  async function stop() {
    if (stopping) return;
    stopping = true;
    server.close();
    await unmirror([...mirrored.keys()]).catch(error => say(`kunde inte städa arbetskopian (${error.message})`));
    await git(repository, 'worktree', 'remove', '--force', worktree).catch(() => rm(worktree, { recursive: true, force: true }));
    process.exit(0);
  }
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, stop);  // SIGHUP: the terminal closed
}

/** An entry saved in the form: its files into the working tree. Returns, of each file written, what
 * the preview showed before (for putBack). */
async function saved(params) {
  const files = savedFiles(params);
  const entry = `${params.options.collectionName}/${files[0].slug}`;
  const shownBefore = new Map();
  for (const file of files) {
    try {
      const written = await mirror(file.path, file.raw);
      if (written) shownBefore.set(file.path, written.before);
    } catch (error) {
      say(`kunde inte visa ${file.path} i förhandsgranskningen (${error.message})`);
    }
  }
  entries.set(entry, [...new Set([...(entries.get(entry) || []), ...shownBefore.keys()])]);
  return shownBefore;
}

/** An entry's branch removed in the form: its files in the working tree back as git has them. */
async function removed(params) {
  const entry = `${params.collection}/${params.slug}`;
  await unmirror(entries.get(entry) || []);
  entries.delete(entry);
}

main().catch(error => {
  say(`kunde inte starta: ${error.message}`);
  process.exit(1);
});
