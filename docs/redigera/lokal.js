// The page's side of the local back end (redigera/server.mjs, the preview only).
//
// Decap CMS talks to the back end with fetch; each of its requests gets, here:
// - the preview's key (config.json `local.key`): the back end answers nothing without it;
// - on a save, the version each file was read at (`base`: SHA-256 of the text this page last
//   read or saved), so that the back end can refuse a save made from a text that has changed
//   since, in another tab or by someone else, instead of writing over it.
// A refused save shows the editor both texts, theirs and the one saved meanwhile.

import { showConflict } from './redigering.js';

const KEY_HEADER = 'X-Garanti-Nyckel';

async function sha256(text) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map(byte => byte.toString(16).padStart(2, '0')).join('');
}

/** The text each file had when this page last read or saved it, its hash: as main has it (lists and
 * entries read from the base) and as the entry's pending change has it (read from its branch, or saved
 * from here), which is the one a save is made from while there is one. */
const onBase = new Map();
const onBranch = new Map();
const branchFiles = new Map();  // "collection/slug" -> the paths saved from here on its branch

async function remember(versions, path, text) {
  if (typeof path !== 'string') return;
  versions.set(path, typeof text === 'string' ? await sha256(text) : null);
}

/** What a read told of the files' texts: the versions this page's edits are made from. */
async function learn(action, params, answer) {
  if (action === 'getEntry' && answer && answer.file) await remember(onBase, answer.file.path, answer.data);
  if ((action === 'entriesByFolder' || action === 'entriesByFiles') && Array.isArray(answer)) {
    for (const entry of answer) if (entry && entry.file) await remember(onBase, entry.file.path, entry.data);
  }
  if (action === 'unpublishedEntryDataFile' && answer) await remember(onBranch, params.path, answer.data);
  if (action === 'deleteUnpublishedEntry') {
    for (const path of branchFiles.get(`${params.collection}/${params.slug}`) || []) onBranch.delete(path);
  }
}

function madeFrom(path) {
  if (onBranch.has(path)) return onBranch.get(path);
  return onBase.has(path) ? onBase.get(path) : null;
}

function savedFiles(params) {
  return params.dataFiles || (params.entry ? [params.entry] : []);
}

export function guardLocalBackend(local) {
  const backend = new URL(local.url, document.baseURI).href;
  const fetchOriginal = window.fetch.bind(window);
  let saving = Promise.resolve();  // this page's last save, until it is answered

  window.fetch = async (resource, init = {}) => {
    const url = typeof resource === 'string' ? resource : resource.url;
    if (!url || new URL(url, document.baseURI).href !== backend || typeof init.body !== 'string') {
      return fetchOriginal(resource, init);
    }
    const body = JSON.parse(init.body);
    if (body.action !== 'persistEntry') return exchange(resource, init, body);
    // One save at a time: a save asked for while this page's last one is under way (Save clicked
    // twice, or a space typed while the button has the focus) is made from the text that one saved,
    // not from the text before it, which would refuse it as changed by someone else.
    const turn = saving.then(() => exchange(resource, init, body));
    saving = turn.catch(() => undefined);
    return turn;
  };

  async function exchange(resource, init, body) {
    const params = body.params || {};
    if (body.action === 'persistEntry') {
      params.base = Object.fromEntries(savedFiles(params).map(file => [file.path, madeFrom(file.path)]));
    }
    const headers = new Headers(init.headers || {});
    headers.set(KEY_HEADER, local.key);
    const response = await fetchOriginal(resource, { ...init, headers, body: JSON.stringify({ ...body, params }) });
    if (response.ok && body.action === 'persistEntry') {
      const entry = `${params.options.collectionName}/${savedFiles(params)[0].slug}`;
      for (const file of savedFiles(params)) await remember(onBranch, file.path, file.raw);
      branchFiles.set(entry, [...new Set([...(branchFiles.get(entry) || []), ...savedFiles(params).map(file => file.path)])]);
    } else if (response.ok) {
      await learn(body.action, params, await response.clone().json().catch(() => null));
    } else if (response.status === 409) {
      const refusal = await response.clone().json().catch(() => ({}));
      const mine = savedFiles(params).find(file => file.path === refusal.path);
      showConflict(refusal, mine ? mine.raw : '');
    }
    return response;
  }
}
