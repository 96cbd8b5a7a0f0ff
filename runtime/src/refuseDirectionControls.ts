import { DIRECTION_CONTROLS_SHOWN, directionControlIn, type Flow } from '@griot/flows';
import { invalid } from './errors.ts';
import { expand, handoffQueueNames } from './handoff/handoffQueueNames.ts';
import { isKnownQueue, type KnownQueues, knownQueues } from './handoff/knownQueues.ts';
import type { CallbackRequest, CallbackStatus, Store } from './store/types.ts';

/**
 * 400 `name_direction_control` when `name`, a name others read in a list (a flow's, a version's
 * label, a queue's display name, a canned reply's title, a user's display name), holds a character
 * that shows it as another (`directionControlIn`). `kept`: the name stored before this change; a
 * name saved before Griot refused them keeps working unchanged (saving the rest of the flow, the
 * user, the queue…), only a new or changed one is refused. `about`: what else the error's `params` say of where the
 * name is (`node`, the handoff node whose queue it is; `version`, the imported version holding it).
 */
export function refuseDirectionControls(name: string | null | undefined, field: string, kept?: string | null, about: Readonly<Record<string, string | number>> = {}): void {
  if (!name || name === kept) return;
  const character = directionControlIn(name);
  if (character === null) return;
  const where = [about.node !== undefined ? `node ${about.node}` : '', about.version !== undefined ? `version ${about.version}` : ''].filter(Boolean).join(' of ');
  throw invalid(
    'name_direction_control',
    `${field}${where ? ` (${where})` : ''} holds ${character}, which shows the name as another in every list: write it without (refused: ${DIRECTION_CONTROLS_SHOWN})`,
    {
      field,
      params: { field, character, ...about },
    },
  );
}

/**
 * The names a flow document gives others to read besides its own: its folder in the flow list
 * (`settings.folder`) and the queues its handoff nodes hand over to, listed to every agent and on
 * the wallboard. `before`: the documents stored before this save or import (the draft; for an imported version, the
 * flow's stored draft and versions); a folder or a queue one of them already held (written before Griot refused them)
 * is kept, so such a draft still loads and saves unchanged and an export of such a flow imports back over it. A queue
 * refused names its node (`params.node`; `about` adds what else locates it, an imported version's number).
 */
export function refuseDocumentDirectionControls(document: Flow, field: string, before?: Flow | readonly Flow[] | null, about: Readonly<Record<string, string | number>> = {}): void {
  const held = before ? (Array.isArray(before) ? (before as readonly Flow[]) : [before as Flow]) : [];
  const heldFolders = held.map((b) => b.settings.folder);
  if (!heldFolders.includes(document.settings.folder)) refuseDirectionControls(document.settings.folder, `${field}.settings.folder`, undefined, about);
  const heldQueues = new Set(held.flatMap((b) => b.nodes.flatMap((n) => (n.type === 'handoff' ? [n.queue] : []))));
  // What a template spells out (`recouvrement-{{equipe}}` with the values the flow gives `equipe`) is a queue agents are
  // offered too (knownQueues), whose settings, canned replies and agents are then accepted: a new one is refused as well.
  let heldNames: Set<string> | undefined;
  document.nodes.forEach((node, i) => {
    if (node.type !== 'handoff') return;
    const where = { ...about, node: node.id };
    if (!heldQueues.has(node.queue)) refuseDirectionControls(node.queue, `${field}.nodes.${i}.queue`, undefined, where);
    if (!node.queue.includes('{{')) return;
    for (const name of expand(node.queue, document)) {
      if (directionControlIn(name) === null) continue;
      heldNames ??= new Set(held.flatMap((b) => handoffQueueNames(b)));
      if (!heldNames.has(name)) refuseDirectionControls(name, `${field}.nodes.${i}.queue`, undefined, where);
    }
  });
}

/** Whether `document`'s folder or a queue its handoff nodes hand over to (templates spelled out) holds a direction control. */
export function documentNamesHoldDirectionControl(document: Flow): boolean {
  if (document.settings.folder && directionControlIn(document.settings.folder) !== null) return true;
  return document.nodes.some((node) => node.type === 'handoff' && [node.queue, ...(node.queue.includes('{{') ? expand(node.queue, document) : [])].some((name) => directionControlIn(name) !== null));
}

/**
 * Whether `queue` is already there for the people who work it though no setting nor live flow names it (its settings
 * removed, the flow that handed over to it archived or changed): a contact waits in it or is answered there, a
 * subscriber waits to be called back from it (a callback request pending, taken, or failed less than two days ago and
 * to be tried again), or
 * an agent is assigned to answer it. Its name is already on the agents' and supervisors' screens; refusing it would
 * leave nobody able to configure the queue those contacts sit in, nor to assign the agents who call them back, while it
 * makes no new name appear anywhere.
 */
async function isQueueInUse(store: Store, queue: string): Promise<boolean> {
  const [contacts, callbacks, users] = await Promise.all([
    store.listHandoffContacts({ statuses: ['waiting', 'assigned'], queue }),
    store.listCallbackRequests({ statuses: OPEN_CALLBACKS }),
    store.listUsers(),
  ]);
  const now = Date.now();
  return contacts.length > 0 || callbacks.some((request) => request.queue === queue && stillToMake(request, now)) || users.some((user) => user.queues?.includes(queue) === true);
}

/** A callback request someone may still make: `done` is finished; a failed one is tried again, for a while. */
const OPEN_CALLBACKS: CallbackStatus[] = ['pending', 'taken', 'failed'];

/**
 * How long a failed attempt keeps its queue in use: a callback is agreed for today or tomorrow (`callbackTimeProblem`),
 * so one failed two days ago and never retried is no longer work anybody plans; left as it was, its queue stayed « in
 * use » for ever (failed requests are never purged). It is still listed, and a supervisor may still retry it.
 */
export const FAILED_CALLBACK_IN_USE_MS = 48 * 3600_000;

function stillToMake(request: CallbackRequest, nowMs: number): boolean {
  if (request.status !== 'failed') return true;
  const failedAt = Date.parse(request.updatedAt);
  return Number.isNaN(failedAt) || nowMs - failedAt < FAILED_CALLBACK_IN_USE_MS;
}

/**
 * Queue names a request writes (a queue's settings by its path's name, a canned reply's queues, an agent's queues):
 * a queue a stored flow hands over to or whose settings exist (`knownQueues`, the queues agents transfer to), that
 * contacts sit in or agents are assigned to (`isQueueInUse`), or that `held` already names, is accepted as written
 * (refusing it would stop a supervisor configuring the very queue callers wait in); a brand-new one is refused as any
 * new name is. The known queues are read only when a name holds such a character.
 */
export async function refuseNewQueueDirectionControls(store: Store, queues: readonly string[], field: (i: number) => string, held: readonly string[] = []): Promise<void> {
  let known: KnownQueues | undefined;
  for (const [i, queue] of queues.entries()) {
    if (held.includes(queue) || directionControlIn(queue) === null) continue;
    known ??= await knownQueues({ store });
    if (!isKnownQueue(known, queue) && !(await isQueueInUse(store, queue))) refuseDirectionControls(queue, field(i));
  }
}
