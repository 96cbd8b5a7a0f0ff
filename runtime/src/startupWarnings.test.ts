import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import type { Logger } from './logger.ts';
import type { User } from './store/types.ts';
import { warnAboutSettings, warnAboutStoreFile, warnAboutUnassignedAgents } from './startupWarnings.ts';

const user = (username: string, roles: User['roles'], more: Partial<User> = {}): User => ({
  id: username,
  username,
  displayName: username,
  passwordHash: 'x',
  roles,
  createdAt: '2026-12-05T10:00:00.000Z',
  disabled: false,
  ...more,
});

describe('the start-up warning about agents without assigned queues', () => {
  it('names the active agents who still answer every queue, not supervisors, admins or agents assigned some (even none)', async () => {
    const users = [
      user('awa', ['agent']),
      user('fatou', ['agent'], { queues: ['support-fr'] }),
      user('kofi', ['agent'], { queues: [] }),
      user('sena', ['supervisor']),
      user('mariam', ['admin', 'agent']),
      user('gone', ['agent'], { disabled: true }),
    ];
    const warnings: Array<{ fields: unknown; text: string }> = [];
    const logger = { warn: (fields: unknown, text: string) => warnings.push({ fields, text }) } as never;
    expect(await warnAboutUnassignedAgents({ listUsers: async () => users }, logger)).toBe(1);
    expect(warnings).toEqual([{ fields: { event: 'agents.everyQueue', agents: 1, usernames: ['awa'] }, text: expect.stringContaining('1 agent(s) still answer every queue (awa)') }]);
    expect(await warnAboutUnassignedAgents({ listUsers: async () => users.slice(1) }, logger)).toBe(0);
    expect(warnings).toHaveLength(1);
  });
});

describe('start-up warnings about settings', () => {
  const eventsSaid = (env: Record<string, string>) => {
    const said: string[] = [];
    const logger = { warn: (fields: { event?: string }) => said.push(fields.event ?? '') } as unknown as Logger;
    warnAboutSettings(loadConfig({ GRIOT_PUBLIC_URL: 'https://griot.example.bj', ...env }), logger);
    return said;
  };

  it('says when production keeps live PUK codes in clear for want of GRIOT_DATA_KEY, and only then', () => {
    expect(eventsSaid({ NODE_ENV: 'production' })).toContain('config.noDataKey');
    expect(eventsSaid({ NODE_ENV: 'production', GRIOT_DATA_KEY: `2026-12:${Buffer.alloc(32, 7).toString('base64')}` })).not.toContain('config.noDataKey');
    expect(eventsSaid({ NODE_ENV: 'development' })).not.toContain('config.noDataKey');
  });

  it('says in production that a hop count lets a client that bypasses the proxy choose its address, and not for the proxies named', () => {
    expect(eventsSaid({ NODE_ENV: 'production', GRIOT_TRUST_PROXY: '1' })).toContain('config.trustProxyHops');
    expect(eventsSaid({ NODE_ENV: 'production', GRIOT_TRUST_PROXY: '2' })).toContain('config.trustProxyHops');
    for (const named of ['10.0.0.5', '10.0.0.0/24, fd00::/8', 'loopback', '0']) {
      expect(eventsSaid({ NODE_ENV: 'production', GRIOT_TRUST_PROXY: named }), named).not.toContain('config.trustProxyHops');
    }
    expect(eventsSaid({ NODE_ENV: 'development', GRIOT_TRUST_PROXY: '1' })).not.toContain('config.trustProxyHops');
  });
});

describe('the start-up warning about a store other users may read', () => {
  it('says, in production, that a griot.db an older release made world-readable should be chmod 600, and leaves its mode alone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'griot-store-mode-'));
    try {
      const path = join(dir, 'griot.db');
      await writeFile(path, '');
      const said = (env: Record<string, string>) => {
        const lines: Array<{ event?: string; mode?: string }> = [];
        const logger = { warn: (fields: { event?: string; mode?: string }) => lines.push(fields) } as unknown as Logger;
        warnAboutStoreFile(loadConfig({ DATA_DIR: dir, ...env }), logger);
        return lines;
      };
      await chmod(path, 0o644);
      expect(said({ NODE_ENV: 'production' })).toEqual([expect.objectContaining({ event: 'store.readableByOthers', mode: '644' })]);
      expect(said({ NODE_ENV: 'development' })).toEqual([]);
      expect(said({ NODE_ENV: 'production', MONGODB_URI: 'mongodb://localhost:27017/griot' })).toEqual([]);
      // What this release makes, and a group the operator gave it: nothing to say.
      for (const mode of [0o600, 0o640]) {
        await chmod(path, mode);
        expect(said({ NODE_ENV: 'production' })).toEqual([]);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
