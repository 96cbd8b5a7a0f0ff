import type { BoardContact, QueueAgent, QueueView } from '@griot/flows';
import type { HandoffService } from './HandoffService.ts';
import { knownQueues } from './knownQueues.ts';
import { defaultQueueSettings } from './queueSettings.ts';
import { queueAgents } from './agentPresence.ts';
import type { PauseReason } from './pauseReasons.ts';

/**
 * Every queue with its open contacts and the supervisor's counts: waiting, longest wait,
 * agents busy (not counting disabled accounts), callbacks pending. Every known queue is listed, at zero when nobody waits: those
 * with settings and the names live flows' handoff nodes can hand over to (knownQueues, the list a
 * transfer is checked against), so a supervisor sees `support-fr` before its first caller.
 */
export async function queueBoard(handoff: HandoffService, reasons: readonly PauseReason[]): Promise<Array<QueueView & { agentsDisabled: string[]; agents: QueueAgent[] }>> {
  const { store, options } = handoff;
  const [open, allSettings, pending, known, users, presence] = await Promise.all([
    store.listHandoffContacts({ statuses: ['waiting', 'assigned'] }),
    store.listQueueSettings(),
    store.listCallbackRequests({ statuses: ['pending'] }),
    knownQueues(handoff),
    store.listUsers(),
    store.listAgentPresence(),
  ]);
  const presenceOf = new Map(presence.map((p) => [p.username, p]));
  // A disabled account (an agent who left) answers nobody: not a busy agent, whatever it still holds.
  const disabled = new Set(users.filter((u) => u.disabled).map((u) => u.username));
  const nowMs = Date.parse(options.now());
  const settingsOf = new Map(allSettings.map((s) => [s.queue, s]));
  // A queue holding only callbacks to make (its settings removed, the flow that offered them since sent callers elsewhere)
  // is listed too: its callbacks are work left for its agents, counted where the supervisor looks.
  const names = new Set([...known.names, ...allSettings.map((s) => s.queue), ...open.map((c) => c.queue), ...pending.map((r) => r.queue)]);
  return [...names].sort().map((queue) => {
    const settings = settingsOf.get(queue) ?? defaultQueueSettings(queue, options.defaultTimezone);
    const contacts = open
      .filter((c) => c.queue === queue)
      .map((c): BoardContact => {
        const waitSeconds = Math.max(0, Math.round((nowMs - Date.parse(c.enqueuedAt)) / 1000));
        return { ...c, waitSeconds, callbackDue: c.status === 'waiting' && waitSeconds >= settings.callbackAfterSeconds };
      })
      .sort((a, b) => Number(a.status === 'assigned') - Number(b.status === 'assigned'));
    // A tester's simulator handoff is listed (they take it themselves) but is no subscriber waiting: not in the figures.
    const waiting = contacts.filter((c) => c.status === 'waiting' && !c.preview);
    return {
      queue,
      contacts,
      waiting: waiting.length,
      longestWaitSeconds: waiting.reduce((longest, c) => Math.max(longest, c.waitSeconds), 0),
      agentsBusy: [...new Set(contacts.flatMap((c) => (c.status === 'assigned' && c.agent && !disabled.has(c.agent) ? [c.agent] : [])))].sort(),
      agentsDisabled: [...new Set(contacts.flatMap((c) => (c.status === 'assigned' && c.agent && disabled.has(c.agent) ? [c.agent] : [])))].sort(),
      callbacksPending: pending.filter((r) => r.queue === queue).length,
      agents: queueAgents(queue, open, users, presenceOf, nowMs, reasons),
      settings,
    };
  });
}
