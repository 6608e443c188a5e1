// The editors' form: Decap CMS with the configuration the site build made from the schemas
// and each board.yml (config.json, garanti.site.form), our file format (format.js), our
// fields with the schema's rules (widgets.js), and Swedish where Decap's lacks it (sv.js).
import { followUpFormat, guaranteeFormat, placeNewFollowUp } from './format.js';
import { guardLocalBackend } from './lokal.js';
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

async function start() {
  const response = await fetch('config.json', { cache: 'no-cache' });
  const { decap, formats, local } = await response.json();
  if (local) guardLocalBackend(local);
  CMS.registerLocale('sv', merged(CMS.getLocale('sv') || {}, swedish));
  CMS.registerCustomFormat('garanti', 'md', guaranteeFormat(formats));
  CMS.registerCustomFormat('uppfoljning', 'yml', followUpFormat(formats));
  registerWidgets(CMS, formats);
  // A new follow-up's file is named after its unit: the unit's two parts, for the path.
  CMS.registerEventListener({
    name: 'preSave',
    handler: ({ entry }) => (entry.get('newRecord') ? placeNewFollowUp(entry.get('data'), formats) : undefined),
  });
  CMS.init({ config: decap });
}

start();
