import { beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_VARIABLES, ConfigError, isSecretVariable, loadConfig } from '../src/config.ts';
import { KNOWN_GRIOT_VARIABLES } from '../src/unknownGriotVariables.ts';
import { serve } from '../src/main.ts';

describe('configuration from the environment', () => {
  // `serve` loads the whole server's modules the first time it runs (startServing.ts and what it
  // imports): several seconds on a loaded CI machine, which then counted against the first test
  // calling it (« half a jambonz WebSocket credential » timed out at 5 s). Loaded here, once, with
  // the time that takes; the tests check only what `serve` says.
  beforeAll(async () => {
    await import('../src/startServing.ts');
  }, 120_000);

  it('has defaults for everything', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      dataDir: './data',
      demo: true,
      defaultRegion: 'BJ',
      sessionTtlMinutes: 30,
      retentionDays: 365,
      archiveDays: 30,
      backends: { staging: {}, production: {} },
      nodeEnv: 'development',
    });
    expect(config.mongodbUri).toBeUndefined();
    expect(config.adminToken).toBeUndefined();
  });

  it('loads the demo by default, except in production unless GRIOT_DEMO asks for it', () => {
    expect(loadConfig({}).demo).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).demo).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production' }).demo).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', GRIOT_DEMO: '1' }).demo).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development', GRIOT_DEMO: '0' }).demo).toBe(false);
  });

  it('gives flows only the secrets GRIOT_FLOW_SECRETS lists, never Griot’s own settings', () => {
    const config = loadConfig({ GRIOT_FLOW_SECRETS: 'OPERATOR_API_TOKEN, CRM_KEY', OPERATOR_API_TOKEN: 'op-token', GRIOT_ADMIN_TOKEN: 'admin-token-0123456789abcdef', HOME: '/root' });
    expect(config.flowSecrets).toEqual({ OPERATOR_API_TOKEN: 'op-token' });
    expect(loadConfig({ OPERATOR_API_TOKEN: 'op-token' }).flowSecrets).toEqual({});
    expect(() => loadConfig({ GRIOT_FLOW_SECRETS: 'OPERATOR_API_TOKEN,GRIOT_ADMIN_TOKEN' })).toThrow(ConfigError);
    expect(() => loadConfig({ GRIOT_FLOW_SECRETS: 'WHATSAPP_ACCESS_TOKEN' })).toThrow(/never given to flows/);
    // The SMSC bind's password neither.
    expect(() => loadConfig({ GRIOT_FLOW_SECRETS: 'SMPP_PASSWORD@operator' })).toThrow(/never given to flows/);
    // The Messenger Page token writes to every subscriber of the Page: never a flow's to send anywhere.
    expect(() => loadConfig({ GRIOT_FLOW_SECRETS: 'MESSENGER_PAGE_ACCESS_TOKEN@operator' })).toThrow(/MESSENGER_PAGE_ACCESS_TOKEN: Griot's own settings/);
  });

  it('binds each secret to the backends that may receive it, and reads the hosts flows may call', () => {
    const config = loadConfig({
      GRIOT_FLOW_SECRETS: 'OPERATOR_API_TOKEN@operator, CRM_TOKEN@crm|billing, LEGACY_KEY',
      OPERATOR_API_TOKEN: 'op-token',
      LEGACY_KEY: 'legacy',
      GRIOT_HTTP_ALLOWED_HOSTS: 'api.example.com, *.Operator.bj.',
    });
    expect(config.secretBackends).toEqual({ OPERATOR_API_TOKEN: ['operator'], CRM_TOKEN: ['crm', 'billing'], LEGACY_KEY: '*' });
    expect(config.flowSecrets).toEqual({ OPERATOR_API_TOKEN: 'op-token', LEGACY_KEY: 'legacy' });
    expect(config.unboundSecrets).toEqual(['LEGACY_KEY']);
    expect(config.httpAllowedHosts).toEqual(['api.example.com', '*.operator.bj']);
    // Unset: no absolute URL may be called.
    expect(loadConfig({}).httpAllowedHosts).toEqual([]);
    // A look-up reads at most 1 MiB of an answer unless the operator says otherwise.
    expect(loadConfig({}).httpMaxResponseBytes).toBe(1024 * 1024);
    expect(loadConfig({ GRIOT_HTTP_MAX_RESPONSE_BYTES: '65536' }).httpMaxResponseBytes).toBe(65536);
  });

  it.each([
    ['GRIOT_FLOW_SECRETS', 'OPERATOR_API_TOKEN@'],
    ['GRIOT_FLOW_SECRETS', 'OPERATOR_API_TOKEN@https://evil.example'],
    ['GRIOT_FLOW_SECRETS', 'GRIOT_ADMIN_TOKEN@operator'],
    ['GRIOT_FLOW_SECRETS', 'MY-TOKEN@operator'],
    ['GRIOT_HTTP_ALLOWED_HOSTS', 'https://api.example.com'],
    ['GRIOT_HTTP_ALLOWED_HOSTS', '*'],
    ['GRIOT_HTTP_ALLOWED_HOSTS', 'api.example.com:8443'],
    ['GRIOT_HTTP_ALLOWED_HOSTS', 'api.*.com'],
    ['GRIOT_HTTP_MAX_RESPONSE_BYTES', '1mb'],
    ['GRIOT_HTTP_MAX_RESPONSE_BYTES', '0'],
  ])('stops on %s=%s, naming the variable', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(`^${variable}: `));
  });

  it('reads lists of backends and flags', () => {
    const config = loadConfig({
      GRIOT_BACKENDS_STAGING: 'operator=http://test-is:8080/api, crm=https://crm.test',
      GRIOT_BACKENDS_PRODUCTION: 'operator=https://is.operator.bj/api',
      GRIOT_DEMO: '0',
      PORT: '8080',
      GRIOT_PUBLIC_URL: 'https://griot.example.org/',
    });
    expect(config.backends).toEqual({
      staging: { operator: 'http://test-is:8080/api', crm: 'https://crm.test' },
      production: { operator: 'https://is.operator.bj/api' },
    });
    expect(config).toMatchObject({ demo: false, port: 8080, publicUrl: 'https://griot.example.org' });
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['LOG_LEVEL', 'loud'],
    ['GRIOT_DEMO', 'maybe'],
    ['GRIOT_DEFAULT_REGION', 'benin'],
    ['GRIOT_SESSION_TTL_MINUTES', '0'],
    ['GRIOT_BACKENDS_STAGING', 'operator'],
    ['GRIOT_BACKENDS_PRODUCTION', 'operator=ftp://x'],
    ['MONGODB_URI', 'postgres://db'],
    ['GRIOT_ADMIN_TOKEN', 'short'],
    ['GRIOT_PUBLIC_URL', 'not a url'],
    ['NODE_ENV', 'staging'],
    ['GRIOT_DATA_KEY', 'k1:dG9vIHNob3J0'],
  ])('stops on a wrong %s, naming it', (variable, value) => {
    let error: unknown;
    try {
      loadConfig({ [variable]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toMatch(new RegExp(`^${variable}: `));
  });

  it('stops on half a jambonz WebSocket credential, naming the missing one, instead of starting with /jambonz/ws open or a stack trace', async () => {
    expect(() => loadConfig({ JAMBONZ_WS_USERNAME: 'jambonz-app' })).toThrow(expect.objectContaining({ variable: 'JAMBONZ_WS_PASSWORD' }));
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    try {
      expect(await serve({ JAMBONZ_WS_PASSWORD: 'secret-only' })).toBe(78);
    } finally {
      spy.mockRestore();
    }
    expect(written.join('')).toMatch(/griot cannot start: JAMBONZ_WS_USERNAME: JAMBONZ_WS_USERNAME and JAMBONZ_WS_PASSWORD go together/);
  });

  it('stops on an unreachable MongoDB with one line naming its host (no password, no stack trace) and exit 69', async () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    const dataDir = await mkdtemp(join(tmpdir(), 'griot-mongo-down-'));
    try {
      const uri = 'mongodb://griot-app:s3cret-pw@127.0.0.1:9/griot?authSource=admin&serverSelectionTimeoutMS=300';
      expect(await serve({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', GRIOT_DEMO: '0', MONGODB_URI: uri })).toBe(69);
    } finally {
      spy.mockRestore();
      await rm(dataDir, { recursive: true, force: true });
    }
    const said = written.join('');
    expect(said).toMatch(/^griot cannot start: MONGODB_URI: cannot reach the MongoDB store at mongodb:\/\/…@127\.0\.0\.1:9\/… within 0\.3 s \([^\n]+\)\n$/);
    expect(said).not.toMatch(/s3cret|griot-app|authSource|\n {4}at /);
  });

  it("stops on a channel's own wrong setting, naming it, instead of a stack trace", async () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    const dataDir = await mkdtemp(join(tmpdir(), 'griot-channels-'));
    try {
      const base = { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', GRIOT_DEMO: '0' };
      expect(await serve({ ...base, GRIOT_CHANNELS: 'voice,email' })).toBe(78);
      expect(await serve({ ...base, WHATSAPP_GRAPH_VERSION: '21' })).toBe(78);
      expect(await serve({ ...base, authorityEndpoint: 'login.example' })).toBe(78);
    } finally {
      spy.mockRestore();
      await rm(dataDir, { recursive: true, force: true });
    }
    const said = written.join('');
    expect(said).toMatch(/griot cannot start: GRIOT_CHANNELS: unknown channel email/);
    expect(said).toMatch(/griot cannot start: WHATSAPP_GRAPH_VERSION: /);
    expect(said).toMatch(/griot cannot start: authorityEndpoint: /);
  });

  it('reads the voice channel credentials: anonymous jambonz only outside production with nothing set', () => {
    expect(loadConfig({}).voice.credentials).toEqual({ allowAnonymous: true });
    expect(loadConfig({ NODE_ENV: 'production' }).voice.credentials).toEqual({});
    expect(loadConfig({ JAMBONZ_WEBHOOK_SECRET: 'wh_secret_0123456789', JAMBONZ_WS_USERNAME: 'app', JAMBONZ_WS_PASSWORD: 'ws-password-0123456', NODE_ENV: 'production' }).voice).toEqual({
      ok: true,
      credentials: { webhookSecret: 'wh_secret_0123456789', wsAuth: { username: 'app', password: 'ws-password-0123456' } },
      notices: [],
    });
    // A short one stops a production start, naming it (nothing throttles guesses at it).
    expect(() => loadConfig({ JAMBONZ_WEBHOOK_SECRET: 'wh_secret_0123456789', JAMBONZ_WS_USERNAME: 'app', JAMBONZ_WS_PASSWORD: 'pw', NODE_ENV: 'production' })).toThrow(
      expect.objectContaining({ variable: 'JAMBONZ_WS_PASSWORD' }),
    );
  });

  it('reads the settings of several instances and scheduled backups, and names a wrong one', () => {
    expect(loadConfig({}).cluster).toEqual({ eventsPollMs: 250, jobLeaseMs: 30_000, drainMs: 0, agentStreamsMax: 500 });
    expect(loadConfig({ NODE_ENV: 'production' }).cluster.drainMs).toBe(10_000);
    expect(loadConfig({ GRIOT_DRAIN_SECONDS: '3', GRIOT_EVENTS_POLL_MS: '500' }).cluster).toMatchObject({ drainMs: 3000, eventsPollMs: 500 });
    expect(loadConfig({ GRIOT_BACKUP_CRON: '0 3 * * *', GRIOT_BACKUP_DIR: '/backups' }).cluster.backup).toEqual({ cron: '0 3 * * *', dir: '/backups', keep: 14, timezone: 'Africa/Porto-Novo' });
    expect(loadConfig({ GRIOT_BACKUP_CRON: '30 2 * * 0', GRIOT_BACKUP_DIR: '/b', GRIOT_BACKUP_KEEP: '4', GRIOT_TIMEZONE: 'UTC' }).cluster.backup).toMatchObject({ keep: 4, timezone: 'UTC' });
    const refused = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        return error instanceof ConfigError ? error.variable : 'not a ConfigError';
      }
      return 'accepted';
    };
    expect(refused({ GRIOT_BACKUP_CRON: 'every night', GRIOT_BACKUP_DIR: '/b' })).toBe('GRIOT_BACKUP_CRON');
    expect(refused({ GRIOT_BACKUP_CRON: '61 3 * * *', GRIOT_BACKUP_DIR: '/b' })).toBe('GRIOT_BACKUP_CRON');
    expect(refused({ GRIOT_BACKUP_CRON: '0 3 * * *' })).toBe('GRIOT_BACKUP_DIR');
    // A directory alone: backups on demand only, no schedule.
    expect(refused({ GRIOT_BACKUP_DIR: '/b' })).toBe('accepted');
    expect(loadConfig({ GRIOT_BACKUP_DIR: '/b' }).cluster.backup).toEqual({ dir: '/b', keep: 14, timezone: 'Africa/Porto-Novo' });
    // The time zone is named itself, not the cron expression read in it.
    expect(refused({ GRIOT_BACKUP_CRON: '0 3 * * *', GRIOT_BACKUP_DIR: '/b', GRIOT_TIMEZONE: 'Nowhere/Else' })).toBe('GRIOT_TIMEZONE');
    expect(() => loadConfig({ GRIOT_TIMEZONE: 'Paris', GRIOT_BACKUP_CRON: '0 3 * * *', GRIOT_BACKUP_DIR: '/b' })).toThrow(/^GRIOT_TIMEZONE: not a time zone \(got "Paris"\): an IANA name such as/);
    expect(refused({ GRIOT_TIMEZONE: 'Paris' })).toBe('GRIOT_TIMEZONE');
    // Four fields: cron-parser would take it; the docs say a wrong expression stops start-up.
    expect(() => loadConfig({ GRIOT_BACKUP_CRON: '0 3 * *', GRIOT_BACKUP_DIR: '/b' })).toThrow(/^GRIOT_BACKUP_CRON: a cron expression has 5 fields .* this one has 4/);
    expect(refused({ GRIOT_BACKUP_CRON: '0 0 3 * * * *', GRIOT_BACKUP_DIR: '/b' })).toBe('GRIOT_BACKUP_CRON');
    expect(refused({ GRIOT_BACKUP_CRON: '0 0 3 * * *', GRIOT_BACKUP_DIR: '/b' })).toBe('accepted');
    expect(refused({ GRIOT_BACKUP_KEEP: '0' })).toBe('GRIOT_BACKUP_KEEP');
    expect(refused({ GRIOT_EVENTS_POLL_MS: '5' })).toBe('GRIOT_EVENTS_POLL_MS');
  });

  it('says in plain words what a number setting expects', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/^PORT: must be a whole number from 0 to 65535 \(got "abc"\)$/);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/^PORT: must be a whole number from 0 to 65535 \(got "70000"\)$/);
    expect(() => loadConfig({ PORT: '80.5' })).toThrow(/^PORT: must be a whole number from 0 to 65535 /);
    expect(() => loadConfig({ GRIOT_SESSION_TTL_MINUTES: '0' })).toThrow(/^GRIOT_SESSION_TTL_MINUTES: must be a whole number from 1 to 1440 /);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/^LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent /);
  });

  it('never shows the value of a secret variable, whatever is wrong with it', async () => {
    // The rule covers every secret Griot and its channels read (tokens, keys, passwords, secrets)…
    for (const name of [
      'GRIOT_ADMIN_TOKEN',
      'GRIOT_METRICS_TOKEN',
      'GRIOT_ANALYTICS_KEY',
      'GRIOT_DATA_KEY',
      'GRIOT_DATA_KEY_PREVIOUS',
      'OPENAI_API_KEY',
      'JAMBONZ_API_KEY',
      'JAMBONZ_WS_PASSWORD',
      'JAMBONZ_WEBHOOK_SECRET',
      'WHATSAPP_APP_SECRET',
      'WHATSAPP_ACCESS_TOKEN',
      'TELEGRAM_BOT_TOKEN',
      'SMPP_PASSWORD',
    ])
      expect(isSecretVariable(name), name).toBe(true);
    for (const name of ['GRIOT_API_TOKENS', 'SMPP_PASSWORDS', 'BACKUP_PASSPHRASES', 'AWS_CREDENTIAL']) expect(isSecretVariable(name), name).toBe(true);
    for (const name of ['PORT', 'GRIOT_FLOW_SECRETS', 'GRIOT_TIMEZONE', 'MONGODB_URI', 'GRIOT_BACKENDS_STAGING']) expect(isSecretVariable(name), name).toBe(false);
    // …and every one of them the configuration checks: a wrong value stops start-up without being quoted.
    const value = 'Zq9-leak-Zq9';
    const secrets = CONFIG_VARIABLES.filter(isSecretVariable);
    expect(secrets).toEqual(expect.arrayContaining(['GRIOT_ADMIN_TOKEN', 'OPENAI_API_KEY']));
    for (const name of [...secrets, ...KNOWN_GRIOT_VARIABLES.filter(isSecretVariable)]) {
      try {
        loadConfig({ [name]: value });
      } catch (error) {
        expect((error as Error).message, name).not.toContain(value);
      }
    }
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    try {
      expect(await serve({ GRIOT_ADMIN_TOKEN: 'd15-admin-token-123456' })).toBe(78);
    } finally {
      spy.mockRestore();
    }
    expect(written.join('')).toContain('griot cannot start: GRIOT_ADMIN_TOKEN: must be at least 24 characters');
    expect(written.join('')).not.toContain('d15-admin-token-123456');
    // A URL's password neither, in any variable holding URLs.
    for (const [name, url] of [
      ['MONGODB_URI', 'postgres://griot:pw-in-uri-77@db/griot'],
      ['OPENAI_BASE_URL', 'ftp://griot:pw-in-uri-77@llm.example'],
      ['GRIOT_BACKENDS_STAGING', 'operator=ftp://griot:pw-in-uri-77@is.example'],
      // No scheme (what the mongodb:// check refuses), a token alone before the host, credentials in the query string.
      ['MONGODB_URI', 'admin:pw-in-uri-77@db:27017'],
      ['MONGODB_URI', 'mongo://db-1,db-2/griot?authMechanismProperties=AWS_SESSION_TOKEN:pw-in-uri-77'],
      ['MONGODB_URI', 'mongo://db/griot?tlsCertificateKeyFilePassword=pw-in-uri-77'],
      ['OPENAI_BASE_URL', 'ftp://pw-in-uri-77@llm.example'],
      ['GRIOT_BACKENDS_STAGING', 'operator=ftp://is.example/api?apikey=pw-in-uri-77'],
      ['GRIOT_BACKENDS_STAGING', 'operator=https://is.example,crm=ftp://pw-in-uri-77@crm'],
    ] as const)
      expect(() => loadConfig({ [name]: url })).toThrow(expect.objectContaining({ variable: name, message: expect.not.stringContaining('pw-in-uri-77') }));
    // What is quoted still helps: the scheme and the host.
    expect(() => loadConfig({ MONGODB_URI: 'admin:pw-in-uri-77@db:27017' })).toThrow(/got "…@db:27017"/);
    expect(() => loadConfig({ GRIOT_BACKENDS_STAGING: 'operator=ftp://is.example/api?apikey=pw-in-uri-77' })).toThrow(/"operator=ftp:\/\/is\.example\/…"/);
    // `serve` loads the whole server's code the first time: slow on a loaded machine.
  }, 20_000);

  it('treats an empty value as unset', () => {
    expect(loadConfig({ PORT: '', MONGODB_URI: ' ' })).toMatchObject({ port: 3000 });
  });

  it('makes start-up stop with a message naming the variable', async () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    try {
      expect(await serve({ GRIOT_RETENTION_DAYS: 'forever' })).toBe(78);
    } finally {
      spy.mockRestore();
    }
    expect(written.join('')).toMatch(/griot cannot start: GRIOT_RETENTION_DAYS: /);
  });

  it('reads the data key sealing sensitive values, and stops on a malformed one without showing it', async () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const config = loadConfig({ GRIOT_DATA_KEY: `2026-11:${key}`, GRIOT_DATA_KEY_PREVIOUS: `2026-05:${Buffer.alloc(32, 1).toString('base64')}` });
    expect(config.dataKeys?.current.id).toBe('2026-11');
    expect([...(config.dataKeys?.readable.keys() ?? [])]).toEqual(['2026-11', '2026-05']);
    expect(loadConfig({}).dataKeys).toBeUndefined();

    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    try {
      expect(await serve({ GRIOT_DATA_KEY: key.slice(0, 30) })).toBe(78);
    } finally {
      spy.mockRestore();
    }
    expect(written.join('')).toMatch(/griot cannot start: GRIOT_DATA_KEY: must be <key id>:<32 random bytes in base64>/);
    expect(written.join('')).not.toContain(key.slice(0, 30));
  });
});
