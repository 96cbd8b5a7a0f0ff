import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const COMPOSE = readFileSync(new URL('../../docs/docker/compose.yaml', import.meta.url), 'utf8');

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
