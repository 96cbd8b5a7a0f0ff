import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

/**
 * A web chat visitor is anonymous: whatever they send, their contact is not taken for a
 * subscriber's phone number (whose balance and PUK code the 1919 flow reads by caller number).
 */
describe('who a web chat visitor is', () => {
  let server: TestServer;
  let bindingId: string;

  beforeAll(async () => {
    server = await startTestServer({ env: { GRIOT_DEMO: '1' } });
    const created = await server.admin.post('/api/bindings', { channel: 'webchat', address: 'site', flowId: 'selfcare-1919', environment: 'production' });
    bindingId = created.body.id;
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
  });

  const chat = async (body: unknown) => {
    const response = await fetch(`${server.url}/chat/${bindingId}/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, text: await response.text() };
  };

  it('a conversation id spelling a phone number does not give that subscriber’s balance', async () => {
    // 36 characters of hex digits and dashes, which read as +229 01 97 00 00 01 once the dashes go.
    const conversationId = `${'-'.repeat(21)}002290197000001`;
    expect(conversationId).toHaveLength(36);
    const steps = [{ open: true }, { option: 'fr' }, { option: 'balance' }].map((step) => ({ conversationId, ...step }));
    const answers: string[] = [];
    for (const step of steps) answers.push((await chat(step)).text);
    expect(answers.join('\n')).not.toContain('1250');
    expect(await server.store.getSession(`webchat:${bindingId}:${conversationId}`, new Date().toISOString())).toBeNull();
  });

  it('a visitor with the id the server gave still chats', async () => {
    const opened = await chat({ open: true });
    expect(opened.status).toBe(200);
    const { conversationId } = JSON.parse(opened.text) as { conversationId: string };
    await chat({ conversationId, option: 'fr' });
    const balance = await chat({ conversationId, option: 'balance' });
    expect(balance.status).toBe(200);
    expect(balance.text).toContain("n'est pas reconnu");
  });
});

/**
 * A Bot Framework user id is whatever the channel's client says (Direct Line and Web Chat let
 * the page choose it): it is not taken for a subscriber's phone number either.
 */
describe('who a Bot Framework user is', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ env: { GRIOT_DEMO: '1' } });
    await server.admin.post('/api/bindings', { channel: 'botframework', address: 'default', flowId: 'selfcare-1919', environment: 'production' });
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
  });

  let seq = 0;
  const send = async (from: string, conversation: string, fields: Record<string, unknown>) => {
    const activity = {
      type: 'message',
      id: `act-${++seq}`,
      channelId: 'directline',
      serviceUrl: 'http://127.0.0.1:1',
      deliveryMode: 'expectReplies',
      from: { id: from },
      recipient: { id: 'griot-bot' },
      conversation: { id: conversation },
      ...fields,
    };
    const response = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    return response.text();
  };

  it('a user id spelling a phone number does not give that subscriber’s balance', async () => {
    const answers: string[] = [];
    for (const fields of [{ text: 'Bonjour' }, { value: { option: 'fr' } }, { value: { option: 'balance' } }]) answers.push(await send('+2290197000001', 'conv-forged', fields));
    const all = answers.join('\n');
    expect(all).toContain('Bienvenue sur le 1919');
    expect(all).not.toContain('1250');
    expect(all).toContain("n'est pas reconnu");
  }, 30_000);
});
