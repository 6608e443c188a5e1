// The local back end's side of the page (redigera/server.mjs, the preview only): placeholder, see server.mjs.
export function guardLocalBackend(local) {
  void local;
}
