// The form's fields that Decap CMS does not have as they are: its own text, number, object
// and list fields with the schema's rules and the check's Swedish messages added (the
// rules and messages are in config.json, made by garanti.site.form from the schemas),
// a new file's place (chosen once, shown after), a read-only text, and the results of a
// follow-up, filled in from the guarantee of the year. Each extends Decap's own control,
// so that it looks, sounds (screen readers) and behaves as the rest of the form.
import { isEmpty, markdownBullets } from './format.js';
import { placeOf } from './platser.js';

const CUSTOM = 'CUSTOM';
// Sent when a new file's place (a follow-up's unit) is chosen.
const PLACE_CHOSEN = 'garanti-plats-vald';

function fail(message) {
  return { error: { type: CUSTOM, message } };
}

function rulesOf(field) {
  const rules = field.get('rules');
  return rules ? rules.toJS() : [];
}

function sizeOf(value) {
  return typeof value === 'number' ? value : value && value.size ? value.size : 0;
}

/** How many items an object's lists hold together (a preschool's commitments under their five areas). */
function countItems(value) {
  if (!value || typeof value.valueSeq !== 'function') return 0;
  return value.valueSeq().reduce((sum, list) => sum + sizeOf(list), 0);
}

/** Whether a value breaks a rule of config.json: the kinds of rule there, each measured as the check
 * measures it. Decap's own rules (required, pattern) are Decap's to judge. */
const BREAKS = {
  minLength: (value, limit) => [...String(value)].length < limit,
  maxLength: (value, limit) => [...String(value)].length > limit,
  number: (value, type) => !Number.isFinite(Number(value)) || (type === 'int' && !Number.isInteger(Number(value))),
  minimum: (value, limit) => Number(value) < limit,
  maximum: (value, limit) => Number(value) > limit,
  minItems: (value, limit) => sizeOf(value) < limit,
  maxItems: (value, limit) => sizeOf(value) > limit,
};

/** The message of the first of a field's rules its value breaks (config.json: the schema's rules, in
 * the check's words), or null. An empty text or number is Decap's "required" to judge. */
export function problemOf(field, value) {
  for (const rule of rulesOf(field)) {
    if (rule.kind === 'anyOf') {
      if (!rule.keys.some(key => value && !isEmpty(value.get(key)))) return rule.message;
    } else if (rule.kind === 'count') {
      const broken = rule.rules.find(limit => BREAKS[limit.kind](countItems(value), limit.limit));
      if (broken) return broken.message;
    } else if (!isEmpty(value) && BREAKS[rule.kind](value, rule.limit)) {
      return rule.message.replace('{length}', String([...String(value)].length)).replace('{written}', String(value));
    } else if (isEmpty(value) && rule.kind === 'minItems' && field.get('required', true) !== false &&
      BREAKS.minItems(value, rule.limit)) {
      return rule.message;  // an empty list the schema wants items in; an optional one may stay empty
    }
  }
  return null;
}

function isNew(props) {
  const entry = props.getEntry ? props.getEntry() : props.entry;
  return Boolean(entry && entry.get('newRecord'));
}

/** A list's items replaced by `items` (a follow-up's results, a version's commitments), each an item of
 * the list's own fields. */
export function replaceItems(control, items) {
  const empty = control.props.field.clear();
  const list = control.props.field.get('fields').clear().push(...items.map(item => empty.merge(item)));
  control.setState({ keys: items.map(() => crypto.randomUUID()), itemsCollapsed: items.map(() => false) });
  control.props.onChange(list);
}

/** "2025 och 2026", "finska och lättläst svenska". */
function listed(items) {
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} och ${items[items.length - 1]}` : String(items[0]);
}

export function registerWidgets(CMS, settings) {
  const h = window.h;

  /** An existing entry's place, by its file's path: its department, and its unit as the form names
   * one ("department/unit"). */
  function placeOfEntry(props) {
    const entry = props.getEntry ? props.getEntry() : props.entry;
    const place = placeOf(entry ? entry.get('path') || '' : '', settings.places);
    return place ? { department: place.department, unit: `${place.department}/${place.unit}` } : { department: '', unit: '' };
  }
  const Text = CMS.getWidget('text').control;
  const Line = CMS.getWidget('string').control;
  const NumberControl = CMS.getWidget('number').control;
  const ObjectControl = CMS.getWidget('object').control;
  const ListControl = CMS.getWidget('list').control;
  const Select = CMS.getWidget('select').control;

  /** Decap's number and select controls define isValid as an instance field, which would hide a
   * method of the subclass: so each rule is given to the instance, after Decap's constructor. */
  function ruled(Base, problemOf) {
    return class extends Base {
      constructor(props) {
        super(props);
        this.isValid = () => {
          const problem = problemOf(this.props.field, this.props.value);
          return problem ? fail(problem) : true;
        };
      }
    };
  }

  /** A text area: bullets pasted from Word ("•", "·", "o" and a tab ...) become a Markdown list,
   * which is what the page shows as a list; as pasted, they would run together into one line. */
  class RuledText extends ruled(Text, problemOf) {
    componentDidMount() {
      if (super.componentDidMount) super.componentDidMount();
      this.pasted = event => this.paste(event);
      const area = document.getElementById(this.props.forID);
      if (area) area.addEventListener('paste', this.pasted);
    }

    componentWillUnmount() {
      if (super.componentWillUnmount) super.componentWillUnmount();
      const area = document.getElementById(this.props.forID);
      if (area) area.removeEventListener('paste', this.pasted);
    }

    paste(event) {
      const text = event.clipboardData && event.clipboardData.getData('text/plain');
      if (!text) return;
      const list = markdownBullets(text).replace(/^\n+/, '');
      if (list === text) return;
      event.preventDefault();
      const area = event.target;
      const value = String(this.props.value || '');
      const [start, end] = [area.selectionStart, area.selectionEnd];
      // A list starts a line of its own, or it would be read as part of the line before it.
      const before = value.slice(0, start);
      const opening = before && !before.endsWith('\n') ? '\n\n' : before.endsWith('\n') && !before.endsWith('\n\n') ? '\n' : '';
      const inserted = opening + list;
      this.props.onChange(before + inserted + value.slice(end));
      const caret = start + inserted.length;
      requestAnimationFrame(() => area.setSelectionRange(caret, caret));
    }
  }

  const RuledLine = ruled(Line, problemOf);
  const RuledNumber = ruled(NumberControl, problemOf);

  /** Decap validates an object through its fields only; this one also asks its own rules. */
  class RuledObject extends ObjectControl {
    constructor(props) {
      super(props);
      const fields = this.validate;
      this.validate = () => {
        fields();
        this.props.validate();
      };
    }

    isValid() {
      const problem = problemOf(this.props.field, this.props.value);
      return problem ? fail(problem) : true;
    }
  }

  /** A list whose size is told in the schema's words rather than Decap's. Decap's buttons on each
   * item are icons without a name; they get one here, for screen readers (see REDIGERA.md). */
  class RuledList extends ListControl {
    constructor(props) {
      super(props);
      this.validateSize = () => {
        const problem = problemOf(this.props.field, this.props.value);
        return problem ? [{ type: 'RANGE', message: problem }] : [];
      };
    }

    componentDidMount() {
      if (super.componentDidMount) super.componentDidMount();
      this.nameButtons();
    }

    componentDidUpdate(previous, state) {
      if (super.componentDidUpdate) super.componentDidUpdate(previous, state);
      this.nameButtons();
    }

    nameButtons() {
      const list = document.getElementById(this.props.forID);
      if (!list) return;
      const item = (this.props.field.get('label_singular') || 'punkt').toLowerCase();
      for (const bar of list.querySelectorAll('[class*="-StyledListItemTopBar"]')) {
        const buttons = bar.querySelectorAll(':scope > button');
        if (buttons[0] && !buttons[0].hasAttribute('aria-label')) buttons[0].setAttribute('aria-label', `Visa eller dölj ${item}`);
        if (buttons[1] && !buttons[1].hasAttribute('aria-label')) buttons[1].setAttribute('aria-label', `Ta bort ${item}`);
      }
    }
  }

  /** Where a new file goes: a department (guarantee) or a unit (follow-up), chosen from the
   * board's; for a file that exists, its place is shown and cannot be changed here. */
  class Place extends Select {
    constructor(props) {
      super(props);
      // Decap renders a field again only when its own value changes: the follow-up's results
      // hear of a new unit from here.
      const choose = this.handleChange;
      this.handleChange = option => {
        choose(option);
        window.dispatchEvent(new CustomEvent(PLACE_CHOSEN, { detail: this.props.field.get('name') }));
      };
      this.isValid = () => this.placeProblem();  // not a method: Decap's select has an isValid field
    }

    /** A file that exists has its place in its path, not in a field: that is what "required" sees. */
    getValidateValue() {
      if (isNew(this.props)) return this.props.value;
      const place = placeOfEntry(this.props);
      return this.props.field.get('name') === settings.department ? place.department : place.unit;
    }

    placeProblem() {
      if (!isNew(this.props)) return true;
      const value = this.props.value;
      const options = this.props.field.get('options').map(option => option.get('value'));
      if (isEmpty(value)) return fail(this.props.field.get('message'));
      return options.includes(value) ? true : fail(this.props.field.get('message'));
    }

    render() {
      if (isNew(this.props)) return super.render();
      const place = placeOfEntry(this.props);
      const key = this.props.field.get('name') === settings.department ? place.department : place.unit;
      const names = this.props.field.get('names');
      const shown = (names && names.get(key)) || key;
      return h('output', { id: this.props.forID, className: this.props.classNameWrapper }, shown);
    }
  }

  /** A text to read, not to change: a follow-up's commitment, as the guarantee has it. */
  class ReadOnly extends Line {
    getValidateValue() {
      return 'läses bara';  // nothing to fill in: never "missing"
    }

    isValid() {
      return true;
    }

    render() {
      return h('output', { id: this.props.forID, className: this.props.classNameWrapper }, this.props.value || '');
    }
  }

  /** What hangs on a guarantee's commitments (its follow-ups of the years it covers, its language
   * versions), said beside them before the editor saves: the words and the units come from config.json. */
  class Dependents extends ReadOnly {
    render() {
      const field = this.props.field;
      const entry = this.props.getEntry ? this.props.getEntry() : this.props.entry;
      const found = field.getIn(['units', placeOfEntry(this.props).unit]);
      const from = Number(String(entry && entry.getIn(['data', 'valid', 'from']) || '').slice(0, 4));
      const to = Number(String(entry && entry.getIn(['data', 'valid', 'to']) || '').slice(0, 4));
      const years = found ? found.get('years').toJS().filter(year => !from || !to || (year >= from && year <= to)) : [];
      const languages = found ? found.get('languages').toJS() : [];
      const said = [];
      if (years.length) said.push(field.get('follow_up').replace('{years}', listed(years)));
      if (languages.length) said.push(field.get('languages').replace('{languages}', listed(languages)));
      if (!said.length) said.push(field.get('none'));
      return h('div', { id: this.props.forID, className: `${this.props.classNameWrapper} garanti-beroenden` },
        ...said.map(text => h('p', null, text)));
    }
  }

  const commitments = new Map();  // config file -> its data, fetched once

  function commitmentsOf(file) {
    if (!commitments.has(file)) {
      commitments.set(file, fetch(new URL(file, document.baseURI), { cache: 'no-cache' })
        .then(response => (response.ok ? response.json() : { units: {} })));
    }
    return commitments.get(file);
  }

  /** A follow-up's results: one per commitment of the unit's guarantee of the year, put in when a new
   * follow-up's unit is chosen (as garanti uppfoljning does); no commitment is added or removed here. */
  class Results extends RuledList {
    componentDidMount() {
      if (super.componentDidMount) super.componentDidMount();
      this.chosen = () => this.fill();
      window.addEventListener(PLACE_CHOSEN, this.chosen);
      this.fill();
    }

    componentWillUnmount() {
      if (super.componentWillUnmount) super.componentWillUnmount();
      window.removeEventListener(PLACE_CHOSEN, this.chosen);
    }

    async fill() {
      if (!isNew(this.props)) return;
      const entry = this.props.getEntry();
      const unit = entry.getIn(['data', settings.uppfoljning.unit]);
      if (!unit || unit === this.filledFor) return;
      this.filledFor = unit;
      const data = await commitmentsOf(this.props.field.get('commitments'));
      if (this.filledFor !== unit) return;  // another unit was chosen meanwhile
      // The unit's results are there already (a copy of unsaved changes taken back): they stay.
      const written = (this.props.value || []).map(item => item && item.get && item.get('commitment'));
      const wanted = (data.units[unit] || []).map(result => result.commitment);
      if (written.size === wanted.length && wanted.every((text, index) => written.get(index) === text)) return;
      replaceItems(this, (data.units[unit] || []).map(result => ({ ...result, result: null, comment: null })));
    }
  }

  const none = () => null;
  CMS.registerWidget('garanti-text', RuledText, none);
  CMS.registerWidget('garanti-rad', RuledLine, none);
  CMS.registerWidget('garanti-tal', RuledNumber, none);
  CMS.registerWidget('garanti-objekt', RuledObject, none);
  CMS.registerWidget('garanti-lista', RuledList, none);
  CMS.registerWidget('garanti-plats', Place, none);
  CMS.registerWidget('garanti-las', ReadOnly, none);
  CMS.registerWidget('garanti-resultat', Results, none);
  CMS.registerWidget('garanti-beroenden', Dependents, none);
}
