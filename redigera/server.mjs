// The form's local back end: decap-server's git mode, as ./scripts/preview starts it beside
// the preview (node redigera/server.mjs). Each save in the form is a commit on a branch of its
// own, cms/<collection>/<entry>, in this repository: the pull request to be.
//
// Around decap-server, three things of ours:
// - It works in a private worktree of the repository (in TMPDIR), on a branch "formularets-bas" made
//   at the commit checked out when it starts: decap-server switches branches and commits
//   everything in its folder, which must never be the editor's own working tree. Branches are
//   shared between worktrees, so cms/... branches are real branches of the repository.
// - Each file the form saves is also written into the working tree (when that file has no
//   changes of the editor's own), so that the open preview shows it within a second.
// - It listens on 127.0.0.1 only, and answers only the preview's own page: requests with
//   another Origin or Host (another site, DNS rebinding) are refused.
//
// Settings (environment): GARANTI_REDIGERA_PORT (8081), GARANTI_REDIGERA_ORIGIN (the preview's
// origin, http://127.0.0.1:8000), GARANTI_REDIGERA_REPO (the repository, the current folder).
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { setPriority, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import express from 'express';

const run = promisify(execFile);
const HOST = '127.0.0.1';
const BASE = 'formularets-bas';  // a name of its own: the branch is reset to HEAD at each start
const port = Number(process.env.GARANTI_REDIGERA_PORT || 8081);
const origin = process.env.GARANTI_REDIGERA_ORIGIN || 'http://127.0.0.1:8000';
const repository = path.resolve(process.env.GARANTI_REDIGERA_REPO || process.cwd());

function say(message) {
  process.stderr.write(`Formuläret: ${message}\n`);
}

async function git(folder, ...args) {
  const { stdout } = await run('git', ['-C', folder, ...args], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** The private worktree decap-server works in, on branch BASE at the commit checked out now. */
async function makeWorktree() {
  await git(repository, 'worktree', 'prune');
  const listed = await git(repository, 'worktree', 'list', '--porcelain');
  for (const block of listed.split('\n\n')) {
    const folder = /^worktree (.+)$/m.exec(block);
    if (folder && block.includes(`branch refs/heads/${BASE}\n`) && folder[1] !== repository) {
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

/** Only the preview's page, on this machine, may use the back end. */
function onlyThePreview(request, response, next) {
  const allowedHosts = [`${HOST}:${port}`, `localhost:${port}`];
  const from = request.headers.origin;
  if (!allowedHosts.includes(request.headers.host) || (from !== undefined && from !== origin)) {
    response.status(403).json({ error: 'Formulärets lokala server svarar bara förhandsgranskningen på den här datorn.' });
    return;
  }
  next();
}

/** Files the form wrote into the working tree, and what it wrote: written again only while unchanged since. */
const mirrored = new Map();

async function readOrNull(file) {
  try {
    return await readFile(file);
  } catch {
    return null;
  }
}

async function committed(relative) {
  try {
    const { stdout } = await run('git', ['-C', repository, 'show', `HEAD:${relative}`],
      { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch {
    return null;
  }
}

/** A saved file into the working tree, for the preview, unless the editor has changes of their own in it. */
async function mirror(relative, text) {
  // Only a guarantee's or a follow-up's file, below guarantees/.
  if (typeof relative !== 'string' || typeof text !== 'string' || !/^guarantees\/[^]+\.(md|yml)$/.test(relative) ||
      relative.split('/').some(part => part === '..' || part === '.' || part === '') || path.isAbsolute(relative)) {
    return false;
  }
  const target = path.join(repository, relative);
  const now = await readOrNull(target);
  const ours = mirrored.get(relative);
  const head = now === null ? null : await committed(relative);
  const untouched = now === null || (ours !== undefined && now.equals(ours)) || (head !== null && now.equals(head));
  if (!untouched) {
    say(`${relative} har ändringar som inte är sparade i git; förhandsgranskningen visar dem, inte formulärets.`);
    return false;
  }
  const data = Buffer.from(text, 'utf8');
  await mkdir(path.dirname(target), { recursive: true });
  await replace(target, data);
  mirrored.set(relative, data);
  return true;
}

/** Write a file whole, through a temporary file in the repository's git folder (where the preview
 * does not look) and a rename: the preview sees one change, never a half-written file. */
async function replace(target, data) {
  const temporary = path.join(gitFolder, `garanti-redigera-${process.pid}.tmp`);
  await writeFile(temporary, data);
  await rename(temporary, target);
}

/** An entry's branch removed in the form: its files in the working tree back as git has them. */
async function unmirror(paths) {
  for (const relative of paths) {
    const target = path.join(repository, relative);
    const now = await readOrNull(target);
    if (now === null || !now.equals(mirrored.get(relative) || Buffer.alloc(0))) continue;
    const head = await committed(relative);
    if (head === null) await unlink(target);
    else await replace(target, head);
    mirrored.delete(relative);
  }
}

const entries = new Map();  // "collection/slug" -> the files saved for it

let gitFolder = repository;

async function main() {
  // The preview's rebuild after a save comes first: the commits (and every git command of
  // decap-server, which inherit this) wait for a free processor.
  try {
    setPriority(10);
  } catch {
    // not allowed here: the same priority as the preview, then
  }
  gitFolder = path.resolve(repository, (await git(repository, 'rev-parse', '--git-common-dir')).trim());
  const worktree = await makeWorktree();
  await authorEnvironment(worktree);
  process.env.GIT_REPO_DIRECTORY = worktree;
  process.env.ORIGIN = origin;
  const { registerLocalGit } = (await import('decap-server/dist/middlewares.js')).default;

  const app = express();
  app.disable('x-powered-by');
  app.use(onlyThePreview);
  app.use(express.json({ limit: '10mb' }));
  // The form names the git host's branch (main); here every entry starts from BASE.
  app.use(async (request, response, next) => {
    const params = request.body && request.body.params;
    if (params && typeof params === 'object' && 'branch' in params) params.branch = BASE;
    const action = request.body && request.body.action;
    try {
      if (action === 'persistEntry') {
        // Into the preview first, while git does its part: the preview's rebuild does not wait for the commit.
        const files = await saved(params);
        response.on('finish', () => {
          if (response.statusCode !== 200) unmirror(files).catch(() => undefined);  // not saved after all
        });
      } else if (action === 'deleteUnpublishedEntry') {
        response.on('finish', () => {
          if (response.statusCode === 200) removed(params).catch(error => say(error.message));
        });
      }
    } catch (error) {
      say(`kunde inte visa ändringen i förhandsgranskningen (${error.message})`);
    }
    next();
  });
  await registerLocalGit(app, { logLevel: process.env.GARANTI_REDIGERA_LOGG || 'warn' });

  const server = app.listen(port, HOST, () => {
    say(`lokal server på http://${HOST}:${port}, sparar grenar i ${repository}`);
  });

  async function stop() {
    server.close();
    await git(repository, 'worktree', 'remove', '--force', worktree).catch(() => rm(worktree, { recursive: true, force: true }));
    process.exit(0);
  }
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** An entry saved in the form: its files into the working tree. Returns those written. */
async function saved(params) {
  const files = params.dataFiles || (params.entry ? [params.entry] : []);
  const key = `${params.options && params.options.collectionName}/${files[0] && files[0].slug}`;
  const written = [];
  for (const file of files) {
    const relative = file.newPath || file.path;
    if (await mirror(relative, file.raw)) written.push(relative);
  }
  entries.set(key, [...new Set([...(entries.get(key) || []), ...written])]);
  return written;
}

/** An entry's branch removed in the form: its files in the working tree back as git has them. */
async function removed(params) {
  const key = `${params.collection}/${params.slug}`;
  await unmirror(entries.get(key) || []);
  entries.delete(key);
}

main().catch(error => {
  say(`kunde inte starta: ${error.message}`);
  process.exit(1);
});
