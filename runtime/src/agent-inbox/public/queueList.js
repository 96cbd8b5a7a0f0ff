// The queues column: one section per queue, its contacts in service order as buttons. Rows are
// kept per contact and moved in place, so a change redraws one row and wait times tick without
// rebuilding the list.
import { el, reconcile, setText } from './dom.js';
import { channelName, duration, t, texts } from './texts.js';

let ids = 0;

export class QueueList {
  #sections = new Map();
  #rows = new Map();
  /** Rows on screen: only they tick (a thousand rows updated each second would cost a layout each second). */
  #visible = new Set();
  #watcher = new IntersectionObserver((entries) => {
    const now = this.state.serverNow();
    for (const entry of entries) {
      const id = entry.target.dataset.contactId;
      if (!entry.isIntersecting) {
        this.#visible.delete(id);
        continue;
      }
      this.#visible.add(id);
      const row = this.#rows.get(id);
      const contact = this.state.get(id);
      if (row && contact) this.#tickRow(row, contact, now);
    }
  });

  /**
   * @param {HTMLElement} root
   * @param {import('./inboxState.js').InboxState} state
   * @param {{ me: () => string, selected: () => string | null, unread: Set<string>, onSelect: (id: string) => void, onTakeNext: (queue: string) => void }} hooks
   */
  constructor(root, state, hooks) {
    this.root = root;
    this.state = state;
    this.hooks = hooks;
  }

  /** Redraws the named queues (all when omitted) and new ones, and puts the sections in order. */
  render(queues) {
    const names = this.state.queueNames();
    const now = this.state.serverNow();
    const redraw = new Set([...(queues ?? names), ...names.filter((name) => !this.#sections.has(name))]);
    for (const name of redraw) if (names.includes(name)) this.#renderQueue(name, now);
    reconcile(this.root, names.map((name) => this.#section(name).section));
    for (const name of this.#sections.keys()) if (!names.includes(name)) this.#sections.delete(name);
    for (const [id, row] of this.#rows) {
      if (this.state.get(id)) continue;
      this.#watcher.unobserve(row.button);
      this.#visible.delete(id);
      this.#rows.delete(id);
    }
    if (names.length === 0) this.root.replaceChildren(el('p', { className: 'muted', textContent: t('nobodyWaiting') }));
  }

  /** Forgets every drawn row (after a change of language). */
  reset() {
    this.#watcher.disconnect();
    this.#visible.clear();
    this.#rows.clear();
    this.#sections.clear();
    this.root.replaceChildren();
    this.render();
  }

  /** Wait times, callback marks and queue counts, once a second. */
  tick() {
    const now = this.state.serverNow();
    for (const id of this.#visible) {
      const row = this.#rows.get(id);
      const contact = this.state.get(id);
      if (row && contact) this.#tickRow(row, contact, now);
    }
    for (const [name, section] of this.#sections) this.#renderCounts(name, section, now);
  }

  #tickRow(row, contact, now) {
    setText(row.wait, duration(this.state.waitSeconds(contact, now)));
    row.due.hidden = !this.state.callbackDue(contact, now);
  }

  #section(name) {
    let section = this.#sections.get(name);
    if (section) return section;
    const headingId = `queue-${++ids}`;
    const counts = el('p', { className: 'counts' });
    const takeNext = el('button', { type: 'button', className: 'secondary', onclick: () => this.hooks.onTakeNext(name) });
    const list = el('ul', { className: 'contacts', 'aria-labelledby': headingId });
    const empty = el('p', { className: 'muted' });
    section = {
      section: el('section', { className: 'queue', 'aria-labelledby': headingId, 'data-queue': name },
        el('div', { className: 'queue-head' }, el('h3', { id: headingId, textContent: name }), takeNext), counts, empty, list),
      counts, takeNext, list, empty,
    };
    this.#sections.set(name, section);
    return section;
  }

  #renderQueue(name, now) {
    const section = this.#section(name);
    const contacts = this.state.contactsOf(name);
    reconcile(section.list, contacts.map((contact) => this.#row(contact, now).li));
    const waiting = contacts.some((c) => c.status === 'waiting');
    setText(section.takeNext, t('takeNext'));
    section.takeNext.setAttribute('aria-label', `${t('takeNext')} · ${name}`);
    section.takeNext.disabled = !waiting;
    setText(section.empty, t('nobodyWaiting'));
    section.empty.hidden = contacts.length > 0;
    this.#renderCounts(name, section, now);
  }

  #renderCounts(name, section, now) {
    const { waiting, longestWaitSeconds } = this.state.counts(name, now);
    setText(section.counts, `${waiting} ${t('waiting')} · ${t('longest')} ${duration(longestWaitSeconds)}`);
  }

  #row(contact, now) {
    const selected = this.hooks.selected() === contact.id;
    const unread = this.hooks.unread.has(contact.id);
    const key = `${contact.updatedAt}|${texts.lang}|${selected}|${unread}`;
    let row = this.#rows.get(contact.id);
    if (row?.key === key) return row;
    const button = row?.button ?? el('button', { type: 'button', 'data-contact-id': contact.id, onclick: () => this.hooks.onSelect(contact.id) });
    const wait = el('span', { className: 'wait', textContent: duration(this.state.waitSeconds(contact, now)) });
    const due = el('span', { className: 'due', hidden: !this.state.callbackDue(contact, now) }, el('span', { 'aria-hidden': 'true', textContent: '⏰' }), el('span', { className: 'visually-hidden', textContent: ` ${t('callbackDue')}` }));
    const vip = contact.priority < 999;
    const agent = contact.agent ? ` · ${t('with')} ${contact.agent === this.hooks.me() ? t('you') : contact.agent}` : '';
    button.className = `contact ${contact.status}${vip ? ' vip' : ''}${unread ? ' unread' : ''}`;
    if (selected) button.setAttribute('aria-current', 'true');
    else button.removeAttribute('aria-current');
    button.replaceChildren(
      el('span', { className: 'line' }, el('strong', { textContent: contact.callerNumber }), ` ${channelName(contact.channel)}`,
        vip ? el('span', { className: 'badge', textContent: t('vip') }) : null, wait, due),
      el('span', { className: 'line small' }, `${contact.reason}${agent}`, unread ? el('span', { className: 'badge unread', textContent: t('newMessage') }) : null),
    );
    if (!row) this.#watcher.observe(button);
    row = { li: row?.li ?? el('li', {}, button), button, wait, due, key };
    this.#rows.set(contact.id, row);
    return row;
  }
}
