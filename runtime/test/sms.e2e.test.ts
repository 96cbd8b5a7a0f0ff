import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSmsc } from '@griot/connectors/sms/testing';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';

/**
 * SMS end to end: the real server on loopback with the demo (which binds short code 1919 once
 * an SMSC is configured), the demo operator backend, and a fake SMSC speaking SMPP 3.4 to
 * Griot's bind. Subscribers write to 1919 as they would from any handset.
 */
let smsc: FakeSmsc;
let server: TestServer;
const SYSTEM_ID = 'griot-e2e';
const PASSWORD = 'e2e-pass';

beforeAll(async () => {
  smsc = await FakeSmsc.start({ systemId: SYSTEM_ID, password: PASSWORD, receiptAfterMs: 10 });
  server = await startTestServer({ env: { GRIOT_DEMO: '1', SMPP_URL: smsc.url, SMPP_SYSTEM_ID: SYSTEM_ID, SMPP_PASSWORD: PASSWORD } });
  for (let waited = 0; smsc.boundCount === 0 && waited < 10_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await smsc?.close();
});

/** The SMS a subscriber's handset shows (concatenated parts joined), from index `from`, once `count` are there. */
async function shownAfter(to: string, from: number, count = 1): Promise<string[]> {
  await expect.poll(() => smsc.handset(to).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(from + count);
  return smsc
    .handset(to)
    .slice(from)
    .map((m) => m.text);
}
const write = async (from: string, text: string) => expect(await smsc.deliver({ from, to: '1919', text })).toBe(0);

describe('SMS on the 1919 demo', () => {
  it('binds short code 1919 to the demo flow once an SMSC is configured', async () => {
    const bindings = (await server.admin.get('/api/bindings')).body as { channel: string; address: string; flowId: string }[];
    expect(bindings.find((b) => b.channel === 'sms')).toMatchObject({ address: '1919', flowId: 'selfcare-1919' });
  });

  it('"Bonjour" to 1919 gets the numbered menu; "1" then "2" reach the balance of +229 01 97 00 00 02', async () => {
    const afi = '2290197000002';
    await write(afi, 'Bonjour');
    const [language] = await shownAfter(afi, 0);
    expect(language).toMatch(/Pour le français, tapez 1\.[\s\S]*\n\n1\. Français\n2\. English\n3\. Fon$/);
    await write(afi, '1');
    const [menu] = await shownAfter(afi, 1);
    expect(menu).toMatch(/^Bienvenue sur le 1919[\s\S]*Choisissez un service[\s\S]*\n\n1\. Code PUK\n2\. Solde\n3\. [^\n]+\n4\. [^\n]+$/);
    await write(afi, '2');
    const balance = (await shownAfter(afi, 2)).join('\n');
    expect(balance).toMatch(/FCFA|Mo|Go/);
    // Every SMS came from the short code, and the caller is remembered by E.164 number, with the channel.
    expect(new Set(smsc.submitted.filter((p) => p.to === afi).map((p) => p.from))).toEqual(new Set(['1919']));
    expect(await server.store.getCaller('+2290197000002')).toMatchObject({ preferredLocale: 'fr', lastChannel: 'sms' });
  });

  it("an alphanumeric sender id spelling a subscriber's number with a + is nobody: no look-up, no memory of that subscriber, nothing sent to their handset", { timeout: 20_000 }, async () => {
    const victim = '2290197000007';
    // What the subscriber chose before: English.
    await write(victim, 'Bonjour');
    await shownAfter(victim, 0);
    await write(victim, '2');
    await shownAfter(victim, 1);
    expect(await server.store.getCaller(`+${victim}`)).toMatchObject({ preferredLocale: 'en', lastChannel: 'sms' });
    const shownBefore = smsc.handset(victim).length;
    const lookupsBefore = (await server.admin.get(`/api/transcripts?caller=%2B${victim}`)).body.length;
    // Someone sends as the name « +2290197000007 » (TON 5): French, then the PUK.
    const name = `+${victim}`;
    const asName = async (text: string) => expect(await smsc.deliver({ from: name, fromTon: 5, to: '1919', text })).toBe(0);
    await asName('Bonjour');
    await shownAfter(name, 0);
    await asName('1');
    await shownAfter(name, 1);
    await asName('1');
    await shownAfter(name, 2);
    await server.services.conversations.idle();
    // The subscriber's memory is theirs as they left it, no contact of theirs was added, their handset got nothing.
    expect(await server.store.getCaller(`+${victim}`)).toMatchObject({ preferredLocale: 'en', lastChannel: 'sms' });
    expect((await server.admin.get(`/api/transcripts?caller=%2B${victim}`)).body.length).toBe(lookupsBefore);
    expect(smsc.handset(victim).length).toBe(shownBefore);
    // The PUK was asked for a number nobody has here: the demo answers it does not know the line.
    expect((await shownAfter(name, 2)).join('\n')).not.toMatch(/\d{8}/);
  });

  it("an agent's words reach the subscriber by SMS", async () => {
    const kofi = '2290197000003';
    const agent = await userWithRoles(server, 'awa', ['agent']);
    await write(kofi, 'Bonjour');
    await shownAfter(kofi, 0);
    await write(kofi, '1');
    await shownAfter(kofi, 1);
    await write(kofi, '4');
    const key = `sms:1919:${kofi}`;
    await expect.poll(async () => (await server.store.listHandoffContacts({ sessionKey: key }))[0]?.status, { timeout: 10_000 }).toBe('waiting');
    const [contact] = await server.store.listHandoffContacts({ sessionKey: key });
    expect(contact).toMatchObject({ channel: 'sms', callerNumber: '+2290197000003' });
    expect((await agent.post(`/api/agent/contacts/${contact!.id}/take`)).status).toBe(200);
    const before = smsc.handset(kofi).length;
    const reply = await agent.post(`/api/agent/contacts/${contact!.id}/messages`, { text: 'Bonjour, ici Awa. Je regarde votre ligne.' });
    expect(reply.status).toBe(201);
    expect(await shownAfter(kofi, before)).toEqual(['Bonjour, ici Awa. Je regarde votre ligne.']);
  });
});
