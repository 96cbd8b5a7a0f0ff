import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGriotProcess, type GriotProcess } from './helpers/griotProcess.ts';

/** Test-only: leaves a stray rejection or exception in the server on SIGUSR2 (never loaded by Griot itself). */
const PRELOAD = fileURLToPath(new URL('./fixtures/processFaults.preload.mjs', import.meta.url));
const ADMIN_TOKEN = 'process-guards-admin-token-0123456789';

/** The JSON log lines the process wrote whose `event` is `event`. */
function logLines(griot: GriotProcess, event: string): Array<Record<string, any>> {
  return griot
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{') && line.includes(`"event":"${event}"`))
    .map((line) => JSON.parse(line) as Record<string, any>);
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const readyz = (griot: GriotProcess) => fetch(`${griot.url}/readyz`).then((r) => r.status);

async function faultsCounted(griot: GriotProcess): Promise<string[]> {
  const text = await (await fetch(`${griot.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text();
  return text.split('\n').filter((line) => line.startsWith('griot_process_faults_total{'));
}

/**
 * A stray rejected promise anywhere in the server made Node exit: every live call, USSD session
 * and chat on the instance dropped. The real server (`griot serve`) in a child process, a test
 * preload leaving the bug on a signal.
 */
describe('the server process survives a stray rejection, and stops gracefully on an uncaught exception', { timeout: 90_000 }, () => {
  let dataDir: string;
  let griot: GriotProcess | undefined;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'griot-process-guards-'));
  });
  afterEach(async () => {
    if (griot) await Promise.race([griot.stop(), griot.exited]);
    griot = undefined;
    await rm(dataDir, { recursive: true, force: true });
  });

  const start = (fault: 'rejection' | 'exception') =>
    startGriotProcess({ DATA_DIR: dataDir, GRIOT_ADMIN_TOKEN: ADMIN_TOKEN, GRIOT_DRAIN_SECONDS: '1', GRIOT_TEST_FAULT: fault }, 60_000, ['--import', PRELOAD]);

  it('logs and counts an unhandled rejection, and goes on serving', async () => {
    griot = await start('rejection');
    expect(await readyz(griot)).toBe(200);
    griot.signal('SIGUSR2');
    await until(() => logLines(griot!, 'process.unhandledRejection').length === 1, 'the rejection to be logged');

    const [line] = logLines(griot, 'process.unhandledRejection');
    expect(line).toMatchObject({ level: 'error', fault: { type: 'Error', message: 'stray rejection left by the test preload' } });
    expect(line!.fault.stack).toContain('processFaults.preload.mjs');
    // Still up, still ready, still answering the API.
    expect(await readyz(griot)).toBe(200);
    expect((await fetch(`${griot.url}/api/flows`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status).toBe(200);
    expect(await faultsCounted(griot)).toEqual(['griot_process_faults_total{fault="unhandledRejection"} 1']);

    // A second one too: the guard stays.
    griot.signal('SIGUSR2');
    await until(() => logLines(griot!, 'process.unhandledRejection').length === 2, 'the second rejection to be logged');
    expect(await faultsCounted(griot)).toEqual(['griot_process_faults_total{fault="unhandledRejection"} 2']);
    expect(await readyz(griot)).toBe(200);
  });

  it('after an uncaught exception, logs it, turns unready, drains and exits non-zero', async () => {
    griot = await start('exception');
    expect(await readyz(griot)).toBe(200);
    griot.signal('SIGUSR2');
    await until(() => logLines(griot!, 'process.uncaughtException').length === 1, 'the exception to be logged');
    // Draining: unready for the balancer, still answering.
    expect(await readyz(griot)).toBe(503);
    const code = await griot.exited;
    expect(code).toBe(70);

    const [line] = logLines(griot, 'process.uncaughtException');
    expect(line).toMatchObject({ level: 'error', origin: 'uncaughtException', fault: { type: 'Error', message: 'exception thrown by the test preload' } });
    const output = griot.output();
    // The graceful path, in order: draining, then stopped.
    expect(output.indexOf('"signal":"uncaughtException"')).toBeGreaterThan(output.indexOf('"event":"process.uncaughtException"'));
    expect(output.indexOf('draining')).toBeGreaterThan(0);
    expect(output.indexOf('griot stopped')).toBeGreaterThan(output.indexOf('draining'));
  });
});
