// A queue's opening hours in its settings form: "always open", or per weekday any number of
// open–close periods (six at most, as the API allows), none meaning closed that day. Closing at
// 00:00 means midnight: a time input cannot hold the API's `24:00`.
import { el, translated } from './dom.js';
import { tOf } from './texts.js';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const MAX_PERIODS = 6;
const WORKING_DAY = { open: '08:00', close: '18:00' };
const MIDNIGHT = '24:00';

/** Tells the form something changed: buttons do not fire `input` on their own. */
const changed = (node) => node.dispatchEvent(new Event('input', { bubbles: true }));

export class WeeklyHoursEditor {
  #days = new Map();

  constructor() {
    this.always = el('input', { type: 'checkbox', onchange: () => this.#alwaysChanged() });
    for (const day of WEEKDAYS) this.#days.set(day, this.#day(day));
    this.grid = el('div', { className: 'days' }, [...this.#days.values()].map((d) => d.fieldset));
    this.element = el('fieldset', { className: 'hours' },
      el('legend', {}, translated('hours')),
      el('label', { className: 'check' }, this.always, translated('alwaysOpen')),
      el('p', { className: 'small muted' }, translated('hoursHint')),
      this.grid);
  }

  /** Shows `{mon: [{open, close}], …}`; `{}` is always open. */
  fill(weeklyHours) {
    const always = Object.keys(weeklyHours ?? {}).length === 0;
    this.always.checked = always;
    this.grid.hidden = always;
    for (const [day, d] of this.#days) {
      d.list.replaceChildren();
      d.rows = [];
      for (const period of weeklyHours?.[day] ?? []) this.#addPeriod(day, period);
      this.#refreshDay(d);
    }
  }

  /**
   * The API's `weeklyHours`, or the first period that makes no sense. Every day is listed when
   * not always open: `{}` would mean always open, not closed all week.
   * @returns {{ value: object } | { problem: { day: string, input: HTMLElement } }}
   */
  read() {
    if (this.always.checked) return { value: {} };
    const value = {};
    for (const [day, d] of this.#days) {
      value[day] = [];
      for (const row of d.rows) {
        const open = row.open.value;
        const close = row.close.value === '00:00' ? MIDNIGHT : row.close.value;
        if (!open || !close || close <= open) return { problem: { day, input: !open ? row.open : row.close } };
        value[day].push({ open, close });
      }
    }
    return { value };
  }

  /** The control a field of the API's answer names (`weeklyHours.mon.0.close`). */
  inputFor(path) {
    const [, day, index, which] = path.split('.');
    const d = this.#days.get(day);
    if (!d) return this.always;
    const row = d.rows[Number(index)];
    return row ? (which === 'close' ? row.close : row.open) : d.add;
  }

  translate() {
    for (const [day, d] of this.#days) d.legend.textContent = tOf('days', day);
  }

  #day(day) {
    const d = {
      legend: el('legend', { textContent: tOf('days', day) }),
      list: el('ul', { className: 'periods' }),
      closed: el('p', { className: 'small muted' }, translated('closedDay')),
      add: el('button', { type: 'button', className: 'secondary small', onclick: () => this.#addPeriod(day, d.rows.length ? { open: '', close: '' } : WORKING_DAY, { focus: true }) }, translated('addInterval')),
      rows: [],
    };
    d.fieldset = el('fieldset', { className: 'day', 'data-day': day }, d.legend, d.list, d.closed, d.add);
    return d;
  }

  #addPeriod(day, period, { focus = false } = {}) {
    const d = this.#days.get(day);
    const row = {
      open: el('input', { type: 'time', value: period.open }),
      close: el('input', { type: 'time', value: period.close === MIDNIGHT ? '00:00' : period.close }),
    };
    row.li = el('li', { className: 'period' },
      el('label', {}, translated('opens'), row.open),
      el('label', {}, translated('closes'), row.close),
      el('button', { type: 'button', className: 'secondary small', onclick: () => this.#removePeriod(d, row) },
        el('span', { 'aria-hidden': 'true', textContent: '✕' }), translated('removeInterval', { className: 'visually-hidden' })));
    d.rows.push(row);
    d.list.append(row.li);
    this.#refreshDay(d);
    if (focus) {
      row.open.focus();
      changed(d.fieldset);
    }
  }

  #removePeriod(d, row) {
    d.rows = d.rows.filter((r) => r !== row);
    row.li.remove();
    this.#refreshDay(d);
    d.add.focus();
    changed(d.fieldset);
  }

  #refreshDay(d) {
    d.closed.hidden = d.rows.length > 0;
    d.add.disabled = d.rows.length >= MAX_PERIODS;
  }

  /** Leaving "always open" with no hours at all starts from working days, not from a queue closed all week. */
  #alwaysChanged() {
    this.grid.hidden = this.always.checked;
    if (this.always.checked || [...this.#days.values()].some((d) => d.rows.length)) return;
    for (const day of WEEKDAYS.slice(0, 5)) this.#addPeriod(day, WORKING_DAY);
  }
}
