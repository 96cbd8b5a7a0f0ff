import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook, startFakeGraphServer, whatsappWebhooks as wa, type FakeGraphServer } from '@griot/connectors/messaging/testing';
import { startTwoInstances, type Instance, type TwoInstances } from './helpers/twoInstances.ts';

/**
 * Two real Griot processes on one SQLite file, the 1919 demo bound to one WhatsApp number, one fake
 * Graph API: a recorded prompt uploaded by one instance is sent by the other (and by the first after a
 * restart) by the same media id, without being encoded and uploaded again; an id Graph no longer
 * knows is uploaded again once, and the new id is the one both use from then on.
 */
const APP_SECRET = 'two-instances-whatsapp-secret';
const PHONE_NUMBER_ID = '100000000000001';
let graph: FakeGraphServer;
let pair: TwoInstances;

beforeAll(async () => {
  graph = await startFakeGraphServer({ accessToken: 'two-instances-graph-token' });
  pair = await startTwoInstances({
    env: {
      GRIOT_DEMO: '1',
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_VERIFY_TOKEN: 'two-instances-verify',
      WHATSAPP_ACCESS_TOKEN: 'two-instances-graph-token',
      WHATSAPP_GRAPH_BASE_URL: graph.url,
      WHATSAPP_GRAPH_VERSION: 'v21.0',
    },
  });
}, 120_000);
afterAll(async () => {
  await pair?.stop();
  await graph?.close();
});

/** A subscriber chooses Fon on `instance`: the two recorded prompts it is answered with, by media id. */
async function fonVoiceNotes(instance: Instance, waId: string): Promise<string[]> {
  const subscriber = { phoneNumberId: PHONE_NUMBER_ID, waId, name: 'Sènan' };
  const to = () => graph.sent().filter((r) => r.body.to === waId);
  expect((await postWebhook(instance.url, wa.textMessage('Bonjour', subscriber), APP_SECRET)).status).toBe(200);
  await expect.poll(() => to().length, { timeout: 10_000 }).toBe(1);
  expect((await postWebhook(instance.url, wa.buttonReply('fon', 'Fon', subscriber), APP_SECRET)).status).toBe(200);
  await expect.poll(() => to().length, { timeout: 30_000 }).toBe(4);
  const replies = to().map((r) => r.body);
  expect(replies.slice(1).map((r) => r.type)).toEqual(['audio', 'audio', 'interactive']);
  return replies.slice(1, 3).map((r) => r.audio.id as string);
}

describe('recorded prompts on WhatsApp, two instances on one store', () => {
  it('uploads each prompt once for the number: the other instance, and one restarted, send it by the id kept in the store', async () => {
    const ids = await fonVoiceNotes(pair.a, '2290197000041');
    // The demo's two prompts are the same chime: one file (its content hash) for this number, one upload.
    expect(graph.uploads.map((u) => [u.phoneNumberId, u.filename])).toEqual([[PHONE_NUMBER_ID, 'welcome.mp3']]);
    expect(ids).toEqual([graph.uploads[0]!.id, graph.uploads[0]!.id]);

    expect(await fonVoiceNotes(pair.b, '2290197000042')).toEqual(ids);
    expect(graph.uploads).toHaveLength(1);

    const restarted = await pair.restart('a');
    expect(await fonVoiceNotes(restarted, '2290197000043')).toEqual(ids);
    expect(graph.uploads).toHaveLength(1);
  }, 120_000);

  it('uploads again a prompt whose id Graph no longer knows, once, and both instances then send the new id', async () => {
    const chime = graph.uploads[0]!.id;
    graph.expireMedia(chime);
    const before = graph.uploads.length;
    const ids = await fonVoiceNotes(pair.b, '2290197000044');
    expect(graph.uploads.slice(before).map((u) => u.filename)).toEqual(['welcome.mp3']);
    const renewed = graph.uploads.at(-1)!.id;
    expect(renewed).not.toBe(chime);
    expect(ids).toEqual([renewed, renewed]);
    expect(await fonVoiceNotes(pair.a, '2290197000045')).toEqual([renewed, renewed]);
    expect(graph.uploads.length).toBe(before + 1);
  }, 120_000);
});
