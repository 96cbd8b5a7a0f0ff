/// <reference path="../smpp.d.ts" />
import { randomUUID } from 'node:crypto';
import smpp from 'smpp';
import { adminGet, bindAddress, type ChannelDriver, type GriotUnderTest, type Screen, type Subscriber } from '../../conformance/ChannelDriver.ts';
import { FakeSmsc, type HandsetMessage } from './fakeSmsc.ts';

const SYSTEM_ID = 'griot-conf';
const PASSWORD = 'conf1234';
/** Not the demo's 1919 (the demo binds it when SMPP is configured). */
const SHORT_CODE = '1999';

/** Waits until Griot has processed (or given up on) an inbound SMS: the inbox, through the admin API. */
async function settled(griot: GriotUnderTest, inboxId: string): Promise<void> {
  for (let waited = 0; waited < 15_000; waited += 25) {
    for (const state of ['processed', 'failed']) {
      const listed = await adminGet(griot, `/api/messaging/inbound?state=${state}&limit=1000`);
      const found = (listed.body as { id: string }[]).find((m) => m.id === inboxId);
      if (found && state === 'failed') throw new Error(`Griot gave up on ${inboxId}`);
      if (found) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${inboxId} was not processed`);
}

/** What the handset shows: each (joined) SMS, and a numbered menu at the end of the last one. */
function screenOf(messages: readonly HandsetMessage[]): Screen {
  const texts = messages.map((m) => m.text);
  const last = texts.at(-1) ?? '';
  const lines = last
    .split('\n')
    .map((l) => /^(\S{1,2})\. (.+)$/.exec(l))
    .filter((m) => m !== null);
  return { texts, ...(lines.length > 0 ? { menu: { presentation: 'numbered' as const, labels: lines.map((m) => m[2] as string) } } : {}) };
}

/**
 * A subscriber writing to a short code by SMS, through a fake SMSC that speaks SMPP 3.4 to
 * Griot's bind (built on the same `smpp` package). Each SMS carries an SMSC message id (some
 * SMSCs give one), so a re-delivery is recognised. The "forged request": nothing reaches Griot
 * but the SMSC over Griot's own bind, so an attacker has two doors, both shut: a POST to Griot
 * pretending to be an SMS gateway (there is no such route: 404), and a bind to the SMSC without
 * Griot's credentials (refused by the SMSC: nothing is delivered over it).
 */
export function smsDriver(): ChannelDriver {
  let smsc: FakeSmsc | undefined;
  const center = () => {
    if (!smsc) throw new Error('start the driver first');
    return smsc;
  };
  return {
    channel: 'sms',
    name: 'SMS (SMPP)',
    async start() {
      smsc = await FakeSmsc.start({ systemId: SYSTEM_ID, password: PASSWORD, receiptAfterMs: 20 });
      return { SMPP_URL: smsc.url, SMPP_SYSTEM_ID: SYSTEM_ID, SMPP_PASSWORD: PASSWORD, SMPP_RESPONSE_TIMEOUT_SECONDS: '5' };
    },
    bind: async (griot, flowId) => {
      await bindAddress(griot, 'sms', SHORT_CODE, flowId);
    },
    subscriber(griot, number): Subscriber {
      const from = number.replace(/^\+/, '');
      let seen = 0;
      let opening: { text: string; id: string } | undefined;
      const replies = (): Screen => {
        const mine = center().handset(from);
        const screen = screenOf(mine.slice(seen));
        seen = mine.length;
        return screen;
      };
      const send = async (text: string, id = randomUUID()): Promise<Screen> => {
        opening ??= { text, id };
        const status = await center().deliver({ from, to: SHORT_CODE, text, smscMessageId: id });
        if (status !== 0) throw new Error(`the deliver_sm was answered ${status}`);
        await settled(griot, `sms:${SHORT_CODE}:${from}:${id}`);
        // Every part accepted by the SMSC before the turn counts as processed: the handset has them.
        return replies();
      };
      return {
        sessionKey: `sms:${SHORT_CODE}:${from}`,
        open: () => send('Bonjour'),
        choose: (option) => send(option.key),
        enterDigits: (digits) => send(digits),
        async redeliverOpening() {
          // The SMSC delivers the same SMS again (its answer was lost): same SMSC id.
          if (!opening) throw new Error('nothing opened yet');
          const status = await center().deliver({ from, to: SHORT_CODE, text: opening.text, smscMessageId: opening.id });
          if (status !== 0) throw new Error(`the deliver_sm was answered ${status}`);
          await new Promise((resolve) => setTimeout(resolve, 300));
          return replies();
        },
        close: async () => {},
      };
    },
    async forge(griot, number) {
      const sessionKey = `sms:${SHORT_CODE}:${number.replace(/^\+/, '')}`;
      // Door 1: an HTTP "SMS gateway" callback. Griot takes SMS from its SMSC bind only.
      const posted = await fetch(`${griot.url}/sms`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from: number, to: SHORT_CODE, text: 'Bonjour' }),
      });
      // Door 2: a bind to the SMSC with other credentials, to inject SMS as if Griot's: refused.
      const refused = await bindRefused(center().port, SYSTEM_ID, 'not-it');
      if (!refused) throw new Error('the fake SMSC accepted a bind with a wrong password');
      return { status: posted.status, sessionKey };
    },
    stop: async () => {
      await smsc?.close();
    },
  };
}

/** Whether the SMSC at `port` refuses a transceiver bind with these credentials. */
function bindRefused(port: number, systemId: string, password: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const session = smpp.connect({ host: '127.0.0.1', port }, () => {
      session.send(new smpp.PDU('bind_transceiver', { system_id: systemId, password, interface_version: 0x34 }), (response) => {
        session.destroy();
        resolve(response.command_status !== 0);
      });
    });
    session.on('error', reject);
  });
}
