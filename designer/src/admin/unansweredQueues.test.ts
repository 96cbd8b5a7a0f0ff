import { describe, expect, it } from 'vitest';
import type { AdminUser } from './adminApi.ts';
import { unansweredQueues } from './unansweredQueues.ts';

const user = (username: string, roles: AdminUser['roles'], queues: string[] | null, disabled = false): AdminUser =>
  ({ id: username, username, displayName: username, roles, queues, disabled, createdAt: '2026-12-05T00:00:00Z', mustChangePassword: false }) as AdminUser;

describe('queues no agent answers', () => {
  it('names the queues no active agent is assigned, once every agent is limited', () => {
    const users = [user('fatou', ['agent'], ['support-fr']), user('awa', ['agent'], ['support-en'], true), user('sena', ['supervisor'], null)];
    expect(unansweredQueues(users, ['support-fr', 'support-en', 'billing', 'support-en'])).toEqual(['billing', 'support-en']);
  });

  it('names none while an active agent still answers every queue, or when no agent is limited', () => {
    expect(unansweredQueues([user('fatou', ['agent'], ['support-fr']), user('kofi', ['agent'], null)], ['support-en'])).toEqual([]);
    expect(unansweredQueues([user('sena', ['supervisor'], null), user('mariam', ['admin'], null)], ['support-en'])).toEqual([]);
  });

  it('counts an agent assigned no queue as answering none', () => {
    expect(unansweredQueues([user('fatou', ['agent'], [])], ['support-fr'])).toEqual(['support-fr']);
  });
});
