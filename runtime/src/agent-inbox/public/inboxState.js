// What the inbox knows, without any DOM: the open contacts of each queue, queue settings,
// callback requests and the server's clock. Filled from the listing, then kept current one
// change at a time (each Server-Sent Event names one contact), so a change in a queue of a
// thousand costs one small read instead of re-reading every queue.

/** Waiting this long gets a callback offer when the listing gave no settings (the server's default). */
const DEFAULT_CALLBACK_AFTER_SECONDS = 120;
/** Contacts first seen in an event sort after those of the last listing with the same priority and arrival. */
const EVENT_SEQ_START = 1e9;

/** ISO dates sort as plain strings (no locale rules: this runs on every change of a long queue). */
const compareText = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** Waiting before assigned; then priority (lower first), arrival, and the order the server listed them in. */
export function byServiceOrder(a, b) {
  return (
    Number(a.status === 'assigned') - Number(b.status === 'assigned') ||
    a.priority - b.priority ||
    compareText(a.enqueuedAt, b.enqueuedAt) ||
    a.seq - b.seq
  );
}

export class InboxState {
  /** queue → (contact id → contact) for open contacts. */
  byQueue = new Map();
  /** contact id → its queue. */
  queueOf = new Map();
  /** Contacts seen closed: a late answer must not bring them back (a closed contact never reopens). */
  closed = new Set();
  settings = new Map();
  callbacks = [];
  #seq = EVENT_SEQ_START;
  #touchedDuringListing = null;
  #listingOffset = 0;
  #serverSamples = [];
  #seenQueues = new Set();

  get(id) {
    return this.byQueue.get(this.queueOf.get(id))?.get(id);
  }

  /** Call before reading the listing: what events change meanwhile wins over the (older) listing. */
  beginListing() {
    this.#touchedDuringListing = new Set();
  }

  /** The answer of GET /api/agent/queues. Returns the queues whose contacts may have changed. */
  applyListing(queues) {
    const touched = this.#touchedDuringListing ?? new Set();
    this.#touchedDuringListing = null;
    const changed = new Set(this.byQueue.keys());
    const listed = new Set();
    this.settings = new Map(queues.map((q) => [q.queue, q.settings]));
    let seq = 0;
    for (const q of queues) {
      changed.add(q.queue);
      for (const contact of q.contacts) {
        listed.add(contact.id);
        this.#listingOffset = Date.parse(contact.enqueuedAt) + contact.waitSeconds * 1000 - Date.now();
        if (!touched.has(contact.id) && !this.closed.has(contact.id)) this.#put({ ...contact, seq: seq++ });
      }
    }
    for (const [id, queue] of [...this.queueOf]) {
      if (!listed.has(id) && !touched.has(id)) {
        this.byQueue.get(queue)?.delete(id);
        this.queueOf.delete(id);
      }
    }
    return changed;
  }

  /** A contact as GET /api/agent/contacts/:id answered. Returns the queues it left or joined. */
  upsert(contact) {
    this.#touchedDuringListing?.add(contact.id);
    if (contact.status === 'closed') return this.remove(contact.id);
    if (this.closed.has(contact.id)) return [];
    const current = this.get(contact.id);
    // Answers can cross: keep the newer state.
    if (current && current.updatedAt > contact.updatedAt) return [];
    return this.#put({ ...contact, seq: current?.seq ?? this.#seq++ });
  }

  remove(id) {
    this.#touchedDuringListing?.add(id);
    this.closed.add(id);
    const queue = this.queueOf.get(id);
    if (queue === undefined) return [];
    this.byQueue.get(queue)?.delete(id);
    this.queueOf.delete(id);
    return [queue];
  }

  #put(contact) {
    const before = this.queueOf.get(contact.id);
    if (before !== undefined && before !== contact.queue) this.byQueue.get(before)?.delete(contact.id);
    if (!this.byQueue.has(contact.queue)) this.byQueue.set(contact.queue, new Map());
    this.byQueue.get(contact.queue).set(contact.id, contact);
    this.queueOf.set(contact.id, contact.queue);
    return before !== undefined && before !== contact.queue ? [before, contact.queue] : [contact.queue];
  }

  /** The server's time of an event (`at`): network delay only makes it look earlier, so the largest recent gap wins. */
  noteServerTime(iso) {
    const sample = Date.parse(iso) - Date.now();
    if (Number.isNaN(sample)) return;
    this.#serverSamples.push(sample);
    if (this.#serverSamples.length > 20) this.#serverSamples.shift();
  }

  serverNow() {
    return Date.now() + (this.#serverSamples.length ? Math.max(...this.#serverSamples) : this.#listingOffset);
  }

  /**
   * Queues with settings, contacts or pending callbacks, by name. A queue once seen stays (at
   * zero) until the page is reloaded: a supervisor's rows do not come and go as queues empty.
   */
  queueNames() {
    for (const [queue, contacts] of this.byQueue) if (contacts.size) this.#seenQueues.add(queue);
    for (const request of this.callbacks) if (request.status === 'pending') this.#seenQueues.add(request.queue);
    for (const queue of this.settings.keys()) this.#seenQueues.add(queue);
    return [...this.#seenQueues].sort();
  }

  contactsOf(queue) {
    return [...(this.byQueue.get(queue)?.values() ?? [])].sort(byServiceOrder);
  }

  /** From arrival until an agent took it (or it closed), else until now. */
  waitSeconds(contact, now = this.serverNow()) {
    const end = contact.status === 'waiting' ? undefined : (contact.assignedAt ?? contact.closedAt);
    return Math.max(0, ((end ? Date.parse(end) : now) - Date.parse(contact.enqueuedAt)) / 1000);
  }

  callbackDue(contact, now = this.serverNow()) {
    const threshold = this.settings.get(contact.queue)?.callbackAfterSeconds ?? DEFAULT_CALLBACK_AFTER_SECONDS;
    return contact.status === 'waiting' && this.waitSeconds(contact, now) >= threshold;
  }

  /** The supervisor's figures for a queue. */
  counts(queue, now = this.serverNow()) {
    let waiting = 0;
    let longestWaitSeconds = 0;
    const agents = new Set();
    for (const contact of this.byQueue.get(queue)?.values() ?? []) {
      if (contact.status === 'waiting') {
        waiting += 1;
        longestWaitSeconds = Math.max(longestWaitSeconds, this.waitSeconds(contact, now));
      } else if (contact.agent) agents.add(contact.agent);
    }
    const callbacksPending = this.callbacks.filter((r) => r.status === 'pending' && r.queue === queue).length;
    return { waiting, longestWaitSeconds, agentsBusy: [...agents].sort(), callbacksPending };
  }
}
