import { describe, expect, it } from 'vitest';
import type { AgentPresence, HandoffContact, User } from '../store/types.ts';
import { presenceState, queueAgents, takesNewContacts } from './agentPresence.ts';
import { DEFAULT_PAUSE_REASONS } from './pauseReasons.ts';

const NOW = Date.parse('2026-12-06T10:00:00.000Z');
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();
const record = (username: string, status: AgentPresence['status'], seenSecondsAgo: number | null): AgentPresence => ({
  username,
  status,
  since: ago(600),
  changedBy: username,
  reason: null,
  lastSeenAt: seenSecondsAgo === null ? null : ago(seenSecondsAgo),
});
const user = (username: string, roles: User['roles'], extra: Partial<User> = {}): User => ({
  id: username,
  username,
  displayName: username,
  passwordHash: '',
  roles,
  createdAt: ago(86_400),
  disabled: false,
  ...extra,
});
const held = (id: string, queue: string, agent: string): HandoffContact => ({ id, queue, status: 'assigned', agent, priority: 999, enqueuedAt: ago(60) }) as unknown as HandoffContact;

describe('an agent’s presence', () => {
  it('is what they chose while a page was seen within the grace period, offline after it', () => {
    expect(presenceState(record('awa', 'paused', 59), NOW)).toBe('paused');
    expect(presenceState(record('awa', 'paused', 61), NOW)).toBe('offline');
    expect(presenceState(record('awa', 'available', null), NOW)).toBe('offline');
    expect(presenceState(null, NOW)).toBe('offline');
  });

  it('refuses new contacts while paused or set offline, not to an API client never seen', () => {
    expect(takesNewContacts(null)).toBe(true);
    expect(takesNewContacts(record('awa', 'available', 5))).toBe(true);
    expect(takesNewContacts(record('awa', 'paused', 5))).toBe(false);
    expect(takesNewContacts(record('awa', 'offline', 5))).toBe(false);
  });
});

describe('who is there on a queue', () => {
  const users = [
    user('awa', ['agent'], { queues: ['support-fr'] }),
    user('kofi', ['agent'], { queues: ['support-en'] }),
    user('yao', ['agent']),
    user('sena', ['supervisor']),
    user('gone', ['agent'], { disabled: true }),
    user('ama', ['agent']),
  ];
  const presence = new Map(
    [
      record('awa', 'available', 10),
      record('kofi', 'available', 10),
      record('yao', 'paused', 10),
      record('sena', 'available', 10),
      record('gone', 'available', 10),
      record('ama', 'available', 600),
    ].map((r) => [r.username, r]),
  );

  it('lists the agents answering it who are there, and whoever holds its contacts, available first', () => {
    const open = [held('c1', 'support-fr', 'awa'), held('c2', 'support-fr', 'awa'), held('c3', 'support-fr', 'ama'), held('c4', 'support-fr', 'gone'), held('c5', 'support-en', 'kofi')];
    expect(queueAgents('support-fr', open, users, presence, NOW, DEFAULT_PAUSE_REASONS)).toEqual([
      { username: 'awa', state: 'available', contacts: 2, since: ago(600) },
      { username: 'yao', state: 'paused', contacts: 0, since: ago(600), pauseLimitMinutes: 120, pauseTooLong: false },
      // Her page closed ten minutes ago: offline, holding a contact nobody answers.
      { username: 'ama', state: 'offline', contacts: 1, since: ago(600) },
    ]);
  });

  it('counts a supervisor watching the board as nobody’s agent, unless they hold a contact', () => {
    expect(queueAgents('support-en', [], users, presence, NOW, DEFAULT_PAUSE_REASONS).map((a) => a.username)).toEqual(['kofi', 'yao']);
    expect(queueAgents('support-en', [held('c6', 'support-en', 'sena')], users, presence, NOW, DEFAULT_PAUSE_REASONS).map((a) => a.username)).toEqual(['kofi', 'sena', 'yao']);
  });
});
