import type { AgentPresenceView } from '@griot/flows';
import type { AuditLog } from '../audit/auditLog.ts';
import { BadInputError, conflict, notFound, unprocessable } from '../errors.ts';
import type { Role } from '../store/types.ts';
import type { AgentPresence } from '../store/types.ts';
import type { HandoffService } from './HandoffService.ts';
import { LEFT_GRACE_SECONDS, LEFT_STATUS, PRESENCE_GRACE_SECONDS, presenceState, presenceView, staleBefore, takesNewContacts } from './agentPresence.ts';
import type { PauseReason } from './pauseReasons.ts';

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
    readonly reasons: readonly PauseReason[],
  ) {}

  private nowMs(): number {
    return Date.parse(this.handoff.options.now());
  }

  async of(username: string): Promise<AgentPresenceView> {
    return presenceView(username, await this.handoff.store.getAgentPresence(username), this.nowMs());
  }

  /** The agent's own choice; a pause may say why (one of the reasons listed: 422 `pause_reason_unknown` otherwise). */
  async choose(username: string, status: 'available' | 'paused', reason?: string): Promise<AgentPresenceView> {
    if (reason !== undefined && status !== 'paused') throw unprocessable('pause_reason_not_paused', 'a reason goes with `paused` only');
    if (reason !== undefined && !this.reasons.some((r) => r.label === reason)) {
      throw unprocessable('pause_reason_unknown', `not one of the pause reasons: ${this.reasons.map((r) => r.label).join(', ')}`, { params: { reason } });
    }
    const before = await this.handoff.store.getAgentPresence(username);
    const now = this.handoff.options.now();
    // Choosing is being there: the choice counts as a page seen now (an API client has no stream).
    // Saying why one is paused, once paused, changes nothing of how long one has been: « depuis » counts from the pause.
    const same = presenceState(before, this.nowMs()) === status && before?.changedBy === username;
    const since = same && before ? before.since : now;
    const after = await this.handoff.store.setAgentPresence({ username, status, since, changedBy: username, lastSeenAt: now, reason: reason ?? null });
    await this.changed(username, username, before, after);
    return presenceView(username, after, this.nowMs());
  }

  /**
   * A supervisor sets an agent offline: no new contact is offered to them until they choose
   * « Disponible » again. Only an admin sets a supervisor or an admin offline (403
   * `presence_not_yours`): a peer's page that is still open is theirs to answer for, and one
   * whose page closed goes offline by itself after the grace period.
   */
  async setOffline(by: { username: string; roles: readonly Role[] }, username: string): Promise<AgentPresenceView> {
    const supervisor = by.username;
    const user = await this.handoff.store.getUserByName(username);
    if (!user) throw notFound('agent_not_found', 'no user with that name');
    if (username === supervisor) throw unprocessable('presence_own', 'choose your own state with PUT /api/agent/presence');
    if (!by.roles.includes('admin') && (user.roles.includes('admin') || user.roles.includes('supervisor'))) {
      throw new BadInputError('forbidden', 'presence_not_yours', 'only an admin sets a supervisor or an admin offline', { params: { username, roles: [...user.roles] } });
    }
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

  /**
   * Their last inbox page closed (its `pagehide`): they read offline LEFT_GRACE_SECONDS from now
   * rather than the whole grace period, unless a page opens again by then (a reload, whose stream
   * is seen within a second or two, keeps the state chosen: it is not stale yet), or a page of
   * theirs is still open elsewhere (it answers within LEFT_ECHO_MS).
   */
  async left(username: string): Promise<void> {
    const before = await this.handoff.store.getAgentPresence(username);
    if (!before || before.lastSeenAt === null) return;
    const earlier = new Date(this.nowMs() - (PRESENCE_GRACE_SECONDS - LEFT_GRACE_SECONDS) * 1000).toISOString();
    if (before.lastSeenAt <= earlier) return;
    const { status, since, changedBy, reason } = before;
    await this.handoff.store.setAgentPresence({ username, status, since, changedBy, reason, lastSeenAt: earlier });
    // Their pages still open elsewhere (on any instance) say so: see the stream's answer to LEFT_STATUS.
    this.handoff.events.publish({ type: 'presence', id: username, agent: username, status: LEFT_STATUS, by: username, at: this.handoff.options.now() });
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
      details: { status: after.status, before: before?.status ?? null, ...(after.reason ? { reason: after.reason } : {}), ...(actor !== username ? { onBehalfOf: username } : {}) },
    });
    this.publish(username, after, actor);
  }

  private publish(username: string, after: AgentPresence, by: string): void {
    this.handoff.events.publish({ type: 'presence', id: username, agent: username, status: after.status, by, at: this.handoff.options.now() });
  }
}
