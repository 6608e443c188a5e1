// The page's side of GitHub (the published form), where Decap CMS on its own would lose an edit:
// its GitHub back end saves a pending change by building a commit on the cms branch's head as it is
// at the save and moving the branch there with force, and a first save whose branch exists already
// (another tab made it) backs that branch up and moves it with force too. A save made from a text
// that has changed since, in another tab or by someone else, would replace that change, silently.
//
// Each of Decap's requests to the repository's API passes here (window.fetch), and:
// - the version of each file this page's editor opened is remembered, its blob's SHA: on main from
//   Decap's read of an entry (GET git/trees/main:<folder, URL-encoded>), on the entry's branch from its
//   read of a pending change (GET compare/main...<head SHA>, the head's branch named by GET pulls);
// - before a cms branch is made or moved (POST git/refs, PATCH git/refs/heads/cms/...), each file
//   this save writes is read where it is now (one GET git/trees of its folder): unless it is still the
//   version this page opened, the save is refused (Decap shows its save error) and the editor sees both
//   texts, theirs and the one saved meanwhile;
// - a branch Decap would move with force onto a commit made on the head it has just read is moved
//   without: GitHub then refuses the move if the branch has moved since (its compare-and-set).
// The requests are those of the pinned decap-cms-backend-github (redigera/package-lock.json, src/API.ts);
// tests/browser/test_form_github_browser.py drives them through a stand-in of the API.

import { showConflict } from './redigering.js';

const CMS_BRANCHES = 'cms/';

function decoded(base64) {
  const bytes = Uint8Array.from(atob(base64.replace(/\s/g, '')), character => character.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

function folderAndName(path) {
  const at = path.lastIndexOf('/');
  return [path.slice(0, at), path.slice(at + 1)];
}

/** Why a save is refused, in the words of the local back end's refusal (redigera/server.mjs). */
function refusalText(path, base, now) {
  const what = now === null
    ? `${path} har tagits bort sedan du öppnade den.`
    : base === null
      ? `${path} finns redan: någon har sparat en garanti eller uppföljning med samma namn.`
      : `${path} har ändrats sedan du öppnade den, i en annan flik eller av någon annan.`;
  return `${what} Din text är inte sparad. Jämför den med den sparade texten, kopiera det du vill behålla ` +
    'och ladda sedan om sidan.';
}

export function guardGitHub(backend) {
  const repository = `${(backend.api_root || 'https://api.github.com').replace(/\/+$/, '')}/repos/${backend.repo}`;
  const main = backend.branch || 'main';
  const fetchOriginal = window.fetch.bind(window);

  const opened = new Map();  // "<branch>\n<path>" -> the blob SHA this page opened, or null: no such file
  const branchOfHead = new Map();  // a pending change's head commit -> its cms branch
  const headRead = new Map();  // cms branch -> its head as Decap read it during the save
  const uploaded = new Map();  // blob SHA -> the text this page uploaded
  const trees = new Map();  // tree SHA -> [{path, sha}] of the blobs uploaded here it holds
  const commits = new Map();  // commit SHA -> {tree, parent}
  let saving = false;  // from a save's first upload until its branch has moved (or the save failed)

  const key = (branch, path) => `${branch}\n${path}`;
  const madeFrom = (branch, path) => {
    if (opened.has(key(branch, path))) return opened.get(key(branch, path));
    return opened.has(key(main, path)) ? opened.get(key(main, path)) : null;
  };

  /** The blob at `path` in `revision` (a branch or a commit) now, or null: none there. */
  async function blobAt(revision, path, authorization) {
    const [folder, name] = folderAndName(path);
    const response = await fetchOriginal(`${repository}/git/trees/${revision}:${encodeURIComponent(folder)}`,
      { headers: { Authorization: authorization }, cache: 'no-store' });
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(`GitHub: ${response.status}`);
    const found = (await response.json()).tree.find(entry => entry.path === name && entry.type === 'blob');
    return found ? found.sha : null;
  }

  /** The blobs uploaded here that the commit holds: the files this save writes. */
  function savedFiles(commit) {
    const made = commits.get(commit);
    return made ? trees.get(made.tree) || [] : [];
  }

  /** The first file of the commit that is not, at `revision` now, the version this page opened. */
  async function changedSince(branch, commit, revision, authorization) {
    for (const file of savedFiles(commit)) {
      const base = madeFrom(branch, file.path);
      const now = await blobAt(revision, file.path, authorization);
      if (now !== base) return { ...file, base, now };
    }
    return null;
  }

  /** The save refused, both texts shown: what Decap receives in place of GitHub's answer. */
  async function refuse(changed, authorization) {
    let saved = null;
    if (changed.now !== null) {
      const response = await fetchOriginal(`${repository}/git/blobs/${changed.now}`,
        { headers: { Authorization: authorization } });
      saved = response.ok ? decoded((await response.json()).content) : '';
    }
    const error = refusalText(changed.path, changed.base, changed.now);
    showConflict({ error, saved }, uploaded.get(changed.sha) || '');
    return new Response(JSON.stringify({ message: error }),
      { status: 409, headers: { 'Content-Type': 'application/json' } });
  }

  function learnSaved(branch, commit) {
    for (const file of savedFiles(commit)) opened.set(key(branch, file.path), file.sha);
  }

  function learn(method, route, body, answer) {
    if (method === 'POST' && route === '/git/blobs') uploaded.set(answer.sha, decoded(body.content));
    else if (method === 'POST' && route === '/git/trees') {
      trees.set(answer.sha, body.tree.filter(entry => entry.sha && uploaded.has(entry.sha))
        .map(({ path, sha }) => ({ path, sha })));
    } else if (method === 'POST' && route === '/git/commits') {
      commits.set(answer.sha, { tree: body.tree, parent: (body.parents || [])[0] });
    } else if (method === 'GET' && route === '/pulls' && Array.isArray(answer)) {
      for (const pull of answer) branchOfHead.set(pull.head.sha, pull.head.ref);
    } else if (method === 'GET' && route.startsWith('/compare/')) {
      const head = decodeURIComponent(route.slice(route.indexOf('...') + 3));
      if (head.includes(':')) {
        // A save's read of its branch (owner:branch): the head the new commit is made on.
        headRead.set(head.slice(head.indexOf(':') + 1), (answer.commits || []).at(-1)?.sha);
      } else if (!saving && branchOfHead.has(head)) {
        for (const file of answer.files || []) {
          opened.set(key(branchOfHead.get(head), file.filename), file.status === 'removed' ? null : file.sha);
        }
      }
    } else if (method === 'GET' && route.startsWith(`/git/trees/${main}:`) && route.includes('%2F') && !saving) {
      // Decap's read of one entry from main (getFileSha); its lists read whole folders, not what the editor opens.
      const folder = decodeURIComponent(route.slice(`/git/trees/${main}:`.length));
      for (const entry of answer.tree || []) {
        if (entry.type === 'blob') opened.set(key(main, `${folder}/${entry.path}`), entry.sha);
      }
    }
  }

  /** A request that makes or moves a cms branch, checked first: GitHub's answer, or the refusal. */
  async function moveBranch(branch, method, body, resource, init, authorization) {
    // A first save's commit is made on main as it is now; a later one's, on the branch.
    const revision = method === 'POST' ? commits.get(body.sha)?.parent : branch;
    const changed = revision && (await changedSince(branch, body.sha, revision, authorization));
    if (changed) return refuse(changed, authorization);
    const parent = commits.get(body.sha)?.parent;
    if (method === 'PATCH' && body.force && parent && parent === headRead.get(branch)) {
      init = { ...init, body: JSON.stringify({ ...body, force: false }) };
    }
    const response = await fetchOriginal(resource, init);
    if (response.status === 422) {
      // POST: the branch is there already (another tab's first save), and Decap would back it up and move
      // it with force; PATCH: not a fast forward, the branch moved between Decap's read of it and this move.
      const [file] = savedFiles(body.sha);
      const taken = (await changedSince(branch, body.sha, branch, authorization)) || (method === 'PATCH' && file &&
        { ...file, base: madeFrom(branch, file.path), now: await blobAt(branch, file.path, authorization) });
      if (taken) return refuse(taken, authorization);
    }
    if (response.ok) learnSaved(branch, body.sha);
    return response;
  }

  let signedIn = '';  // the editor's token, as Decap's last request to the repository gave it

  window.fetch = async (resource, init = {}) => {
    const url = typeof resource === 'string' ? resource : resource.url;
    if (!url || !url.startsWith(`${repository}/`)) return fetchOriginal(resource, init);
    const route = url.slice(repository.length).split('?')[0];
    const method = (init.method || 'GET').toUpperCase();
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : null;
    const authorization = new Headers(init.headers || {}).get('Authorization') || '';
    signedIn = authorization || signedIn;
    const branch = method === 'POST' && route === '/git/refs' ? body.ref.replace(/^refs\/heads\//, '')
      : method === 'PATCH' && route.startsWith('/git/refs/heads/') ? decodeURIComponent(route.slice('/git/refs/heads/'.length))
        : null;
    if (method === 'POST' && route === '/git/blobs') saving = true;
    try {
      if (branch && branch.startsWith(CMS_BRANCHES)) {
        const answer = await moveBranch(branch, method, body, resource, init, authorization);
        saving = false;
        return answer;
      }
      const response = await fetchOriginal(resource, init);
      if (!response.ok) saving = false;
      const answer = response.ok ? await response.clone().json().catch(() => null) : null;
      if (answer) learn(method, route, body, answer);
      return response;
    } catch (error) {
      saving = false;
      throw error;
    }
  };

  return {
    /** Whether a new entry's pending change is there already (another tab saved it since this page read
     * the changes waiting): Decap would save the entry as "<slug>-1", a second file for the same unit. */
    async pendingChangeExists(collectionName, slug) {
      const branch = encodeURIComponent(`${CMS_BRANCHES}${collectionName}/${slug}`);
      const response = await fetchOriginal(`${repository}/branches/${branch}`,
        { headers: { Authorization: signedIn }, cache: 'no-store' });
      return response.ok;
    },
  };
}
