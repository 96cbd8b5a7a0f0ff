// The supervisor's table: per queue, waiting, longest wait, agents busy and callbacks pending,
// worked out from the inbox's own state so it follows every change and ticks with the clock.
import { el, reconcile, setText } from './dom.js';
import { duration, t } from './texts.js';

export class SupervisorBoard {
  #rows = new Map();

  /** @param {HTMLTableElement} table @param {import('./inboxState.js').InboxState} state */
  constructor(table, state) {
    this.table = table;
    this.state = state;
    this.head = el('thead');
    this.body = el('tbody');
    table.replaceChildren(this.head, this.body);
    this.translate();
  }

  translate() {
    this.head.replaceChildren(el('tr', {}, ...['queue', 'waitingHead', 'longestHead', 'busy', 'callbacksPending'].map((key) => el('th', { scope: 'col', textContent: t(key) }))));
  }

  render() {
    const now = this.state.serverNow();
    const names = this.state.queueNames();
    for (const name of [...this.#rows.keys()]) if (!names.includes(name)) this.#rows.delete(name);
    reconcile(this.body, names.map((name) => {
      let row = this.#rows.get(name);
      if (!row) {
        row = { tr: el('tr', { 'data-queue': name }), cells: [el('th', { scope: 'row', textContent: name }), el('td'), el('td'), el('td'), el('td')] };
        row.tr.append(...row.cells);
        this.#rows.set(name, row);
      }
      const { waiting, longestWaitSeconds, agentsBusy, callbacksPending } = this.state.counts(name, now);
      const [, waitingCell, longestCell, busyCell, callbacksCell] = row.cells;
      setText(waitingCell, String(waiting));
      setText(longestCell, duration(longestWaitSeconds));
      setText(busyCell, agentsBusy.length ? `${agentsBusy.length} (${agentsBusy.join(', ')})` : '0');
      setText(callbacksCell, String(callbacksPending));
      return row.tr;
    }));
  }
}
