import type { Flow } from '@griot/flows';
import { MemoryLedger } from '../../messaging/MemoryLedger.ts';
import { InterpreterPort } from '../../messaging/testing/InterpreterPort.ts';
import { createSms } from '../createSms.ts';
import { readSmsConfig } from '../smsConfig.ts';
import { FakeSmsc } from './fakeSmsc.ts';

/**
 * The SMS channel on the short code 1919, bound over SMPP to a fake SMSC, running `flow` in
 * process: started, bound, and a `close` that ends both. Backoffs are short so a test of retries
 * runs in milliseconds.
 */
export async function smsOverFakeSmsc(flow: Flow, backoffMs: { baseMs: number; maxMs: number }) {
  const credentials = { systemId: 'griot', password: 'secret12' };
  const smsc = await FakeSmsc.start({ ...credentials, receiptAfterMs: null, moIds: true });
  const port = new InterpreterPort({ [flow.id]: flow }).bind({ id: 'sms', channel: 'sms', address: '1919', flowId: flow.id });
  const config = readSmsConfig({ SMPP_URL: smsc.url, SMPP_SYSTEM_ID: credentials.systemId, SMPP_PASSWORD: credentials.password, SMPP_RESPONSE_TIMEOUT_SECONDS: '2' });
  const fast = { ...backoffMs, jitter: 0 };
  const sms = createSms({
    port,
    bindings: port,
    ledger: new MemoryLedger(),
    config: { ...config, smsc: config.smsc! },
    defaultInactivityMinutes: 30,
    inbox: { backoff: fast },
    reconnect: fast,
    throttle: fast,
    partsWaitMs: 1_000,
  });
  sms.start();
  const close = async () => {
    await sms.close(500);
    await smsc.close();
  };
  if (!(await sms.link.waitBound(5_000))) {
    await close();
    throw new Error('the SMS channel did not bind to the fake SMSC');
  }
  return { sms, smsc, port, close };
}
