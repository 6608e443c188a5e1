// The unit's name, where Decap CMS lists a follow-up or a language version. Decap names a listed
// entry by its summary, made of the file's own fields and name; these files do not hold their
// unit's name (it is in the guarantee beside them), so Decap could only say
// "provstadens-hemtjanst.uppfoljning-2026 (aldreomsorg)". The name is in the configuration already
// (the unit field's `names`, "department/unit" -> "Name (Department)"); each listed entry's link
// says which entry it is, and its title is set to that name.

const ENTRY_LINK = /#\/collections\/([^/]+)\/entries\/([^?]+)/;

/** collection -> (entry slug "department/unit" -> name), for the collections whose files are named after a unit. */
function unitNames(collections) {
  const names = new Map();
  for (const collection of collections) {
    if (!String(collection.path || '').includes('{{enhetsfil}}')) continue;
    const unit = (collection.fields || []).find(field => field.names && typeof field.names === 'object');
    if (unit) names.set(collection.name, new Map(Object.entries(unit.names)));
  }
  return names;
}

function rename(link, names) {
  const found = ENTRY_LINK.exec(link.getAttribute('href') || '');
  const name = found && names.get(decodeURIComponent(found[1]))?.get(decodeURIComponent(found[2]));
  if (!name) return;
  const title = link.querySelector('h2') || link;
  if (title.textContent !== name) title.textContent = name;
}

export function nameListedUnits(collections) {
  const names = unitNames(collections);
  if (names.size === 0) return;
  const renameAll = () => {
    for (const link of document.querySelectorAll('a[href*="/entries/"]')) rename(link, names);
  };
  new MutationObserver(renameAll).observe(document.body, { childList: true, subtree: true, characterData: true });
  renameAll();
}
