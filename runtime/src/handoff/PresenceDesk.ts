import type { AgentPresenceView } from '@griot/flows';
import type { AuditLog } from '../audit/auditLog.ts';
import { conflict, notFound, unprocessable } from '../errors.ts';
import type { AgentPresence } from '../store/types.ts';
import type { HandoffService } from './HandoffService.ts';
import { presenceState, presenceView, staleBefore, takesNewContacts } from './agentPresence.ts';

/**
 * Agents' presence: an agent chooses « Disponible » or « En pause » for themselves; a supervisor
 * may set an agent « Hors ligne » (one who left without signing out, whose contacts then show as
 * nobody's); signing out sets them offline; their open pages keep them present. Each choice is
 * audited `agent.presence` on `agent:<username>`; every change is published (`presence`) so the
 * supervisors' boards read again.
 */
export class PresenceDesk {
  constructor(
    private readonly handoff: HandoffService,
    private readonly audit: AuditLog,
  ) {}

  private nowMs(): number {
    return Date.parse(this.handoff.options.now());
  }

  async of(username: string): Promise<AgentPresenceView> {
    return presenceView(username, await this.handoff.store.getAgentPresence(username), this.nowMs());
  }

  /** The agent's own choice. */
  async choose(username: string, status: 'available' | 'paused'): Promise<AgentPresenceView> {
    const before = await this.handoff.store.getAgentPresence(username);
    const now = this.handoff.options.now();
    // Choosing is being there: the choice counts as a page seen now (an API client has no stream).
    const after = await this.handoff.store.setAgentPresence({ username, status, since: now, changedBy: username, lastSeenAt: now });
    await this.changed(username, username, before, after);
    return presenceView(username, after, this.nowMs());
  }

  /** A supervisor sets an agent offline: no new contact is offered to them until they choose « Disponible » again. */
  async setOffline(supervisor: string, username: string): Promise<AgentPresenceView> {
    const user = await this.handoff.store.getUserByName(username);
    if (!user) throw notFound('agent_not_found', 'no user with that name');
    if (username === supervisor) throw unprocessable('presence_own', 'choose your own state with PUT /api/agent/presence');
    const before = await this.handoff.store.getAgentPresence(username);
    const after = await this.handoff.store.setAgentPresence({ username, status: 'offline', since: this.handoff.options.now(), changedBy: supervisor });
    await this.changed(supervisor, username, before, after);
    return presenceView(username, after, this.nowMs());
  }

  /**
   * Their session ended (signed out, or an admin ended their sessions or disabled them: `by`):
   * offline now, unless another page of theirs is still open (its next heartbeat brings them back).
   */
  async signedOut(username: string, by = username): Promise<void> {
    const before = await this.handoff.store.getAgentPresence(username);
    if (!before) return;
    const after = await this.handoff.store.setAgentPresence({ username, status: 'offline', since: this.handoff.options.now(), changedBy: by, lastSeenAt: null });
    await this.changed(by, username, before, after);
  }

  /** A page of theirs is open (the stream opened, or its heartbeat): published when it brings them back from offline. */
  async seen(username: string): Promise<void> {
    const nowMs = this.nowMs();
    const before = await this.handoff.store.getAgentPresence(username);
    const after = await this.handoff.store.touchAgentPresence(username, new Date(nowMs).toISOString(), staleBefore(nowMs));
    if (presenceState(before, nowMs) !== presenceState(after, nowMs)) this.publish(username, after, username);
  }

  /** Refuses a new contact or callback to an agent who is paused or was set offline (409 `agent_not_available`). */
  async assertTakesNewContacts(username: string): Promise<void> {
    const record = await this.handoff.store.getAgentPresence(username);
    if (takesNewContacts(record)) return;
    throw conflict('agent_not_available', `you are ${record?.status === 'paused' ? 'paused' : 'offline'}: choose « Disponible » to take new contacts`, {
      params: { state: record?.status ?? 'offline' },
    });
  }

  private async changed(actor: string, username: string, before: AgentPresence | null, after: AgentPresence): Promise<void> {
    await this.audit.record({
      actor,
      action: 'agent.presence',
      target: `agent:${username}`,
      details: { status: after.status, before: before?.status ?? null, ...(actor !== username ? { onBehalfOf: username } : {}) },
    });
    this.publish(username, after, actor);
  }

  private publish(username: string, after: AgentPresence, by: string): void {
    this.handoff.events.publish({ type: 'presence', id: username, agent: username, status: after.status, by, at: this.handoff.options.now() });
  }
}
