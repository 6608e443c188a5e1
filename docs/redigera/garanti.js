// The editors' form: Decap CMS with the configuration the site build made from the schemas
// and each board.yml (config.json, garanti.site.form), our file format (format.js), our
// fields with the schema's rules (widgets.js), and Swedish where Decap's lacks it (sv.js).
import { followUpFormat, guaranteeFormat, placeNew } from './format.js';
import { guardGitHub } from './github.js';
import { nameListedUnits } from './listor.js';
import { guardLocalBackend } from './lokal.js';
import { languageVersionFormat, registerLanguageWidgets } from './sprak.js';
import { guardEditor, newSlug, savedAsNew, slugTaken } from './redigering.js';
import { swedish } from './sv.js';
import { registerWidgets } from './widgets.js';

const CMS = window.CMS;

function merged(base, over) {
  const out = { ...base };
  for (const [key, value] of Object.entries(over)) {
    out[key] = value && typeof value === 'object' && base && typeof base[key] === 'object' ? merged(base[key], value) : value;
  }
  return out;
}

/** Decap shows a field's hint as Markdown: the hints that teach Markdown ("*kursiv*") would lose
 * their examples. Every ASCII punctuation mark escaped, so a hint shows as it is written. */
function literalHints(fields) {
  for (const field of fields || []) {
    if (typeof field.hint === 'string') field.hint = field.hint.replace(/[!-/:-@[-`{-~]/g, '\\$&');
    literalHints(field.fields);
    if (field.field) literalHints([field.field]);
  }
}

// A new entry saved once is no longer new: saving it "new" again would make a second file, "<slug>-1".
const SAVED_ALREADY =
  'Det här är redan sparat som en ny fil. Öppna det i listan och ändra där; det du skrev sedan dess står kvar här att kopiera.';

// Decap would save a new entry whose place is taken as "<slug>-1": a second file for the same unit.
const TAKEN = 'Det finns redan en fil för den här enheten ({slug}), eller ett förslag till en som väntar på granskning. ' +
  'Öppna den i listan (eller under Arbetsflöde) och ändra där.';

// A new file's name is made of its unit's name's letters and digits (slugify's): a name of signs only has none.
const NO_NAME = 'Filen får sitt namn av enhetens namn, som behöver minst en bokstav eller siffra. Ändra namnet och spara igen.';

/** A save refused here: Decap's toast shows the error as text, and this one's text is its message alone. */
class Refusal extends Error {
  toString() {
    return this.message;
  }
}

async function start() {
  const response = await fetch('config.json', { cache: 'no-cache' });
  const { decap, formats, local } = await response.json();
  if (local) guardLocalBackend(local);
  const gitHub = !local && decap.backend.name === 'github' ? guardGitHub(decap.backend) : null;
  for (const collection of decap.collections) literalHints(collection.fields);
  CMS.registerLocale('sv', merged(CMS.getLocale('sv') || {}, swedish));
  CMS.registerCustomFormat('garanti', 'md', guaranteeFormat(formats));
  CMS.registerCustomFormat('uppfoljning', 'yml', followUpFormat(formats));
  registerWidgets(CMS, formats);
  CMS.registerCustomFormat('sprakversion', 'md', languageVersionFormat(formats));
  registerLanguageWidgets(CMS, formats);  // after registerWidgets: they extend its fields
  // A new file is named here: a follow-up or a version after its unit, a guarantee by its title as the
  // site's slugify spells it (not as Decap would).
  CMS.registerEventListener({
    name: 'preSave',
    handler: async ({ entry }) => {
      if (!entry.get('newRecord')) return undefined;
      if (savedAsNew()) throw new Refusal(SAVED_ALREADY);
      const collection = decap.collections.find(each => each.name === entry.get('collection'));
      const data = collection && placeNew(entry.get('data'), collection, formats);
      if (!data) throw new Refusal(NO_NAME);
      const slug = newSlug(collection, data);
      const taken = slug && ((await slugTaken(collection, slug)) || (await gitHub?.pendingChangeExists(collection.name, slug)));
      if (taken) throw new Refusal(TAKEN.replace('{slug}', slug));
      return data;
    },
  });
  CMS.init({ config: decap });
  nameListedUnits(decap.collections);
  guardEditor({ backupQuestion: swedish.editor.editor.confirmLoadBackup, local: Boolean(local) });
}

start();
