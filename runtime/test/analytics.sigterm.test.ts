import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import { startGriotProcess, type GriotProcess } from './helpers/griotProcess.ts';
import { makeDataDir } from './helpers/testServer.ts';

/**
 * A turn's analytics facts wait up to half a second in memory before they are written (the
 * FactQueue, written in batches after the turn's commit). A real Griot process stopped with
 * SIGTERM right after a call's turns writes them before "griot stopped": the process started
 * again on the same DATA_DIR counts that call.
 */
const SECRET = 'jambonz-sigterm-secret';
const ADMIN_TOKEN = 'sigterm-test-admin-token-0123456789';
const FLOW = 'selfcare-1919';

let dataDir: string;
let griot: GriotProcess | undefined;
const env = () => ({ DATA_DIR: dataDir, GRIOT_DEMO: '1', JAMBONZ_WEBHOOK_SECRET: SECRET, GRIOT_ADMIN_TOKEN: ADMIN_TOKEN });

beforeAll(async () => {
  dataDir = await makeDataDir();
});
afterAll(async () => {
  await griot?.stop().catch(() => undefined);
});

describe('SIGTERM right after a turn', { timeout: 120_000 }, () => {
  it('writes the turn’s queued analytics facts before "griot stopped": the restarted process counts the call', async () => {
    griot = await startGriotProcess(env());
    const call = new SimulatedCall(httpLink(griot.url, { secret: SECRET }), { callSid: 'CA-sigterm-1', from: '+2290197000031', to: '1919' });
    await call.start();
    expect(call.heard.join(' ')).toContain('Pour le français');
    await call.press('1');
    // At once: the facts of those turns are still in the queue's half-second window.
    await griot.stop();
    const stopped = griot.output();
    expect(stopped).toContain('"msg":"griot stopped"');
    expect(stopped).not.toMatch(/analytics\.facts(NotWritten|Dropped)/);

    griot = await startGriotProcess(env());
    const hour = 3_600_000;
    const period = `from=${new Date(Date.now() - hour).toISOString()}&to=${new Date(Date.now() + hour).toISOString()}`;
    const answer = await fetch(`${griot.url}/api/flows/${FLOW}/analytics?${period}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(answer.status).toBe(200);
    const report = (await answer.json()) as { contacts: number; nodes: Array<{ node: string; visits: number; exits: Record<string, number> }> };
    expect(report.contacts).toBe(1);
    expect(report.nodes.find((n) => n.node === 'language')).toMatchObject({ visits: 1, exits: { next: 1 } });
  });
});
