import { describe, expect, it } from 'vitest';
import type { Role } from '../api/types.ts';
import { holdsRole, homePath } from './roles.ts';

const user = (...roles: Role[]) => ({ id: 'u', username: 'u', roles });

describe('where each role lands and what it may do', () => {
  it('sends agents to the inbox, supervisors to their board, the others to the flows', () => {
    expect(homePath(user('agent'))).toBe('/agent');
    expect(homePath(user('supervisor'))).toBe('/agent/supervision');
    expect(homePath(user('supervisor', 'agent'))).toBe('/agent/supervision');
    for (const role of ['admin', 'editor', 'publisher', 'tester', 'viewer'] as const) expect(homePath(user(role)), role).toBe('/');
    expect(homePath(user('editor', 'agent'))).toBe('/');
    expect(homePath(user())).toBeNull();
  });

  it('follows the roles the server implies', () => {
    expect(holdsRole(user('supervisor'), 'agent')).toBe(true);
    expect(holdsRole(user('supervisor'), 'viewer')).toBe(true);
    expect(holdsRole(user('agent'), 'viewer')).toBe(false);
    expect(holdsRole(user('editor'), 'publisher')).toBe(false);
    expect(holdsRole(user('editor'), 'tester')).toBe(true);
    expect(holdsRole(user('admin'), 'supervisor')).toBe(true);
    expect(holdsRole(null, 'viewer')).toBe(false);
  });
});
