import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelCapabilities, planMenu } from '@griot/flows';
import {
  channelDrivers,
  conformanceFlow,
  CONFORMANCE_FLOW_ID,
  CONFORMANCE_MENU,
  CONFORMANCE_QUEUE,
  CONFORMANCE_TERMS,
  CONFORMANCE_TOPIC,
  type ChannelDriver,
  type GriotUnderTest,
} from '@griot/connectors/conformance';
import { ADMIN_TOKEN, startTestServer, type TestServer } from './helpers/testServer.ts';

/**
 * One suite, every channel (in the manner of hono's adapter tests): the real server on loopback
 * with the conformance flow, the demo operator backend and each channel's driver, which speaks
 * to Griot as the channel's platform does (signed jambonz webhooks and its WebSocket API, Meta's
 * webhooks with a fake Graph API, Bot Framework activities with tokens from a fake Entra
 * authority, the web chat page's requests). A new channel adds its driver to `channelDrivers`.
 */
const drivers: ChannelDriver[] = Object.values(channelDrivers)
  .flat()
  .map((make) => make());
/** Afiavi's line, as the demo backend knows it, typed the national way. */
const LINE = '0197000001';
const PUK = '12345678';

let server: TestServer;
let griot: GriotUnderTest;
let dir: string;
let subscribers = 0;
/** A new subscriber per scenario, unknown to the operator's backend: what they get does not depend on who they are. */
const newNumber = () => `+22901971${String(++subscribers).padStart(5, '0')}`;
const now = () => new Date().toISOString();
const words = (text: string) => text.replace(/\s+/g, ' ').trim();

beforeAll(async () => {
  const env: Record<string, string> = Object.assign({}, ...(await Promise.all(drivers.map((d) => d.start()))));
  dir = mkdtempSync(join(tmpdir(), 'griot-conformance-'));
  const flowPath = join(dir, 'conformance.json');
  writeFileSync(flowPath, JSON.stringify(conformanceFlow()));
  // The demo seeds the flow (published, in production) and serves the operator backend it looks up.
  server = await startTestServer({ env: { GRIOT_DEMO: '1', ...env }, start: { demoFlowPath: flowPath } });
  griot = { url: server.url, adminToken: ADMIN_TOKEN };
  for (const driver of drivers) await driver.bind(griot, CONFORMANCE_FLOW_ID);
}, 60_000);

afterAll(async () => {
  await server?.stop();
  for (const driver of drivers) await driver.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe.each(drivers)('$name', (driver) => {
  const capabilities = channelCapabilities[driver.channel];
  const menu = CONFORMANCE_MENU.map((o) => ({ ...o }));
  const labels = menu.map((o) => o.label);
  const [puk, agent, terms] = menu as [(typeof menu)[number], (typeof menu)[number], (typeof menu)[number]];

  it('is mounted, with its row of the capabilities table', () => {
    expect(server.channels.find((c) => c.id === driver.channel)?.capabilities).toBe(capabilities);
  });

  it("a menu: the subscriber sees the options in the channel's form, and picking one moves on", async () => {
    const subscriber = driver.subscriber(griot, newNumber());
    const opened = await subscriber.open();
    const shown = opened.texts.join('\n');
    // The prompt is written in SSML for voice: every channel shows (or says) the words only.
    expect(shown).toContain('Bienvenue sur le 1919 & merci. Pour votre code PUK, tapez 1.');
    expect(shown).not.toMatch(/<\/?[a-z]|&amp;/i);
    const presentation = planMenu(menu, capabilities);
    expect(opened.menu?.presentation).toBe(presentation);
    if (presentation === 'spoken') for (const label of labels) expect(shown.toLowerCase()).toContain(label.toLowerCase());
    else expect(opened.menu?.labels).toEqual(labels);
    const next = await subscriber.choose(puk);
    expect(next.texts.join('\n')).toContain('Tapez votre numéro de ligne, suivi de dièse.');
    await subscriber.close();
  });

  it("a look-up: the PUK code of the line the subscriber gives, from the operator's backend", async () => {
    const subscriber = driver.subscriber(griot, newNumber());
    await subscriber.open();
    await subscriber.choose(puk);
    const found = await subscriber.enterDigits(LINE);
    expect(found.texts.join('\n')).toContain(`Votre code PUK est ${PUK}.`);
    // Back at the menu: an unknown line is said so.
    await subscriber.choose(puk);
    expect((await subscriber.enterDigits('0197999999')).texts.join('\n')).toContain('Ce numéro de ligne est inconnu.');
    await subscriber.close();
  });

  it('a handoff: the contact lands in the agent queue, with its context', async () => {
    const number = newNumber();
    const subscriber = driver.subscriber(griot, number);
    await subscriber.open();
    const handedOver = await subscriber.choose(agent);
    expect(handedOver.texts.join('\n')).toContain('Je vous passe un conseiller.');
    const contacts = await server.store.listHandoffContacts({ sessionKey: subscriber.sessionKey });
    expect(contacts).toEqual([
      expect.objectContaining({
        queue: CONFORMANCE_QUEUE,
        channel: driver.channel,
        status: 'waiting',
        reason: 'Conformité des canaux',
        // What the agent sees: the flow's context variables and the path the subscriber took.
        context: expect.objectContaining({ channel: driver.channel, variables: { topic: CONFORMANCE_TOPIC }, path: ['start', 'main', 'setTopic', 'handoff'] }),
      }),
    ]);
    await subscriber.close();
  });

  it('a message delivered twice is answered once', async () => {
    const subscriber = driver.subscriber(griot, newNumber());
    const first = await subscriber.open();
    const before = await server.store.getSession(subscriber.sessionKey, now());
    expect(before).not.toBeNull();
    const again = await subscriber.redeliverOpening();
    // Nothing new; or, where the platform never got the first answer (a webhook retried), that same answer.
    if (again.texts.length > 0) expect(again).toEqual(first);
    const after = await server.store.getSession(subscriber.sessionKey, now());
    expect({ createdAt: after?.createdAt, turns: after?.session.turns, node: after?.session.wait?.node }).toEqual({
      createdAt: before?.createdAt,
      turns: before?.session.turns,
      node: before?.session.wait?.node,
    });
    // The conversation goes on from where it was.
    expect((await subscriber.choose(puk)).texts.join('\n')).toContain('Tapez votre numéro de ligne');
    await subscriber.close();
  });

  it('a forged request is refused, and nothing is processed', async () => {
    const { status, sessionKey } = await driver.forge(griot, newNumber());
    expect([401, 403, 404]).toContain(status);
    expect(await server.store.getSession(sessionKey, now())).toBeNull();
    expect(await server.store.listHandoffContacts({ sessionKey })).toEqual([]);
  });

  it("an over-long text reaches the subscriber whole, within the channel's limits", async () => {
    const subscriber = driver.subscriber(griot, newNumber());
    await subscriber.open();
    const read = await subscriber.choose(terms);
    const limit = capabilities.pages?.screenMaxLength ?? capabilities.textMaxLength;
    const whole = words(CONFORMANCE_TERMS.join(' '));
    if (limit !== undefined) {
      for (const text of read.texts) expect(text.length).toBeLessThanOrEqual(limit);
      expect(read.texts.length).toBeGreaterThan(whole.length / limit);
    }
    // Nothing cut: every article, in order, across the parts.
    expect(words(read.texts.join(' '))).toContain(whole);
    await subscriber.close();
  });
});
