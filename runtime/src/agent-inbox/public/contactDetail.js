// The selected contact: who, why, the flow's context and earlier contacts; the conversation and a
// reply box on messaging channels (the call's context on voice); take, callback, release,
// transfer and close. What the agent is typing survives every live update: the forms are built
// once per contact and only the facts around them are redrawn.
import { el, reconcile, setText } from './dom.js';
import { channelName, clock, duration, endingName, t } from './texts.js';

let ids = 0;
const uid = (name) => `${name}-${++ids}`;

export class ContactDetail {
  #id = null;
  #contact = null;
  #messageRows = new Map();
  #parts = null;
  #wait = null;

  /**
   * @param {HTMLElement} root
   * @param {import('./inboxState.js').InboxState} state
   * @param {{ me: () => string, supervisor: () => boolean, act: (path: string, body?: object) => Promise<unknown>, pick: string }} hooks
   */
  constructor(root, state, hooks) {
    this.root = root;
    this.state = state;
    this.hooks = hooks;
  }

  get id() {
    return this.#id;
  }

  /** Shows a contact (its facts come with `update`); `focus` moves the keyboard to its heading. */
  show(id, { focus = false } = {}) {
    if (id !== this.#id) {
      this.#id = id;
      this.#contact = null;
      this.#messageRows.clear();
      this.#parts = this.#build();
      this.root.replaceChildren(this.#parts.view);
    }
    if (focus) this.#parts.heading.focus();
  }

  /** Redraws everything (after a change of language), keeping the selection. */
  reset() {
    const { id } = this;
    const contact = this.#contact;
    const messages = [...this.#messageRows.values()].map((row) => row.message);
    this.#id = null;
    if (!id) return this.clear();
    this.show(id);
    if (contact) this.update(contact, messages);
  }

  clear() {
    this.#id = null;
    this.#contact = null;
    this.#parts = null;
    this.#wait = null;
    this.root.replaceChildren(el('p', { className: 'muted', textContent: t('pick') }));
  }

  /** The answer of GET /api/agent/contacts/:id for the shown contact. */
  update(contact, messages) {
    if (contact.id !== this.#id) return;
    if (this.#contact && this.#contact.updatedAt > contact.updatedAt) return;
    this.#contact = contact;
    const p = this.#parts;
    const mine = contact.status === 'assigned' && (contact.agent === this.hooks.me() || this.hooks.supervisor());
    const open = contact.status !== 'closed';
    const messaging = contact.channel !== 'voice';
    setText(p.heading, contact.callerNumber);
    p.status.replaceChildren(
      el('span', { className: `status ${contact.status}`, textContent: t(`status${contact.status[0].toUpperCase()}${contact.status.slice(1)}`) }),
      contact.agent ? ` · ${t('with')} ${contact.agent === this.hooks.me() ? t('you') : contact.agent}` : '',
      contact.status === 'closed' && contact.outcome ? ` · ${endingName(contact.outcome)}` : '',
    );
    p.facts.replaceChildren(...this.#facts(contact));
    p.history.replaceChildren(...(contact.history.length
      ? [el('ul', {}, contact.history.map((h) => el('li', { textContent: `${h.day} ${h.time} · ${channelName(h.channel)} · ${h.reason} · ${h.outcome}${h.agent ? ` · ${h.agent}` : ''}` })))]
      : [el('p', { className: 'muted', textContent: t('none') })]));
    p.conversation.hidden = !messaging;
    p.voiceNote.hidden = messaging;
    p.compose.hidden = !(messaging && mine);
    this.#renderMessages(messages);
    p.take.hidden = contact.status !== 'waiting';
    p.callback.hidden = contact.status !== 'waiting';
    p.callback.classList.toggle('due', this.state.callbackDue(contact));
    p.release.hidden = !(messaging && mine);
    p.transfer.hidden = !open;
    p.close.hidden = !open || (contact.status === 'assigned' && !mine);
    p.closedNote.hidden = open;
    p.queues.replaceChildren(...this.state.queueNames().filter((q) => q !== contact.queue).map((q) => el('option', { value: q })));
  }

  /** The wait time ticks while the contact waits. */
  tick() {
    if (this.#contact && this.#wait) setText(this.#wait, duration(this.state.waitSeconds(this.#contact)));
  }

  /** Appends messages not shown yet (and keeps the log scrolled to the end if it was). */
  #renderMessages(messages) {
    const log = this.#parts.messages;
    const atEnd = log.scrollTop + log.clientHeight >= log.scrollHeight - 8;
    for (const message of messages) {
      if (this.#messageRows.has(message.id)) continue;
      const from = message.from === 'agent' ? (message.author ?? t('you')) : this.#contact.callerNumber;
      this.#messageRows.set(message.id, {
        message,
        node: el('li', { className: `msg ${message.from}`, 'data-message-id': message.id },
          el('span', { className: 'small', textContent: `${from} · ${clock(message.at)}` }), el('span', { className: 'text', textContent: message.text })),
      });
    }
    reconcile(log, [...this.#messageRows.values()].map((row) => row.node));
    if (atEnd) log.scrollTop = log.scrollHeight;
  }

  #facts(contact) {
    const context = contact.context ?? {};
    const variables = Object.entries(context.variables ?? {});
    const row = (key, ...value) => [el('dt', { textContent: t(key) }), el('dd', {}, ...value)];
    return [
      ...row('caller', el('a', { href: `tel:${contact.callerNumber}`, textContent: contact.callerNumber })),
      ...row('queue', contact.queue),
      ...row('channel', channelName(contact.channel)),
      ...row('locale', contact.locale),
      ...row('reason', contact.reason),
      ...row('priority', contact.priority < 999 ? `${contact.priority} (${t('vip')})` : String(contact.priority)),
      ...row('wait', `${clock(contact.enqueuedAt)} · `, (this.#wait = el('span', { textContent: duration(this.state.waitSeconds(contact)) }))),
      ...(context.flowId ? row('flow', `${context.flowId}${context.flowVersion ? ` v${context.flowVersion}` : ''}`) : []),
      ...(Array.isArray(context.path) && context.path.length ? row('path', context.path.join(' › ')) : []),
      ...row('variables', variables.length
        ? el('ul', { className: 'variables' }, variables.map(([k, v]) => el('li', {}, el('code', { textContent: k }), ` ${typeof v === 'string' ? v : JSON.stringify(v)}`)))
        : t('none')),
    ];
  }

  #build() {
    const heading = el('h2', { id: uid('caller'), tabIndex: -1, className: 'caller' });
    const status = el('p', { className: 'status-line' });
    const facts = el('dl', { className: 'facts' });
    const history = el('div');
    const messages = el('ol', { className: 'messages', role: 'log', 'aria-live': 'polite', 'aria-label': t('conversation') });
    const replyId = uid('reply');
    const hintId = uid('hint');
    const text = el('textarea', { id: replyId, name: 'reply', rows: 3, 'aria-describedby': hintId });
    const compose = el('form', { className: 'compose' },
      el('label', { for: replyId, textContent: t('reply') }), text, el('p', { id: hintId, className: 'small muted', textContent: t('replyHint') }),
      el('button', { type: 'submit', textContent: t('send') }));
    text.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        compose.requestSubmit();
      }
    });
    compose.addEventListener('submit', async (e) => {
      e.preventDefault();
      const value = text.value.trim();
      if (!value) return;
      if (await this.#act('messages', { text: value })) {
        text.value = '';
        text.focus();
      }
    });
    const take = el('button', { type: 'button', textContent: t('take'), onclick: () => this.#act('take') });
    const callback = el('button', { type: 'button', className: 'secondary', textContent: t('callbackOffer'), onclick: () => this.#act('callback') });
    const release = el('button', { type: 'button', className: 'secondary', textContent: t('release'), onclick: () => this.#act('release') });

    const queueId = uid('queue');
    const queues = el('datalist', { id: uid('queues') });
    const queueInput = el('input', { id: queueId, name: 'queue', required: true, autocomplete: 'off', list: queues.id });
    const transfer = el('form', { className: 'inline-form' }, el('label', { for: queueId, textContent: t('transferTo') }), queueInput, queues, el('button', { type: 'submit', className: 'secondary', textContent: t('transfer') }));
    transfer.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (await this.#act('transfer', { queue: queueInput.value.trim() })) queueInput.value = '';
    });

    const outcomeId = uid('outcome');
    const outcomes = el('datalist', { id: uid('outcomes') }, t('outcomes').map((o) => el('option', { value: o })));
    const outcomeInput = el('input', { id: outcomeId, name: 'outcome', required: true, autocomplete: 'off', list: outcomes.id, value: t('outcomes')[0] });
    const close = el('form', { className: 'inline-form' }, el('label', { for: outcomeId, textContent: t('outcome') }), outcomeInput, outcomes, el('button', { type: 'submit', className: 'secondary', textContent: t('close') }));
    close.addEventListener('submit', (e) => {
      e.preventDefault();
      this.#act('close', { outcome: outcomeInput.value.trim() });
    });

    const conversation = el('section', { className: 'conversation', 'aria-label': t('conversation') }, el('h3', { textContent: t('conversation') }), messages, compose);
    const voiceNote = el('p', { className: 'note', textContent: t('voiceNote') });
    const closedNote = el('p', { className: 'note', textContent: t('closedNow'), hidden: true });
    const view = el('article', { className: 'detail', 'aria-labelledby': heading.id },
      heading, status,
      el('div', { className: 'actions' }, take, callback, release),
      el('h3', { textContent: t('context') }), facts,
      el('h3', { textContent: t('history') }), history,
      voiceNote, conversation,
      el('div', { className: 'actions forms' }, transfer, close), closedNote);
    return { view, heading, status, facts, history, messages, compose, conversation, voiceNote, closedNote, take, callback, release, transfer, close, queues };
  }

  /** Runs an action on the shown contact; true when the API accepted it. */
  async #act(verb, body) {
    return this.hooks.act(`/api/agent/contacts/${this.#id}/${verb}`, body);
  }
}
