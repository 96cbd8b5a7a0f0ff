import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const COMPOSE = readFileSync(new URL('../../docs/docker/compose.yaml', import.meta.url), 'utf8');
const DOCKERIGNORE = readFileSync(new URL('../../docs/docker/Dockerfile.dockerignore', import.meta.url), 'utf8');

/**
 * Whether BuildKit leaves `path` (relative to the repository's root, the build context) out of the
 * context, as it reads a .dockerignore: patterns anchored at the root, `*` within one name, `**`
 * across any number of directories (none included), a match on a directory leaving out all it holds.
 */
function ignored(path: string): boolean {
  const patterns = DOCKERIGNORE.split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  // One name of a pattern: `*` any characters but `/`, `?` one; `**` any directories.
  const part = (name: string) =>
    name === '**'
      ? '(?:[^/]+/)*'
      : `${name
          .replace(/[.+^$()|[\]\\]/g, '\\$&')
          .replaceAll('*', '[^/]*')
          .replaceAll('?', '[^/]')}/`;
  const matchers = patterns.map((pattern) => new RegExp(`^${pattern.split('/').map(part).join('').replace(/\/$/, '')}$`));
  const parts = path.split('/');
  return parts.some((_, i) => matchers.some((m) => m.test(parts.slice(0, i + 1).join('/'))));
}

/**
 * Compose's interpolation of `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:?message}`
 * and `${NAME?message}` (the Compose specification, "Interpolation"), from `env`: what
 * `docker compose up` does with the variables of docs/docker/.env. A required variable that is
 * unset (or empty, with `:?`) stops compose with its message, as `docker compose` does.
 */
function interpolate(text: string, env: Record<string, string>): string {
  return text.replace(/\$\{([A-Z0-9_]+)(?:(:?)([-?])([^}]*))?\}/g, (_whole, name: string, colon: string, kind: string | undefined, word: string) => {
    const value = env[name];
    const missing = colon ? !value : value === undefined;
    if (kind === '?' && missing) throw new Error(`required variable ${name} is missing a value: ${word}`);
    if (kind === '-' && missing) return word;
    return value ?? '';
  });
}

const SECRETS = ['GRIOT_DATA_KEY', 'JAMBONZ_WEBHOOK_SECRET', 'WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN', 'WHATSAPP_ACCESS_TOKEN'];

describe('docs/docker/compose.yaml and its .env', () => {
  it('refuses to start without the data key in .env, rather than start Griot storing PUK codes in clear', () => {
    const env = Object.fromEntries(SECRETS.filter((name) => name !== 'GRIOT_DATA_KEY').map((name) => [name, 'x']));
    expect(() => interpolate(COMPOSE, env)).toThrow(/GRIOT_DATA_KEY .*docs\/docker\/\.env/);
    expect(() => interpolate(COMPOSE, { ...env, GRIOT_DATA_KEY: '' })).toThrow(/GRIOT_DATA_KEY/);
  });

  it('refuses to start without the secret of a channel it turns on (GRIOT_CHANNELS), which would refuse every webhook', () => {
    const channels = /GRIOT_CHANNELS: ([a-z,]+)/.exec(COMPOSE)?.[1]?.split(',') ?? [];
    expect(channels).toEqual(['voice', 'whatsapp']);
    for (const name of SECRETS.filter((n) => n !== 'GRIOT_DATA_KEY')) {
      const env = Object.fromEntries(SECRETS.filter((n) => n !== name).map((n) => [n, 'x']));
      expect(() => interpolate(COMPOSE, env), name).toThrow(new RegExp(name));
    }
  });

  it('starts with the required secrets alone, the optional ones left unset, and passes every secret through', () => {
    const env = Object.fromEntries(SECRETS.map((name) => [name, `value-of-${name}`]));
    const text = interpolate(COMPOSE, env);
    for (const name of SECRETS) expect(text).toContain(`${name}: value-of-${name}`);
    // No secret is taken from anywhere but the environment (.env): no value written in the file.
    for (const line of COMPOSE.split('\n').filter((l) => /^\s+[A-Z0-9_]*(SECRET|TOKEN|PASSWORD|_KEY)[A-Z0-9_]*:/.test(l))) expect(line).toMatch(/:\s+\$\{/);
  });
});

describe('the restart policy of docs/docker/compose.yaml', () => {
  it('starts Griot again after every crash or failed start, however many over the container’s life, but not once stopped by hand', () => {
    // The anchor both instances use, and any policy written on a service of its own.
    const policies = [...COMPOSE.matchAll(/^\s*restart: (.+?)\s*(?:#.*)?$/gm)].map((m) => m[1]);
    const griot = /x-griot: &griot\n(?:\s+.*\n)*?\s+restart: (.+)/.exec(COMPOSE)?.[1]?.trim();
    // Docker never resets an on-failure:N count after a good run, and gives up after N starts that
    // found MongoDB down (a reboot): only an unbounded policy keeps a phone line up.
    expect(griot).toBe('unless-stopped');
    expect(policies.filter((p) => /^on-failure:\d+/.test(p ?? ''))).toEqual([]);
  });
});

describe('docs/docker/Dockerfile.dockerignore', () => {
  it('keeps out of the image what the build machine holds and must not ship: secrets, stores, backups, its modules, builds and caches', () => {
    for (const path of [
      '.env',
      'docs/docker/.env',
      'data/griot.db',
      'runtime/data/griot.db',
      'backups/griot-2026-12-07.json',
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      'designer/node_modules/vite/package.json',
      'designer/dist/index.html',
      '.turbo/cache/0123456789abcdef.tar.zst',
      'runtime/.turbo/turbo-build.log',
      'runtime/coverage/index.html',
      'bench/results/voice.json',
    ])
      expect(ignored(path), path).toBe(true);
  });

  it('sends what the build needs', () => {
    for (const path of ['package.json', 'package-lock.json', 'runtime/src/backups/backupShelf.ts', 'designer/src/main.tsx', 'flows/examples/1919-selfcare.json', 'runtime/bin/griot.mjs', 'turbo.json'])
      expect(ignored(path), path).toBe(false);
  });
});
