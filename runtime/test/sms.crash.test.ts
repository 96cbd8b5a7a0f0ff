import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSmsc, type MobileSms } from '@griot/connectors/sms/testing';
import { startGriotProcess, type GriotProcess } from './helpers/griotProcess.ts';
import { makeDataDir } from './helpers/testServer.ts';

/**
 * The SMS crash test: a real Griot process bound to a fake SMSC acknowledges subscribers' SMS
 * (`deliver_sm_resp` only once each is recorded), and is killed with SIGKILL while its replies
 * wait for the SMSC's answers (the SMSC is slow). The SMSC never delivers again what it had an
 * answer for, so every acknowledged SMS must be answered by the next process on the same
 * DATA_DIR: once, in order per subscriber; a late re-delivery changes nothing.
 */
const SYSTEM_ID = 'griot-crash';
const PASSWORD = 'crash-pw';
const SUBSCRIBERS = ['2290197000021', '2290197000022', '2290197000023'];

let smsc: FakeSmsc;
let dataDir: string;
let griot: GriotProcess | undefined;

const env = () => ({
  DATA_DIR: dataDir,
  GRIOT_DEMO: '1',
  GRIOT_ADMIN_TOKEN: 'crash-test-admin-token-0123456789',
  SMPP_URL: smsc.url,
  SMPP_SYSTEM_ID: SYSTEM_ID,
  SMPP_PASSWORD: PASSWORD,
  // A process that died holds its messages this long before another one takes them over.
  SMPP_LEASE_SECONDS: '2',
});

beforeAll(async () => {
  smsc = await FakeSmsc.start({ systemId: SYSTEM_ID, password: PASSWORD, moIds: true });
  dataDir = await makeDataDir();
});
afterAll(async () => {
  await griot?.stop().catch(() => undefined);
  await smsc.close();
});

describe('SMS acknowledged, then kill -9', () => {
  it('answers every acknowledged SMS exactly once after a restart, re-deliveries included', async () => {
    // Each subscriber says hello, then picks French: two SMS whose order matters.
    const messages: MobileSms[] = SUBSCRIBERS.flatMap((from) => [
      { from, to: '1919', text: 'Bonjour', smscMessageId: `hello-${from}` },
      { from, to: '1919', text: '1', smscMessageId: `french-${from}` },
    ]);
    griot = await startGriotProcess(env());
    await expect.poll(() => smsc.boundCount, { timeout: 10_000 }).toBe(1);
    smsc.setLatency(60_000);
    // Each resolves once Griot acknowledged it: recorded.
    for (const sms of messages) expect(await smsc.deliver(sms)).toBe(0);
    // Some replies are with the SMSC, none answered: kill now.
    await expect.poll(() => smsc.counts.submitsReceived, { timeout: 10_000 }).toBeGreaterThan(0);
    const atKill = { inFlight: smsc.counts.submitsReceived };
    await griot.kill9();

    // The SMSC takes what was in flight (it had the PDUs; only its answers were lost), and is quick from now on.
    smsc.setLatency(0);
    griot = await startGriotProcess(env());
    const bothAnswered = () => SUBSCRIBERS.every((to) => smsc.handset(to).length >= 2);
    await expect
      .poll(bothAnswered, { timeout: 30_000, interval: 200 })
      .toBe(true)
      .catch((error: Error) => {
        throw new Error(`${error.message}\nthe SMSC has: ${JSON.stringify(smsc.handset().map((m) => [m.to, m.text.slice(0, 30)]))}\nthe restarted process wrote:\n${griot?.output()}`);
      });

    // The SMSC delivers one of them again after the restart (a lost answer): acknowledged, not answered again.
    expect(await smsc.deliver(messages[1]!)).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1500));

    for (const to of SUBSCRIBERS) {
      const shown = smsc.handset(to).map((m) => m.text);
      // Exactly once, in order: the language menu, then (French chosen) the main menu.
      expect(shown).toHaveLength(2);
      expect(shown[0]).toContain('Pour le français, tapez 1.');
      expect(shown[1]).toMatch(/^Bienvenue sur le 1919[\s\S]*\n1\. Code PUK\n/);
    }
    console.info(
      `SMS crash test: ${messages.length} SMS acknowledged; at kill ${atKill.inFlight} parts with the SMSC, none answered; after restart ${smsc.handset().length} messages (${smsc.submitted.length} parts) for ${SUBSCRIBERS.length} subscribers, 0 duplicates`,
    );
    await griot.stop();
    griot = undefined;
  }, 120_000);
});
