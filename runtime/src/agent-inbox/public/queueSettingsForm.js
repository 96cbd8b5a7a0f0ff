// One queue's settings for a supervisor (PUT /api/agent/queues/:queue/settings): when to offer a
// callback, the time zone, opening hours, holidays, and what a caller gets when the queue is
// closed. What the supervisor is typing survives live updates: the form is refilled only while
// untouched, and otherwise says who changed the settings meanwhile. The API's 400 is shown next
// to the form, on the field at fault.
import { el, setText, translated } from './dom.js';
import { HolidaysEditor } from './holidaysEditor.js';
import { dateTime, t, tf, tOf } from './texts.js';
import { WeeklyHoursEditor } from './weeklyHoursEditor.js';

let ids = 0;
/** The body's fields, as the API names them in a 400. */
const FIELDS = ['callbackAfterSeconds', 'timezone', 'weeklyHours', 'holidays', 'whenClosed'];

/** `330` → "5 min 30 s". */
function minutesAndSeconds(seconds) {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return [minutes ? `${minutes} min` : '', rest || !minutes ? `${rest} s` : ''].filter(Boolean).join(' ');
}

const wholeNumber = (text) => (text.trim() === '' ? 0 : Number(text));

export class QueueSettingsForm {
  /** The settings the fields were filled from. */
  #filled = null;
  /** The newest settings the server sent. */
  #server = null;
  #dirty = false;
  #invalid = [];
  #problem = null;

  /**
   * @param {string} queue
   * @param {{ save: (queue: string, body: object) => Promise<object>, failed: (error: Error) => void }} hooks
   */
  constructor(queue, hooks) {
    const id = `settings-${++ids}`;
    this.queue = queue;
    this.hooks = hooks;
    this.minutes = el('input', { type: 'number', min: 0, max: 1440, step: 1, inputMode: 'numeric', className: 'number' });
    this.seconds = el('input', { type: 'number', min: 0, max: 59, step: 1, inputMode: 'numeric', className: 'number' });
    this.timezone = el('input', { type: 'text', list: 'timezones', autocomplete: 'off', spellcheck: false, placeholder: 'Africa/Porto-Novo', 'aria-describedby': `${id}-tz` });
    this.hours = new WeeklyHoursEditor();
    this.holidays = new HolidaysEditor();
    this.message = el('input', { type: 'radio', name: `${id}-closed`, value: 'message' });
    this.callback = el('input', { type: 'radio', name: `${id}-closed`, value: 'callback' });
    this.summary = el('span', { className: 'small muted' });
    this.note = el('p', { className: 'small note', hidden: true });
    this.status = el('p', { className: 'small muted', role: 'status' });
    this.error = el('div', { className: 'error', id: `${id}-error`, role: 'alert' });
    this.submit = el('button', { type: 'submit' }, translated('save'));
    this.revert = el('button', { type: 'button', className: 'secondary', onclick: () => this.#revert() }, translated('revert'));
    const edited = () => {
      this.#dirty = true;
    };
    this.form = el('form', { className: 'settings-form', noValidate: true, 'aria-labelledby': `${id}-title`, oninput: edited, onchange: edited, onsubmit: (e) => this.#save(e) },
      el('fieldset', { 'aria-describedby': `${id}-after` },
        el('legend', {}, translated('threshold')),
        el('div', { className: 'inline-form' }, el('label', {}, translated('minutes'), this.minutes), el('label', {}, translated('seconds'), this.seconds)),
        el('p', { className: 'small muted', id: `${id}-after` }, translated('thresholdHint'))),
      el('label', {}, translated('timezone'), this.timezone),
      el('p', { className: 'small muted', id: `${id}-tz` }, translated('timezoneHint')),
      this.hours.element,
      this.holidays.element,
      el('fieldset', {},
        el('legend', {}, translated('whenClosed')),
        el('label', { className: 'check' }, this.message, translated('whenClosedMessage')),
        el('label', { className: 'check' }, this.callback, translated('whenClosedCallback'))),
      this.note, this.error,
      el('div', { className: 'actions' }, this.submit, this.revert),
      this.status);
    this.element = el('details', { className: 'queue-settings', 'data-queue': queue },
      el('summary', {}, el('strong', { id: `${id}-title`, textContent: queue }), ' ', this.summary), this.form);
  }

  /** The server's settings for the queue: shown unless the supervisor is editing (or they are older). */
  fill(settings, { force = false } = {}) {
    if (this.#server && settings.updatedAt < this.#server.updatedAt) return;
    const news = !this.#server || settings.updatedAt !== this.#server.updatedAt;
    this.#server = settings;
    this.#drawSummary();
    if (!force && !news) return;
    if (this.#dirty && !force) {
      this.note.hidden = false;
      setText(this.note, tf('changedMeanwhile', { who: settings.updatedBy }));
      return;
    }
    this.#filled = settings;
    this.#dirty = false;
    this.note.hidden = true;
    this.minutes.value = String(Math.floor(settings.callbackAfterSeconds / 60));
    this.seconds.value = String(settings.callbackAfterSeconds % 60);
    this.timezone.value = settings.timezone;
    this.hours.fill(settings.weeklyHours);
    this.holidays.fill(settings.holidays);
    this.callback.checked = settings.whenClosed === 'callback';
    this.message.checked = !this.callback.checked;
    this.#drawStatus();
  }

  translate() {
    this.hours.translate();
    this.holidays.translate();
    this.#drawSummary();
    this.#drawStatus();
    if (this.#server && !this.note.hidden) setText(this.note, tf('changedMeanwhile', { who: this.#server.updatedBy }));
    if (this.#problem) this.#show(this.#problem);
  }

  #revert() {
    this.#clearProblem();
    this.fill(this.#server, { force: true });
  }

  async #save(event) {
    event.preventDefault();
    this.#clearProblem();
    const body = this.#read();
    if (!body) return;
    this.submit.disabled = true;
    try {
      const settings = await this.hooks.save(this.queue, body);
      this.fill(settings, { force: true });
      // The status line is a polite live region: emptied first, the same words are heard again on the next save.
      this.status.textContent = '';
      requestAnimationFrame(() => setText(this.status, tf('saved', { queue: this.queue })));
    } catch (error) {
      if (error.status === 401) return this.hooks.failed(error);
      const root = error.field?.split('.')[0];
      if (error.status === 400 && FIELDS.includes(root)) {
        this.#show({ field: root, problem: tOf('rules', root), input: this.#inputFor(error.field), issues: error.issues.map((i) => `${i.field}: ${i.message}`) });
      } else this.#show({ message: tf('saveFailed', { message: error.message }) });
    } finally {
      this.submit.disabled = false;
    }
  }

  /** The request body, or null after showing what the supervisor must fix first. */
  #read() {
    const minutes = wholeNumber(this.minutes.value);
    const seconds = wholeNumber(this.seconds.value);
    if (!Number.isInteger(minutes) || !Number.isInteger(seconds) || (this.minutes.value.trim() === '' && this.seconds.value.trim() === '')) {
      this.#show({ field: 'callbackAfterSeconds', problem: t('badThreshold'), input: this.minutes });
      return null;
    }
    const hours = this.hours.read();
    if (hours.problem) {
      this.#show({ label: `${tOf('fields', 'weeklyHours')}, ${tOf('days', hours.problem.day)}`, problem: t('badInterval'), input: hours.problem.input });
      return null;
    }
    const whenClosed = this.callback.checked ? 'callback' : 'message';
    return {
      callbackAfterSeconds: minutes * 60 + seconds,
      timezone: this.timezone.value.trim(),
      weeklyHours: hours.value,
      holidays: this.holidays.value(),
      // "message" is the default: a queue that never chose keeps not choosing.
      ...(whenClosed === 'callback' || this.#filled?.whenClosed ? { whenClosed } : {}),
    };
  }

  #inputFor(field) {
    if (field.startsWith('callbackAfterSeconds')) return this.minutes;
    if (field.startsWith('timezone')) return this.timezone;
    if (field.startsWith('weeklyHours')) return this.hours.inputFor(field);
    if (field.startsWith('holidays')) return this.holidays.date;
    if (field.startsWith('whenClosed')) return this.message;
    return null;
  }

  /** Says what is wrong next to the form and on the field at fault, and puts the keyboard there. */
  #show(problem) {
    this.#problem = problem;
    const label = problem.label ?? (problem.field ? tOf('fields', problem.field) : null);
    this.error.replaceChildren(
      el('p', { textContent: label ? tf('fieldProblem', { field: label, problem: problem.problem }) : problem.message }),
      problem.issues?.length ? el('p', { className: 'small', textContent: tf('apiSaid', { issues: problem.issues.join(' ; ') }) }) : null,
    );
    const input = problem.input;
    if (!input || this.#invalid.includes(input)) return;
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', `${input.getAttribute('aria-describedby') ?? ''} ${this.error.id}`.trim());
    this.#invalid.push(input);
    input.focus();
  }

  #clearProblem() {
    this.#problem = null;
    this.error.replaceChildren();
    for (const input of this.#invalid) {
      input.removeAttribute('aria-invalid');
      const rest = (input.getAttribute('aria-describedby') ?? '').split(' ').filter((token) => token && token !== this.error.id);
      if (rest.length) input.setAttribute('aria-describedby', rest.join(' '));
      else input.removeAttribute('aria-describedby');
    }
    this.#invalid = [];
  }

  #drawSummary() {
    const s = this.#server;
    if (!s) return;
    const parts = [tf('summaryAfter', { wait: minutesAndSeconds(s.callbackAfterSeconds) }), Object.keys(s.weeklyHours).length ? t('summaryHours') : t('summaryAlways'), s.timezone];
    if (s.holidays.length) parts.push(tf('summaryHolidays', { count: s.holidays.length }));
    setText(this.summary, `· ${parts.join(' · ')}`);
  }

  #drawStatus() {
    const s = this.#server;
    if (!s) return;
    setText(this.status, s.updatedBy === 'default' ? t('defaults') : tf('savedBy', { who: s.updatedBy, when: dateTime(s.updatedAt) }));
  }
}
