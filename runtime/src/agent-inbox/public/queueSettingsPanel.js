// The supervisor's queue settings: one collapsible form per queue the inbox knows (those with
// settings, contacts or callbacks), and a field to set up a queue that has none of these yet,
// say before a flow starts handing callers over to it.
import { el, reconcile, translated } from './dom.js';
import { QueueSettingsForm } from './queueSettingsForm.js';

/** Suggested first: Benin's zone, then its neighbours' and a few usual ones; the field takes any IANA name. */
const SUGGESTED_ZONES = ['Africa/Porto-Novo', 'Africa/Lagos', 'Africa/Lome', 'Africa/Abidjan', 'Africa/Dakar', 'Africa/Douala', 'Europe/Paris', 'UTC'];
const DEFAULT_CALLBACK_AFTER_SECONDS = 120;

export class QueueSettingsPanel {
  #forms = new Map();
  /** Queues the supervisor opened by name. */
  #extra = new Set();

  /**
   * @param {HTMLElement} root
   * @param {import('./inboxState.js').InboxState} state
   * @param {{ save: (queue: string, body: object) => Promise<object>, failed: (error: Error) => void }} hooks
   */
  constructor(root, state, hooks) {
    this.state = state;
    this.hooks = hooks;
    this.list = el('div', { className: 'settings-list' });
    this.name = el('input', { name: 'queue', autocomplete: 'off', spellcheck: false, required: true, maxLength: 200 });
    const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    root.replaceChildren(
      this.list,
      el('form', { className: 'inline-form other-queue', onsubmit: (e) => this.#openOther(e) },
        el('label', {}, translated('otherQueue'), this.name), el('button', { type: 'submit', className: 'secondary' }, translated('openSettings'))),
      el('datalist', { id: 'timezones' }, [...new Set([...SUGGESTED_ZONES, ...zones])].map((zone) => el('option', { value: zone }))),
    );
  }

  /** Adds forms for new queues and shows the server's settings in the others (when untouched). */
  render() {
    const names = [...new Set([...this.state.queueNames(), ...this.#extra])].sort();
    reconcile(this.list, names.map((name) => {
      let form = this.#forms.get(name);
      if (!form) {
        form = new QueueSettingsForm(name, this.hooks);
        this.#forms.set(name, form);
      }
      form.fill(this.state.settings.get(name) ?? this.#defaults(name));
      return form.element;
    }));
  }

  translate() {
    for (const form of this.#forms.values()) form.translate();
  }

  #openOther(event) {
    event.preventDefault();
    const name = this.name.value.trim();
    if (!name) return;
    this.#extra.add(name);
    this.render();
    const form = this.#forms.get(name);
    form.element.open = true;
    form.minutes.focus();
    this.name.value = '';
  }

  /** A queue the listing did not include has the server's defaults: always open, the usual threshold and zone. */
  #defaults(queue) {
    const zone = [...this.state.settings.values()].find((s) => s.updatedBy === 'default')?.timezone ?? SUGGESTED_ZONES[0];
    return { queue, callbackAfterSeconds: DEFAULT_CALLBACK_AFTER_SECONDS, timezone: zone, weeklyHours: {}, holidays: [], updatedAt: '', updatedBy: 'default' };
  }
}
