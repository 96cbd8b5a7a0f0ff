// A queue's holidays in its settings form: days it is closed all day, as dates in order, each
// with a button to remove it, and a date field to add one.
import { el, translated } from './dom.js';
import { longDate } from './texts.js';

const MAX_HOLIDAYS = 366;

export class HolidaysEditor {
  #dates = [];

  constructor() {
    this.list = el('ul', { className: 'holiday-list' });
    this.empty = el('p', { className: 'small muted' }, translated('none'));
    this.date = el('input', { type: 'date', onkeydown: (e) => {
      // Enter adds the date rather than saving the whole form.
      if (e.key !== 'Enter') return;
      e.preventDefault();
      this.#add();
    } });
    this.add = el('button', { type: 'button', className: 'secondary', onclick: () => this.#add() }, translated('addHoliday'));
    this.element = el('fieldset', { className: 'holidays' },
      el('legend', {}, translated('holidays')),
      this.list, this.empty,
      el('div', { className: 'inline-form' }, el('label', {}, translated('holidayDate'), this.date), this.add));
  }

  /** `["YYYY-MM-DD"]` */
  fill(dates) {
    this.#dates = [...(dates ?? [])].sort();
    this.#draw();
  }

  value() {
    return [...this.#dates];
  }

  translate() {
    this.#draw();
  }

  #add() {
    const date = this.date.value;
    if (!date) return this.date.focus();
    if (!this.#dates.includes(date)) this.#dates = [...this.#dates, date].sort();
    this.date.value = '';
    this.#draw();
    this.date.focus();
    this.element.dispatchEvent(new Event('input', { bubbles: true }));
  }

  #remove(date) {
    const index = this.#dates.indexOf(date);
    this.#dates = this.#dates.filter((d) => d !== date);
    this.#draw();
    // The keyboard stays in the list: on the next date's button, else the date field.
    (this.list.querySelectorAll('button')[index] ?? this.date).focus();
    this.element.dispatchEvent(new Event('input', { bubbles: true }));
  }

  #draw() {
    this.list.replaceChildren(...this.#dates.map((date) => el('li', { 'data-date': date },
      el('time', { dateTime: date, textContent: longDate(date) }), ' ',
      el('button', { type: 'button', className: 'secondary small', onclick: () => this.#remove(date) },
        translated('remove'), el('span', { className: 'visually-hidden', textContent: ` ${longDate(date)}` })))));
    this.empty.hidden = this.#dates.length > 0;
    this.add.disabled = this.#dates.length >= MAX_HOLIDAYS;
  }
}
