// A guarantee in Finnish or in easy-to-read Swedish (<unit>.fi.md, <unit>.lattlast.md), written in
// the form beside the Swedish text (garanti.site.form, "language versions").
//
// The file is read and written by the guarantee's own format (format.js): front matter and body,
// only what the editor changed written back. The Swedish text, its structure and its fingerprint
// come from the build (redigera/sprakversioner/<board>.json, fields.swedish_text_of): nothing of
// them is worked out here. A version's commitments and hours are as many as the guarantee's, in its
// order, its curriculum areas taken from it; the fingerprint is filled in, never typed.
import { guaranteeFormat, isEmpty } from './format.js';
import { placeOf } from './platser.js';
import { replaceItems } from './widgets.js';

// Sent when a new version's unit is chosen: the fields beside the Swedish text show that unit's.
const UNIT_CHOSEN = 'garanti-sprakversion-enhet';

const NOTE_STYLE = { margin: '0 0 0.5em', padding: '0.5em 0.75em', borderLeft: '4px solid #2c5f8a', background: '#f2f5f8',
  color: '#1b1b1b', whiteSpace: 'pre-wrap' };
const STALE_STYLE = { margin: '0 0 0.5em', padding: '0.75em', border: '2px solid #8a4b00', background: '#fff6e8',
  color: '#1b1b1b' };
const PARAGRAPH = { margin: '0 0 0.5em' };

function isPlainObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The version's file format: the guarantee's, with a version's commitments as the form holds them
 * ({area, text} for each, the area only where the guarantee has one; the file has a plain text there). */
export function languageVersionFormat(formats) {
  const spec = formats.sprakversion;
  const base = guaranteeFormat({ ...formats, garanti: spec });
  return {
    fromFile(text) {
      const form = base.fromFile(text);
      if (Array.isArray(form.commitments)) {
        form.commitments = form.commitments.map(item => (isPlainObject(item) ? item : { text: item }));
      }
      delete form[formats.collection.field];
      return form;
    },

    toFile(form) {
      const values = { ...form };
      if (Array.isArray(values.commitments)) {
        values.commitments = values.commitments.map(item =>
          (isPlainObject(item) && !item.area ? item.text : isPlainObject(item) ? { area: item.area, text: item.text } : item));
      }
      return base.toFile(values);
    },
  };
}

const swedishFiles = new Map();  // data file -> its units, fetched once

function swedishUnits(file) {
  if (!swedishFiles.has(file)) {
    swedishFiles.set(file, fetch(new URL(file, document.baseURI), { cache: 'no-cache' })
      .then(response => (response.ok ? response.json() : { units: {} }))
      .then(data => data.units || {}, () => ({})));
  }
  return swedishFiles.get(file);
}

function entryOf(props) {
  return props.getEntry ? props.getEntry() : props.entry;
}

function isNew(props) {
  const entry = entryOf(props);
  return Boolean(entry && entry.get('newRecord'));
}

/** "<department>/<unit>" of the version: its path's, or a new one's chosen unit. */
function unitOf(props, formats) {
  const entry = entryOf(props);
  if (!entry) return '';
  if (entry.get('newRecord')) return entry.getIn(['data', formats.unit]) || '';
  const place = placeOf(entry.get('path') || '', formats.places);
  return place ? `${place.department}/${place.unit}` : '';
}

export function registerLanguageWidgets(CMS, formats) {
  const h = window.h;
  const fail = message => ({ error: { type: 'CUSTOM', message } });

  /** A field that knows the Swedish text of its unit (state.svenska), when its unit is known or chosen. */
  function withSwedish(Base) {
    return class extends Base {
      componentDidMount() {
        if (super.componentDidMount) super.componentDidMount();
        this.chosen = event => this.load(event.detail);
        window.addEventListener(UNIT_CHOSEN, this.chosen);
        this.load();
      }

      componentWillUnmount() {
        if (super.componentWillUnmount) super.componentWillUnmount();
        window.removeEventListener(UNIT_CHOSEN, this.chosen);
      }

      async load(chosen) {
        const unit = chosen || unitOf(this.props, formats);
        this.unit = unit;
        if (!unit) return;
        const units = await swedishUnits(this.props.field.get('svenska'));
        if (this.unit !== unit) return;  // another unit was chosen meanwhile
        this.setState({ svenska: units[unit] || null });
        if (this.swedishArrived) this.swedishArrived(units[unit] || null, unit);
      }

      swedish() {
        return (this.state && this.state.svenska) || null;
      }
    };
  }

  function note(label, text) {
    return h('div', { className: 'garanti-svenska', lang: 'sv', style: NOTE_STYLE },
      h('strong', null, `${label}: `), text);
  }

  /** A text of the version, the Swedish text right above it. */
  function besideText(Base) {
    return class extends withSwedish(Base) {
      constructor(props) {
        super(props);
        const ruled = this.isValid;
        this.isValid = () => {
          const own = ruled ? ruled() : true;
          return own === true ? this.matchProblem() : own;
        };
      }

      /** more_info: written exactly when the guarantee has it (as the check holds the file to it). */
      matchProblem() {
        const message = this.props.field.get('matched');
        const swedish = this.swedish();
        if (!message || !swedish) return true;
        const has = !isEmpty(swedish[this.props.field.get('svensk')]);
        return has === !isEmpty(this.props.value) ? true : fail(message);
      }

      render() {
        const swedish = this.swedish();
        const part = this.props.field.get('svensk');
        const text = swedish ? swedish[part] : null;
        const shown = !swedish ? null
          : isEmpty(text) ? note('På svenska', 'Garantin har ingen sådan text: lämna fältet tomt.')
            : note('På svenska', text);
        return h('div', null, shown, super.render());
      }
    };
  }

  /** Commitments or hours: as many as the guarantee's, in its order, each with its Swedish text
   * above it; a commitment's curriculum area is the guarantee's. */
  function besideList(Base) {
    return class extends withSwedish(Base) {
      constructor(props) {
        super(props);
        const item = this.renderItem;
        this.renderItem = (value, index) => {
          const element = item(value, index);
          const line = this.swedishItem(index);
          return line ? h('div', { key: element.key, className: 'garanti-svensk-punkt' }, line, element) : element;
        };
      }

      swedishItems(swedish = this.swedish()) {
        return swedish ? swedish[this.props.field.get('svensk')] || [] : null;
      }

      swedishItem(index) {
        const items = this.swedishItems();
        const item = items && items[index];
        if (!item) return null;
        if ('days' in item) return note(`På svenska, rad ${index + 1}`, `${item.days}: ${item.time}`);
        return note(item.area ? `På svenska (${item.area})` : `På svenska, åtagande ${index + 1}`, item.text);
      }

      /** A new version gets the guarantee's items to translate; an existing one is brought to its count and areas. */
      swedishArrived(swedish, unit) {
        const wanted = this.swedishItems(swedish) || [];
        const value = this.props.value;
        const now = value && value.toJS ? value.toJS() : [];
        const fresh = isNew(this.props) && this.filledFor !== unit;
        const fits = now.length === wanted.length && wanted.every((item, i) => !('text' in item) ||
          (now[i] && (now[i].area || null) === (item.area || null)));
        if (!fresh && fits) return;
        this.filledFor = unit;
        const items = wanted.map((item, i) => {
          const kept = fresh ? {} : now[i] || {};
          if ('days' in item) return { days: kept.days || '', time: kept.time || '' };
          return { ...(item.area ? { area: item.area } : {}), text: kept.text || '' };
        });
        replaceItems(this, items);
      }

      render() {
        const items = this.swedishItems();
        const none = items && items.length === 0
          ? note('På svenska', `Garantin har inga ${this.props.field.get('label').toLowerCase()}: här skrivs inga.`) : null;
        return h('div', null, none, super.render());
      }
    };
  }

  const Line = CMS.getWidget('garanti-rad').control;
  const TextArea = CMS.getWidget('garanti-text').control;
  const List = CMS.getWidget('garanti-lista').control;
  const Place = CMS.getWidget('garanti-plats').control;
  const Plain = CMS.getWidget('string').control;

  /** Which unit a version words: chosen for a new one (only units without a version in its language),
   * shown by name for one that exists (its file's name says it: <unit>.<key>.md). */
  class VersionPlace extends Place {
    constructor(props) {
      super(props);
      const choose = this.handleChange;
      this.handleChange = option => {
        choose(option);
        const unit = option && option.value;
        setTimeout(() => window.dispatchEvent(new CustomEvent(UNIT_CHOSEN, { detail: unit })));
      };
    }

    getValidateValue() {
      return isNew(this.props) ? this.props.value : unitOf(this.props, formats);
    }

    render() {
      if (isNew(this.props)) return super.render();
      const unit = unitOf(this.props, formats);
      const names = this.props.field.get('names');
      return h('output', { id: this.props.forID, className: this.props.classNameWrapper }, (names && names.get(unit)) || unit);
    }
  }

  /** The fingerprint of the Swedish text the version is written from (swedish_text), filled in:
   * a new version's is the text's today; a version written from an earlier text says so, with what
   * changed where the build knows it, and the editor marks it current by a choice of their own. */
  class SwedishText extends withSwedish(Plain) {
    componentDidMount() {
      this.original = this.props.value;
      super.componentDidMount();
    }

    swedishArrived(swedish) {
      if (swedish && isNew(this.props) && this.props.value !== swedish.fingerprint) this.props.onChange(swedish.fingerprint);
    }

    isValid() {
      return true;
    }

    render() {
      const swedish = this.swedish();
      const id = this.props.forID;
      if (!swedish) {
        return h('output', { id, className: this.props.classNameWrapper },
          isNew(this.props) ? 'Fylls i när du har valt enheten.' : '');
      }
      // Written against an earlier fingerprint version is current too (fields.written_against).
      const stale = !isNew(this.props) && this.original !== swedish.fingerprint
        && !(swedish.earlier_fingerprints || []).includes(this.original);
      if (!stale) {
        return h('output', { id, className: this.props.classNameWrapper },
          'Översättningen skrivs efter den svenska texten som den är i dag.');
      }
      const changed = (swedish.changed || {})[this.original];
      const current = this.props.value === swedish.fingerprint;
      return h('div', { id, role: 'group', 'aria-labelledby': `${id}-rubrik`, style: STALE_STYLE },
        h('p', { id: `${id}-rubrik`, style: { ...PARAGRAPH, fontWeight: 'bold' } },
          'Den svenska texten har ändrats sedan översättningen skrevs.'),
        changed && changed.length ? h('p', { style: PARAGRAPH }, `Ändrat sedan dess: ${changed.join(', ')}.`) : null,
        h('p', { style: PARAGRAPH },
          'Ändra översättningen efter den svenska texten, som står vid varje fält, och kryssa sedan i rutan. ' +
          'Till dess fastställs och publiceras inte versionen.'),
        h('label', { style: { display: 'flex', gap: '0.5em', alignItems: 'center', fontWeight: 'bold' } },
          h('input', {
            type: 'checkbox', checked: current, style: { width: '1.25em', height: '1.25em' },
            onChange: event => this.props.onChange(event.target.checked ? swedish.fingerprint : this.original),
          }),
          'Översättningen stämmer med den svenska texten i dag'));
    }
  }

  const none = () => null;
  CMS.registerWidget('garanti-sprakplats', VersionPlace, none);
  CMS.registerWidget('garanti-svensk-text', SwedishText, none);
  CMS.registerWidget('garanti-svensk-rad', besideText(Line), none);
  CMS.registerWidget('garanti-svensk-ruta', besideText(TextArea), none);
  CMS.registerWidget('garanti-svensk-lista', besideList(List), none);
}
