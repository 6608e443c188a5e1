// A comparison page (overrides/jamfor.html, made by garanti.site.pages.comparison_page):
// the resident picks two to four units and only their columns show. The choice is kept
// in the address (?enheter=a,b) so that it can be shared and opened again. Without this
// script the page shows every unit. Names are read from the table as text and put back
// as text: nothing here becomes markup. Nothing is fetched.

const MOST = 4;
const PARAMETER = "enheter";
const ID_PREFIX = "enhet-"; // the unit columns' header cells: <th id="enhet-<slug>">

const table = document.getElementById("jamfor");
if (table) enhance(table);

function enhance(table) {
  const units = Array.from(table.tHead.rows[0].cells)
    .map((cell, column) => ({ cell, column }))
    .filter(({ cell }) => cell.id.startsWith(ID_PREFIX))
    .map(({ cell, column }) => ({ slug: cell.id.slice(ID_PREFIX.length), name: cell.textContent.trim(), column }));
  if (units.length < 3) return; // two units: there is nothing to choose

  const region = table.closest(".garanti-tabell");
  const hint = document.querySelector(".garanti-jamfor-tips"); // "svep i sidled": only while the table is wider than the screen
  const hintIfWider = () => {
    if (hint) hint.hidden = region.scrollWidth <= region.clientWidth;
  };
  const picker = makePicker(units);
  (hint || region).before(picker.box);
  window.addEventListener("resize", hintIfWider);

  const show = (chosen, rememberInAddress) => {
    for (const unit of units) unit.checkbox.checked = chosen.includes(unit.slug);
    const shown = chosen.length ? units.filter((unit) => chosen.includes(unit.slug)) : units;
    for (const row of table.rows) {
      for (const unit of units) row.cells[unit.column].hidden = !shown.includes(unit);
    }
    for (const unit of units) unit.checkbox.disabled = chosen.length >= MOST && !unit.checkbox.checked;
    picker.all.disabled = chosen.length === 0;
    picker.status.textContent = describe(shown, units.length, chosen.length);
    hintIfWider();
    if (rememberInAddress) remember(chosen);
  };

  picker.box.addEventListener("change", () => {
    // In the order of the table, which is the order of the address too.
    show(units.filter((unit) => unit.checkbox.checked).map((unit) => unit.slug), true);
  });
  picker.all.addEventListener("click", () => {
    show([], true);
    units[0].checkbox.focus();
  });
  show(fromAddress(units), false);
}

function makePicker(units) {
  const box = element("fieldset", "garanti-valj");
  box.append(element("legend", "garanti-valj__rubrik", "Välj två till fyra enheter att jämföra"));
  const list = element("ul", "garanti-valj__lista");
  for (const unit of units) {
    const item = element("li");
    const checkbox = element("input");
    checkbox.type = "checkbox";
    checkbox.id = `valj-${unit.slug}`;
    checkbox.value = unit.slug;
    const label = element("label", "", unit.name);
    label.htmlFor = checkbox.id;
    item.append(checkbox, label);
    list.append(item);
    unit.checkbox = checkbox;
  }
  const all = element("button", "md-button", "Visa alla enheter");
  all.type = "button";
  const status = element("p", "garanti-valj__status");
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  const buttons = element("p", "garanti-valj__knappar");
  buttons.append(all);
  box.append(list, buttons, status);
  return { box, all, status };
}

function describe(shown, total, chosen) {
  if (chosen === 0) return `Alla ${total} enheter visas. Välj två till fyra för att bara se dem.`;
  const names = shown.map((unit) => unit.name);
  const listed = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} och ${names.at(-1)}`;
  let text = `${shown.length} av ${total} enheter visas: ${listed}.`;
  if (chosen === 1) text += " Välj minst en till att jämföra med.";
  if (chosen >= MOST) text += ` Du har valt ${MOST}, så många går att jämföra. Ta bort en för att välja en annan.`;
  return text;
}

/** The units named in the address, known ones only, in the table's order, at most four. */
function fromAddress(units) {
  const named = (new URLSearchParams(location.search).get(PARAMETER) || "").split(",");
  return units.filter((unit) => named.includes(unit.slug)).slice(0, MOST).map((unit) => unit.slug);
}

function remember(chosen) {
  const address = new URL(location.href);
  address.search = chosen.length ? `?${PARAMETER}=${chosen.map(encodeURIComponent).join(",")}` : "";
  history.replaceState(null, "", address);
}

function element(tag, className = "", text = "") {
  const made = document.createElement(tag);
  if (className) made.className = className;
  if (text) made.textContent = text;
  return made;
}
