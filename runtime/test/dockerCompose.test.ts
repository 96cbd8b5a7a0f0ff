import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const COMPOSE = readFileSync(new URL('../../docs/docker/compose.yaml', import.meta.url), 'utf8');
const DOCKERIGNORE = readFileSync(new URL('../../docs/docker/Dockerfile.dockerignore', import.meta.url), 'utf8');
const DOCKERFILE = readFileSync(new URL('../../docs/docker/Dockerfile', import.meta.url), 'utf8');
const ROOT_MANIFEST = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { workspaces: string[] };

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
  // `$$` is compose's escape (one `$` for the container's shell): what follows it is not interpolated.
  return text.replace(/\$\$|\$\{([A-Z0-9_]+)(?:(:?)([-?])([^}]*))?\}/g, (whole, name: string | undefined, colon: string, kind: string | undefined, word: string) => {
    if (name === undefined) return whole;
    const value = env[name];
    const missing = colon ? !value : value === undefined;
    if (kind === '?' && missing) throw new Error(`required variable ${name} is missing a value: ${word}`);
    if (kind === '-' && missing) return word;
    return value ?? '';
  });
}

const CHANNEL_SECRETS = ['GRIOT_DATA_KEY', 'JAMBONZ_WEBHOOK_SECRET', 'WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN', 'WHATSAPP_ACCESS_TOKEN'];
/** MongoDB's root user, made by the mongo image at its first start, for the members and mongo-init only. */
const MONGO_ROOT = ['MONGO_ROOT_USERNAME', 'MONGO_ROOT_PASSWORD'];
/** The password of MongoDB's `griot` user (readWrite on Griot's database), made by mongo-init: Griot's MONGODB_URI. */
const MONGO_GRIOT = 'MONGO_GRIOT_PASSWORD';
const SECRETS = [...CHANNEL_SECRETS, ...MONGO_ROOT, MONGO_GRIOT];

describe('docs/docker/compose.yaml and its .env', () => {
  it('refuses to start without the data key in .env, rather than start Griot storing PUK codes in clear', () => {
    const env = Object.fromEntries(SECRETS.filter((name) => name !== 'GRIOT_DATA_KEY').map((name) => [name, 'x']));
    expect(() => interpolate(COMPOSE, env)).toThrow(/GRIOT_DATA_KEY .*docs\/docker\/\.env/);
    expect(() => interpolate(COMPOSE, { ...env, GRIOT_DATA_KEY: '' })).toThrow(/GRIOT_DATA_KEY/);
  });

  it('refuses to start without the secret of a channel it turns on (GRIOT_CHANNELS), which would refuse every webhook', () => {
    const channels = /GRIOT_CHANNELS: ([a-z,]+)/.exec(COMPOSE)?.[1]?.split(',') ?? [];
    expect(channels).toEqual(['voice', 'whatsapp']);
    for (const name of CHANNEL_SECRETS.filter((n) => n !== 'GRIOT_DATA_KEY')) {
      const env = Object.fromEntries(SECRETS.filter((n) => n !== name).map((n) => [n, 'x']));
      expect(() => interpolate(COMPOSE, env), name).toThrow(new RegExp(name));
    }
  });

  it('starts with the required secrets alone, the optional ones left unset, and passes every secret through', () => {
    const env = Object.fromEntries(SECRETS.map((name) => [name, `value-of-${name}`]));
    const text = interpolate(COMPOSE, env);
    for (const name of CHANNEL_SECRETS) expect(text).toContain(`${name}: value-of-${name}`);
    for (const name of MONGO_ROOT) expect(text).toContain(`${name.replace('MONGO_', 'MONGO_INITDB_')}: value-of-${name}`);
    // No secret is taken from anywhere but the environment (.env): no value written in the file.
    for (const line of COMPOSE.split('\n').filter((l) => /^\s+[A-Z0-9_]*(SECRET|TOKEN|PASSWORD|_KEY)[A-Z0-9_]*:/.test(l))) expect(line).toMatch(/:\s+\$\{/);
  });
});

describe('MongoDB in docs/docker/compose.yaml', () => {
  const env = Object.fromEntries(
    SECRETS.map((name) => [name, name === 'MONGO_ROOT_USERNAME' ? 'griotroot' : name === 'MONGO_ROOT_PASSWORD' ? '5e1f0a9c7b' : name === MONGO_GRIOT ? '0d9c8b7a6f' : 'x']),
  );
  /** A service's block of the compose file, as interpolated: from its name to the next service. */
  const service = (text: string, name: string) => new RegExp(`\\n  ${name}:[^\\n]*\\n(?:(?:    |\\s*#).*\\n)*`).exec(text)?.[0] ?? '';
  /** What both Griot instances are given (`x-griot`, the anchor griot-a and griot-b are), as interpolated. */
  const griot = (text: string) => text.slice(text.indexOf('x-griot:'), text.indexOf('\nx-mongo-root:'));

  it('refuses to start without a root user and password, rather than start a database anyone on the network reads', () => {
    for (const name of MONGO_ROOT) {
      expect(() => interpolate(COMPOSE, { ...env, [name]: '' }), name).toThrow(new RegExp(`${name} .*docs/docker/\\.env`));
    }
  });

  it('refuses to start without the password of Griot’s own user, rather than make that user with an empty one', () => {
    expect(() => interpolate(COMPOSE, { ...env, [MONGO_GRIOT]: '' })).toThrow(/MONGO_GRIOT_PASSWORD .*docs\/docker\/\.env/);
  });

  it('has Griot log in as its own user, readWrite on its database alone, never as root; the root login goes to the members and mongo-init only', () => {
    const text = interpolate(COMPOSE, env);
    const instances = griot(text);
    expect(instances).toContain('MONGODB_URI: mongodb://griot:0d9c8b7a6f@mongo-1:27017,mongo-2:27017,mongo-3:27017/griot?replicaSet=rs0&authSource=griot');
    expect(instances).not.toContain('griotroot');
    expect(instances).not.toContain('5e1f0a9c7b');
    expect(instances).not.toContain('mongo-root');
    expect(text.match(/\*mongo-root/g)).toHaveLength(2);
    // The user: made in the griot database with readWrite there and no other role (no admin, no cluster role).
    const init = service(text, 'mongo-init');
    expect(init).toContain(`${MONGO_GRIOT}: 0d9c8b7a6f`);
    const entrypoint = (JSON.parse(/entrypoint: (\[.*\])\n/.exec(init)?.[1] ?? '[]') as string[])[2] ?? '';
    expect(entrypoint).toContain('db.getSiblingDB("griot")');
    expect(entrypoint.match(/role: "[^"]*"/g)).toEqual(['role: "readWrite"']);
    expect(entrypoint).toContain('[{role: "readWrite", db: "griot"}]');
    expect(entrypoint).toMatch(/g\.createUser\(\{user: "griot", pwd, roles\}\)/);
    // Its password is read by mongosh from the environment: never on a command line (`ps`), nor in the file.
    expect(entrypoint).toContain('process.env.MONGO_GRIOT_PASSWORD');
    expect(entrypoint).not.toContain('0d9c8b7a6f');
  });

  it('gives every member the root user and the replica set’s key file', () => {
    const text = interpolate(COMPOSE, env);
    // mongo-2 and mongo-3 are mongo-1 (`<<: *mongo`) with their own volume and the key.
    const member = service(text, 'mongo-1');
    expect(member).toContain('environment: *mongo-root');
    expect(member).toMatch(/"--keyFile", "\/keyfile\/key"/);
    expect(text).toMatch(/MONGO_INITDB_ROOT_USERNAME: griotroot\n\s+MONGO_INITDB_ROOT_PASSWORD: 5e1f0a9c7b\n/);
    for (const name of ['mongo-2', 'mongo-3']) expect(service(text, name), name).toMatch(new RegExp(`<<: \\*mongo, volumes: \\[${name}:/data/db, mongo-keyfile:/keyfile:ro\\]`));
    // The key: made once, readable by mongod's user (999) alone, as mongod requires.
    expect(service(text, 'mongo-keyfile')).toMatch(/test -s \/keyfile\/key \|\| .*base64.*chown 999:999 \/keyfile\/key; chmod 400 \/keyfile\/key/);
    // The replica set is made by a client that logs in as root from its script (`$$`: compose leaves one `$` for bash).
    const init = service(text, 'mongo-init');
    expect(init).toContain('<<: *mongo-root');
    expect(init).toContain('db.getSiblingDB(\\"admin\\").auth(process.env.MONGO_INITDB_ROOT_USERNAME, process.env.MONGO_INITDB_ROOT_PASSWORD)');
    expect(init.match(/mongosh --quiet --host \S+ --eval \\"\$\$\{login\}/g)).toHaveLength(2);
    // Griot's user through the replica set (its primary, wherever elected), logged in as root.
    expect(init.match(/mongosh --quiet \\"mongodb:\/\/mongo-1:27017,mongo-2:27017,mongo-3:27017\/\?replicaSet=rs0\\" --eval \\"\$\$\{login\}/g)).toHaveLength(1);
    // No password on mongosh's command line (`ps` in the container, or on the host, shows it): neither root's nor Griot's.
    expect(/entrypoint: (\[.*\])\n/.exec(init)?.[1]).not.toContain('--password');
  });

  it('makes the replica set only once every member answers, not as soon as mongo-1 does (the others may still be creating their user), then Griot’s user once a primary takes it', () => {
    const init = service(interpolate(COMPOSE, env), 'mongo-init');
    const entrypoint = JSON.parse(/entrypoint: (\[.*\])\n/.exec(init)?.[1] ?? '[]') as string[];
    expect(entrypoint.slice(0, 2)).toEqual(['bash', '-c']);
    // A stand-in mongosh: mongo-2 and mongo-3 answer from their third ping on (their first start, when
    // the image makes the root user, listens on 127.0.0.1 alone); rs.initiate fails, as mongod's
    // quorum check does, while a member has not answered. Griot's user: refused before the replica set
    // is made, on one member alone, or with its password on the command line; the first two tries
    // find no primary elected yet (refused, as a write to a set without one is). Any call: refused with the
    // root password on its command line, or with a script that does not log in as root first.
    const dir = mkdtempSync(join(tmpdir(), 'griot-mongo-init-'));
    try {
      writeFileSync(
        join(dir, 'mongosh'),
        `#!/bin/bash
host=; script=; args="$*"
while [ $# -gt 0 ]; do case "$1" in --host) host=$2; shift;; --eval) script=$2; shift;; mongodb://*) host=$1;; esac; shift; done
cd "${dir}"
[[ "$args" == *"$MONGO_INITDB_ROOT_PASSWORD"* ]] && { echo "root password on the command line" >> log; exit 1; }
[[ "$script" == 'db.getSiblingDB("admin").auth(process.env.MONGO_INITDB_ROOT_USERNAME, process.env.MONGO_INITDB_ROOT_PASSWORD); '* ]] || { echo "not logged in" >> log; exit 1; }
if [[ "$script" == *ping* ]]; then
  echo x >> "tries-$host"
  if [ "$host" != mongo-1 ] && [ "$(wc -l < "tries-$host")" -lt 3 ]; then exit 1; fi
  touch "up-$host"; echo "ping $host" >> log; exit 0
fi
if [[ "$script" == *rs.initiate* ]]; then
  for m in mongo-1 mongo-2 mongo-3; do [ -e "up-$m" ] || { echo "initiate before $m answered" >> log; exit 1; }; done
  echo initiate >> log; touch initiated
fi
if [[ "$script" == *createUser* ]]; then
  [ -e initiated ] || { echo "user before the replica set" >> log; exit 1; }
  [[ "$host" == *replicaSet=rs0* ]] || { echo "user on $host alone" >> log; exit 1; }
  [[ "$args" == *"$MONGO_GRIOT_PASSWORD"* ]] && { echo "password on the command line" >> log; exit 1; }
  echo x >> user-tries
  if [ "$(wc -l < user-tries)" -lt 3 ]; then exit 1; fi
  echo "user griot $MONGO_GRIOT_PASSWORD" >> log
fi
`,
        { mode: 0o755 },
      );
      writeFileSync(join(dir, 'sleep'), '#!/bin/sh\n', { mode: 0o755 });
      // Compose hands bash one `$` for each `$$`.
      const run = spawnSync('bash', ['-c', entrypoint[2]!.replaceAll('$$', '$')], {
        env: { PATH: `${dir}:${process.env.PATH}`, MONGO_INITDB_ROOT_USERNAME: 'griotroot', MONGO_INITDB_ROOT_PASSWORD: '5e1f0a9c7b', MONGO_GRIOT_PASSWORD: '0d9c8b7a6f' },
        timeout: 10_000,
        encoding: 'utf8',
      });
      const log = readFileSync(join(dir, 'log'), 'utf8').trim().split('\n');
      expect(log.slice(-2), log.join(' | ')).toEqual(['initiate', 'user griot 0d9c8b7a6f']);
      expect(log).toEqual(expect.arrayContaining(['ping mongo-1', 'ping mongo-2', 'ping mongo-3']));
      expect(readFileSync(join(dir, 'user-tries'), 'utf8').trim().split('\n')).toHaveLength(3);
      expect(run.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives up on a permanent failure, with a non-zero exit and a message naming the likely cause, instead of trying for ever (Griot, waiting on it, not started)', () => {
    const init = service(interpolate(COMPOSE, env), 'mongo-init');
    const entrypoint = JSON.parse(/entrypoint: (\[.*\])\n/.exec(init)?.[1] ?? '[]') as string[];
    // A stand-in mongosh that always fails as mongosh does: the root password changed in .env only
    // (the members keep the root user of their first start), or a member that never answers.
    const runWith = (failure: string) => {
      const dir = mkdtempSync(join(tmpdir(), 'griot-mongo-init-'));
      try {
        writeFileSync(join(dir, 'mongosh'), `#!/bin/bash\necho x >> "${dir}/tries"\necho "${failure}" >&2\nexit 1\n`, { mode: 0o755 });
        writeFileSync(join(dir, 'sleep'), '#!/bin/sh\n', { mode: 0o755 });
        const run = spawnSync('bash', ['-c', entrypoint[2]!.replaceAll('$$', '$')], {
          env: { PATH: `${dir}:${process.env.PATH}`, MONGO_INITDB_ROOT_USERNAME: 'griotroot', MONGO_INITDB_ROOT_PASSWORD: '5e1f0a9c7b', MONGO_GRIOT_PASSWORD: '0d9c8b7a6f', MONGO_INIT_TRIES: '5' },
          timeout: 20_000,
          encoding: 'utf8',
        });
        return { ...run, tries: readFileSync(join(dir, 'tries'), 'utf8').trim().split('\n').length };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
    const refused = runWith('MongoServerError: Authentication failed.');
    // Not killed by the timeout: it stopped by itself, failed, after its tries (120 in the container, 1 s apart: 5 here).
    expect(init).toContain('$${MONGO_INIT_TRIES:-120}');
    expect(refused.signal).toBeNull();
    expect(refused.status).toBe(1);
    expect(refused.tries).toBe(5);
    expect(refused.stderr).toContain('mongo-init: gave up after 5 tries, 1 s apart, to log in to mongo-1');
    expect(refused.stderr).toContain('MONGO_ROOT_PASSWORD in .env is not the one the members were first started with');
    expect(refused.stderr).toContain('Last answer: MongoServerError: Authentication failed.');
    // No password in what it says.
    expect(refused.stderr + refused.stdout).not.toMatch(/5e1f0a9c7b|0d9c8b7a6f/);
    const unreachable = runWith('MongoNetworkError: getaddrinfo ENOTFOUND mongo-1');
    expect(unreachable.status).toBe(1);
    expect(unreachable.stderr).toContain('mongo-1 does not answer (down, or not on this network');
    expect(unreachable.stderr).not.toContain('MONGO_ROOT_PASSWORD');
  });
});

describe('the build stage of docs/docker/Dockerfile', () => {
  it('installs the dependencies (better-sqlite3 compiled) from the manifests alone, before any source is copied', () => {
    const build = DOCKERFILE.slice(DOCKERFILE.indexOf('FROM toolchain AS build'), DOCKERFILE.indexOf('\nFROM ', DOCKERFILE.indexOf('FROM toolchain AS build') + 1));
    const steps = build.split('\n').filter((line) => /^(COPY|RUN) /.test(line));
    const install = steps.findIndex((line) => /^RUN .*\bnpm ci\b/.test(line));
    expect(install).toBeGreaterThan(0);
    const before = steps.slice(0, install);
    // Only manifests (and the bin the runtime's manifest names) before the install: a source change keeps its layer.
    for (const line of before) expect(line, line).toMatch(/^COPY (package\.json package-lock\.json \.\/|[a-z]+\/package\.json [a-z]+\/|runtime\/bin runtime\/bin)$/);
    for (const workspace of ROOT_MANIFEST.workspaces) expect(before, workspace).toContain(`COPY ${workspace}/package.json ${workspace}/`);
    // The sources, then the build, after it.
    expect(steps.slice(install + 1)).toEqual(['COPY . .', 'RUN npm run build']);
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
