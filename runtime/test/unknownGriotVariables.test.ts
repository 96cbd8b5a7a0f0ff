import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../src/logger.ts';
import { KNOWN_GRIOT_VARIABLES, unknownGriotVariables } from '../src/unknownGriotVariables.ts';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Every `GRIOT_*` name the runtime's and the channels' code mentions (prefixes such as GRIOT_LOGIN_ aside). */
function namesInSource(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts') && !path.endsWith('.test.ts') && !path.endsWith('unknownGriotVariables.ts')) {
        for (const m of readFileSync(path, 'utf8').matchAll(/(?<![A-Z0-9_])GRIOT_[A-Z0-9_]*[A-Z0-9]\b/g)) names.add(m[0]);
      }
    }
  };
  walk(join(ROOT, 'runtime/src'));
  walk(join(ROOT, 'connectors/src'));
  return names;
}

describe('unknown GRIOT_* variables', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('knows every GRIOT_* variable the code reads', () => {
    const known = new Set(KNOWN_GRIOT_VARIABLES);
    expect(namesInSource()).toContain('GRIOT_TRUST_PROXY');
    expect([...namesInSource()].filter((name) => !known.has(name))).toEqual([]);
  });

  it('names each unknown one with the setting it most likely meant, and never its value', () => {
    expect(unknownGriotVariables({ GRIOT_DATA_DIR: '/srv/griot', GRIOT_DEMO: '0', GRIOT_PUBLIC_ULR: 'https://x', GRIOT_TOTALLY_NEW: '1', DATA_DIR: '/srv' })).toEqual([
      { name: 'GRIOT_DATA_DIR', suggestion: 'DATA_DIR' },
      { name: 'GRIOT_PUBLIC_ULR', suggestion: 'GRIOT_PUBLIC_URL' },
      { name: 'GRIOT_TOTALLY_NEW' },
    ]);
    // Close to a name without the prefix, to one with it, or with the prefix itself mistyped.
    expect(unknownGriotVariables({ GRIOT_DATADIR: '/srv', GRIOT_MONGODB_URL: 'x', GRIOT_LOGLEVEL: 'debug', GROIT_ADMIN_TOKEN: 'x', GRIOTS_TIMEZONE: 'UTC', GRID_SIZE: '3', HOME: '/root' })).toEqual([
      { name: 'GRIOTS_TIMEZONE', suggestion: 'GRIOT_TIMEZONE' },
      { name: 'GRIOT_DATADIR', suggestion: 'DATA_DIR' },
      { name: 'GRIOT_LOGLEVEL', suggestion: 'LOG_LEVEL' },
      { name: 'GRIOT_MONGODB_URL', suggestion: 'MONGODB_URI' },
      { name: 'GROIT_ADMIN_TOKEN', suggestion: 'GRIOT_ADMIN_TOKEN' },
    ]);
  });

  it('warns at start-up, one line each, without the values', async () => {
    const lines: Array<{ level: string; msg: string }> = [];
    const logger = createLogger({ logLevel: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    server = await startTestServer({ env: { GRIOT_DATA_DIR: '/srv/secret-place', GRIOT_LOGIN_MAX_FAILURE: '3' }, start: { logger } });
    const unknown = lines.filter((l) => /is not a Griot setting/.test(l.msg));
    expect(unknown.map((l) => [l.level, l.msg])).toEqual([
      ['warn', 'GRIOT_DATA_DIR is not a Griot setting and is ignored: did you mean DATA_DIR?'],
      ['warn', 'GRIOT_LOGIN_MAX_FAILURE is not a Griot setting and is ignored: did you mean GRIOT_LOGIN_MAX_FAILURES?'],
    ]);
    expect(JSON.stringify(lines)).not.toContain('/srv/secret-place');
  });
});
