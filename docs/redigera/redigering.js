// The editor as a whole, where Decap CMS on its own would lose an editor's text or say what is
// not so:
// - its copy of unsaved changes ("Det finns en kopia ...") is offered before the entry has
//   loaded, and the entry then arriving replaces the copy just taken back: the copy is put back;
// - text typed while a save is on its way is lost, or saved as a second new file ("<slug>-1"):
//   the fields are locked from "Spara" until the save is done (for a new file: until its page is
//   open), and garanti.js refuses a new file whose place is taken (saved already from this draft,
//   or an existing file or pull request), which Decap would save as "<slug>-1";
// - a blank new form says "Ändringar sparade": not until something is saved;
// - the local preview's back end refuses "Ta in": the page is marked as local (garanti-lokal),
//   and the style sheet hides that button there.
// Decap keeps all this in a Redux store it does not expose; it is found through React's root.
// Decap is pinned (redigera/package-lock.json) and tests/browser/test_form_editing_browser.py
// covers each use of its store.

const DRAFT_LOCAL_BACKUP_RETRIEVED = 'DRAFT_LOCAL_BACKUP_RETRIEVED';
// How long a new file's page may take to open after its save, before its fields are unlocked anyway.
const NEW_PAGE_PATIENCE_MS = 120_000;

/** Decap's Redux store, from the props of react-redux's Provider below the page's React root. */
export function decapStore() {
  for (const element of document.body.children) {
    const key = Object.keys(element).find(name => name.startsWith('__reactContainer$'));
    const stack = key ? [element[key]] : [];
    while (stack.length) {
      const fiber = stack.pop();
      const store = fiber.memoizedProps && fiber.memoizedProps.store;
      if (store && typeof store.getState === 'function' && typeof store.subscribe === 'function') return store;
      if (fiber.sibling) stack.push(fiber.sibling);
      if (fiber.child) stack.push(fiber.child);
    }
  }
  return null;
}

function whenStore() {
  return new Promise(resolve => {
    const look = () => {
      const store = decapStore();
      if (store) resolve(store);
      else setTimeout(look, 50);
    };
    look();
  });
}

/** Whether an entry (or a new, empty one) has arrived in the editor's draft. */
function loaded(draft) {
  return Boolean(draft.getIn(['entry', 'collection']));
}

// The drafts (Decap's draft key) saved as a new file: saving one again would make a second file.
const savedNewDrafts = new Set();
let currentStore = null;

/** Whether the draft in the editor has been saved as a new file already (garanti.js refuses a second). */
export function savedAsNew() {
  const draft = currentStore && currentStore.getState().entryDraft;
  return Boolean(draft && draft.get('key') && savedNewDrafts.has(draft.get('key')));
}

export async function guardEditor({ backupQuestion, local }) {
  const root = document.documentElement;
  if (local) root.classList.add('garanti-lokal');

  // Decap asks with window.confirm, synchronously, as soon as it has found its copy.
  let store = null;
  let restore = null;  // the copy taken back before its entry arrived: {entry, page}
  let again = null;  // the copy is being put back on this page (its address): the question was answered already
  const ask = window.confirm.bind(window);
  window.confirm = message => {
    if (message !== backupQuestion) return ask(message);
    const answered = again === location.hash;
    again = null;
    if (answered) return true;
    if (!ask(message)) return false;
    store = store || decapStore();  // the question may come before the look below has found it
    const draft = store && store.getState().entryDraft;
    const copy = draft && draft.getIn(['localBackup', 'entry']);
    if (copy && !loaded(draft)) restore = { entry: copy.toJS(), page: location.hash };
    return true;
  };

  store = store || (await whenStore());
  currentStore = store;
  let locked = false;
  let newSavedAt = 0;  // a new file saved here, its own page not yet open: when the save ended

  const lockFields = on => {
    for (const pane of document.querySelectorAll('[class*="-ControlPaneContainer"]')) {
      pane.inert = on;
      if (on) pane.setAttribute('aria-busy', 'true');
      else pane.removeAttribute('aria-busy');
    }
    root.classList.toggle('garanti-sparar', on);
  };

  const look = () => {
    const draft = store.getState().entryDraft;
    if (!draft || !draft.get('entry')) return;  // before the first editor
    const entry = draft.get('entry');

    if (restore) {
      if (location.hash !== restore.page) restore = null;
      else if (loaded(draft) && !draft.get('hasChanged') && !draft.get('localBackup')) {
        // The entry arrived over the copy: Decap takes the copy back once more, asking no one.
        const { entry: copy } = restore;
        restore = null;
        again = location.hash;
        setTimeout(() => store.dispatch({ type: DRAFT_LOCAL_BACKUP_RETRIEVED, payload: { entry: copy } }));
      }
    }

    const onNewPage = /\/new(\?|$)/.test(location.hash);
    if (entry.get('isPersisting')) {
      locked = true;
    } else if (locked) {
      // A save that failed leaves the changes unsaved; one that worked leaves none. Decap keeps a
      // new file's draft "new" until its own page opens, and saving it then would make a second file.
      const savedNew = onNewPage && entry.get('newRecord') && !draft.get('hasChanged');
      if (savedNew && !newSavedAt) {
        newSavedAt = Date.now();
        savedNewDrafts.add(draft.get('key'));
      }
      if (!savedNew || Date.now() - newSavedAt > NEW_PAGE_PATIENCE_MS) locked = false;
    }
    lockFields(locked);

    // "Ändringar sparade" is Decap's word for "no unsaved changes": on a new form nothing is saved yet.
    root.classList.toggle('garanti-ny-osparad', onNewPage && Boolean(entry.get('newRecord')) && !newSavedAt);
  };
  // A listener that threw would break the dispatch that called it, and with it Decap.
  store.subscribe(() => {
    try {
      look();
    } catch (error) {
      console.error(error);
    }
  });
  window.addEventListener('hashchange', () => {
    // The new file's own page is open (or the editor was left): its fields are the editor's again.
    if (!store.getState().entryDraft.getIn(['entry', 'isPersisting'])) locked = false;
    again = null;  // a copy put back on the page left is not this page's answer
    newSavedAt = 0;
    look();
  });
  setInterval(() => locked && look(), 1000);  // the patience above runs out with no change in the store
  look();
}

/** The slug a new entry gets from its collection's path template ("{{avdelning}}/{{enhetsfil}}"), its
 * parts put in before saving (format.js placeNew): they are slugs already, and Decap keeps them as they are. */
export function newSlug(collection, data) {
  return collection.path.replace(/\{\{([^}]+)\}\}/g, (_, name) => String(data.get(name) ?? ''));
}

/** Whether a new entry's slug is taken already, by a file or a saved change waiting for review:
 * Decap would then save it as "<slug>-1", a second file for the same unit. */
export async function slugTaken(collection, slug) {
  const store = currentStore;
  if (!store) return false;
  // Decap has asked for the changes waiting for review when the save began; they may still be on their way.
  for (let waited = 0; waited < 30_000 && !store.getState().editorialWorkflow.getIn(['pages', 'ids']); waited += 100) {
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  const state = store.getState();
  const id = `${collection.name}.${slug}`;
  return state.entries.get('entities').has(id) || state.editorialWorkflow.get('entities').has(id);
}

/** The refused save's two texts side by side: the editor's, to copy, and the one saved meanwhile. */
export function showConflict(refusal, mine) {
  document.getElementById('garanti-krock')?.remove();
  const dialog = document.createElement('dialog');
  dialog.id = 'garanti-krock';
  dialog.className = 'garanti-krock';
  dialog.setAttribute('aria-labelledby', 'garanti-krock-rubrik');
  const heading = document.createElement('h2');
  heading.id = 'garanti-krock-rubrik';
  heading.textContent = 'Din ändring är inte sparad';
  const message = document.createElement('p');
  message.textContent = refusal.error || 'Texten har ändrats sedan du öppnade den.';
  dialog.append(heading, message,
    textBox('garanti-krock-min', 'Din text (inte sparad)', mine),
    textBox('garanti-krock-sparad', 'Texten som sparades under tiden', refusal.saved ?? '(filen finns inte längre)'));
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = 'Stäng';
  close.addEventListener('click', () => dialog.close());
  dialog.append(close);
  document.body.append(dialog);
  dialog.showModal();
}

function textBox(id, label, text) {
  const wrapper = document.createElement('div');
  const caption = document.createElement('label');
  caption.htmlFor = id;
  caption.textContent = label;
  const box = document.createElement('textarea');
  box.id = id;
  box.readOnly = true;
  box.rows = 12;
  box.value = text;
  wrapper.append(caption, box);
  return wrapper;
}
