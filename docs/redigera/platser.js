// Where the form's files lie and what a new one is named, read with what Python decided
// (config.json `formats.places` and `formats.slug`, made by garanti.site.form.places): this file has
// no rule of its own. The local back end (redigera/server.mjs) reads paths with it too.

/** The patterns of the paths the form writes: guarantees/<board>/<department>/<unit><ending>. */
export function placePatterns(places) {
  const { folder, slug, endings } = places;
  const ending = Object.entries(endings).map(([kind, pattern]) => `(?<${kind}>${pattern})`).join('|');
  return {
    file: new RegExp(`^${folder}/(?<board>${slug})/(?<department>${slug})/(?<unit>${slug})(?:${ending})$`),
    boardFolder: new RegExp(`^${folder}/${slug}$`),
    name: new RegExp(`^${slug}$`),
    entry: new RegExp(`^${slug}(?:/${slug})?$`),
    // A collection's file ending as Decap names it: without its first dot.
    extension: new RegExp(`^(?:${Object.values(endings).map(pattern => pattern.replace(/^\\\./, '')).join('|')})$`),
  };
}

const patterns = new WeakMap();

/** {board, department, unit, kind} of a path the form writes ("guarantee", "follow_up" or "version"),
 * or null for any other path. */
export function placeOf(path, places) {
  if (!patterns.has(places)) patterns.set(places, placePatterns(places));
  const match = patterns.get(places).file.exec(String(path));
  if (!match) return null;
  const { board, department, unit } = match.groups;
  return { board, department, unit, kind: Object.keys(places.endings).find(kind => match.groups[kind] !== undefined) };
}

/** A name as the site's slugify spells it ("Förskolan Ängen" -> "forskolan-angen"): each letter as the
 * rule spells it, any other character a separator, one separator between words. */
export function slugOf(name, rule) {
  const spelled = [...String(name)].map(letter => rule.letters[letter] ?? rule.separator).join('');
  return spelled.split(rule.separator).filter(Boolean).join(rule.separator);
}
