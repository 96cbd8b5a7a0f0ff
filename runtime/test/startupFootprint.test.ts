import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { withThousands } from '../src/withThousands.ts';
import { testFlow } from './fixtures/testFlow.ts';
import { startGriotProcess, type GriotProcess } from './helpers/griotProcess.ts';
import { apiClient } from './helpers/http.ts';
import { makeDataDir } from './helpers/testServer.ts';

/**
 * A started server keeps little resident memory: the peer bench's idle RSS (≤ 120 MiB) is read
 * right after a server started, had a flow published and a voice number bound. The first use of
 * ICU's locale data (a `toLocaleString`, any `Intl` formatter) costs a process 6–9 MiB for good;
 * a canned reply's schema once built its message with `toLocaleString('en')` when the module
 * loaded, and every server paid it at start. The preload reports each first use on stderr.
 */
const PRELOAD = fileURLToPath(new URL('./fixtures/localeData.preload.mjs', import.meta.url));
const ADMIN_TOKEN = 'startup-footprint-admin-token-0123456789';

let griot: GriotProcess | undefined;
afterAll(async () => {
  await griot?.stop().catch(() => undefined);
});

describe('what a started server holds', { timeout: 90_000 }, () => {
  it('loads no locale data while it starts, publishes a flow and binds a voice number', async () => {
    griot = await startGriotProcess({ DATA_DIR: await makeDataDir(), GRIOT_DEMO: '0', GRIOT_ADMIN_TOKEN: ADMIN_TOKEN, JAMBONZ_WEBHOOK_SECRET: 'startup-footprint-secret' }, 60_000, [
      '--import',
      PRELOAD,
    ]);
    const admin = apiClient(griot.url, { token: ADMIN_TOKEN });
    const flow = testFlow({ id: 'footprint' });
    expect((await admin.post('/api/flows', { document: flow })).status).toBe(201);
    const version = await admin.post('/api/flows/footprint/publish', { message: 'footprint' });
    expect(version.status).toBe(201);
    expect((await admin.post('/api/flows/footprint/environments/production', { version: version.body.number })).status).toBe(200);
    expect((await admin.post('/api/bindings', { channel: 'voice', address: '7000', flowId: 'footprint', environment: 'production' })).status).toBe(201);
    expect(
      griot
        .output()
        .split('\n')
        .filter((line) => line.startsWith('locale data:')),
    ).toEqual([]);
  });

  it('writes counts in messages the way toLocaleString("en") does', () => {
    for (const n of [0, 7, 999, 1000, 16_000, 65_536, 524_288, 1_000_000, 1_234_567_890]) expect(withThousands(n)).toBe(n.toLocaleString('en'));
  });
});
