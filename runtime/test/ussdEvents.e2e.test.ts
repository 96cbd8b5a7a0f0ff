import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSessionId, postUssd, postUssdEnd } from '@griot/connectors/ussd/testing';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

const TOKEN = 'e2e-ussd-events-token-0123456789';
const DATA_KEY = `2026-12:${Buffer.alloc(32, 9).toString('base64')}`;
const FLOW = 'selfcare-1919';

let server: TestServer;
beforeAll(async () => {
  // The demo: the 1919 flow bound to *919#.
  server = await startTestServer({ env: { GRIOT_DEMO: '1', USSD_CALLBACK_TOKEN: TOKEN, GRIOT_DATA_KEY: DATA_KEY } });
});
afterAll(() => server?.stop());

const now = () => new Date().toISOString();

/** A period around now, in whole hours, whatever the minute the test runs at. */
const period = () => `from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${new Date(Date.now() + 3_600_000).toISOString()}`;
const figures = async () => {
  await server.services.conversations.idle();
  const answer = await server.admin.get(`/api/flows/${FLOW}/analytics?${period()}`);
  expect(answer.status).toBe(200);
  return answer.body as { contacts: number; outcomes: Record<string, number> };
};

/** A subscriber who dials *919# and reads the first screen (the language menu). */
async function dialled(number: string) {
  const sessionId = newSessionId();
  const opened = await postUssd(server.url, { sessionId, serviceCode: '*919#', phoneNumber: number, text: '' }, { token: TOKEN });
  expect(opened.kind).toBe('CON');
  const key = `ussd:${sessionId}`;
  return {
    sessionId,
    key,
    opened,
    /** `token` null: none sent. */
    notify: (status: string, token: string | null = TOKEN) =>
      // What the gateway sends: the last screen and input too (Griot reads neither).
      postUssdEnd(server.url, { sessionId, status, serviceCode: '*919#', phoneNumber: number, input: '', lastAppResponse: opened.body }, token === null ? {} : { token }),
    session: async () => (await server.store.getSession(key, now()))?.session,
    state: () => server.store.channelStates.getChannelState(key, now()),
  };
}

describe("USSD: the gateway's end-of-session notification (POST /ussd/events)", () => {
  it("ends a contact the subscriber abandoned at the menu, counted abandoned once in the flow's figures, its screens' state gone", async () => {
    const before = await figures();
    const cancelled = await dialled('+2290197000160');
    expect(await cancelled.state()).not.toBeNull();
    expect((await figures()).outcomes.unfinished).toBe(before.outcomes.unfinished! + 1);

    expect(await cancelled.notify('Incomplete')).toEqual({ status: 200, body: 'ok' });
    expect(await cancelled.session()).toMatchObject({ status: 'ended', endReason: 'abandoned' });
    expect((await server.store.getTranscript(cancelled.key))?.endReason).toBe('abandoned');
    expect(await cancelled.state()).toBeNull();
    const after = await figures();
    expect(after.contacts).toBe(before.contacts + 1);
    expect(after.outcomes).toMatchObject({ abandoned: before.outcomes.abandoned! + 1, unfinished: before.outcomes.unfinished, error: before.outcomes.error });

    // The gateway delivers it again, or says "Failed" late: 200, nothing moves.
    expect((await cancelled.notify('Incomplete')).status).toBe(200);
    expect((await cancelled.notify('Failed')).status).toBe(200);
    expect(await cancelled.session()).toMatchObject({ status: 'ended', endReason: 'abandoned' });
    expect((await figures()).outcomes).toEqual(after.outcomes);

    // The subscriber dials again: the flow from its start.
    const again = await dialled('+2290197000160');
    expect(again.opened.screen).toBe(cancelled.opened.screen);
  });

  it('ends a session the gateway says failed as an error', async () => {
    const before = await figures();
    const failed = await dialled('+2290197000161');
    expect((await failed.notify('Failed')).status).toBe(200);
    expect(await failed.session()).toMatchObject({ status: 'ended', endReason: 'error' });
    expect((await figures()).outcomes).toMatchObject({ error: before.outcomes.error! + 1, abandoned: before.outcomes.abandoned });
  });

  it('refuses a forged notification (no token, a wrong one) and a malformed one; the contact goes on', async () => {
    const s = await dialled('+2290197000162');
    expect((await s.notify('Incomplete', null)).status).toBe(401);
    expect((await s.notify('Incomplete', 'not-the-callback-token')).status).toBe(401);
    const malformed = await postUssdEnd(server.url, { sessionId: s.sessionId, status: '' }, { token: TOKEN });
    expect(malformed.status).toBe(400);
    expect(await s.session()).toMatchObject({ status: 'active' });
    expect(await s.state()).not.toBeNull();
    // English (2), then the next screen of the welcome.
    const english = await postUssd(server.url, { sessionId: s.sessionId, serviceCode: '*919#', phoneNumber: '+2290197000162', text: '2' }, { token: TOKEN });
    expect(english.screen).toMatch(/^Welcome to 1919/);
  });

  it('answers a notification for a session it never saw 200, changing nothing', async () => {
    const before = await figures();
    expect(await postUssdEnd(server.url, { sessionId: newSessionId(), status: 'Incomplete' }, { token: TOKEN })).toEqual({ status: 200, body: 'ok' });
    const after = await figures();
    expect({ contacts: after.contacts, outcomes: after.outcomes }).toEqual({ contacts: before.contacts, outcomes: before.outcomes });
  });
});
