import express from 'express';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Flow } from '@griot/flows';
import type { AudioReader } from '../channel/AudioReader.ts';
import { MemoryLedger } from '../messaging/MemoryLedger.ts';
import { InterpreterPort } from '../messaging/testing/InterpreterPort.ts';
import { createWhatsApp } from './createWhatsApp.ts';
import { readWhatsAppConfig } from './whatsappConfig.ts';
import { storedParts } from './testing/audioFixtures.ts';
import { startFakeGraphServer, type FakeGraphServer } from './testing/fakeGraphServer.ts';
import { postWebhook } from './testing/postWebhook.ts';
import { buttonReply, textMessage, type Sender } from './testing/webhookFixtures.ts';

/**
 * A Fon-speaking subscriber on WhatsApp, on the bundled 1919 flow: Fon has no text and no TTS,
 * its prompts are WAV recordings (as the designer records them for the phone).
 */
const SECRET = 'test-app-secret';
const PHONE_ID = '100000000000001';
const FLOW = Flow.parse(JSON.parse(readFileSync(new URL('../../../flows/examples/1919-selfcare.json', import.meta.url), 'utf8')));

/** Mono 16-bit PCM at `rate` Hz: a tone, so each recording's bytes differ. */
function wav(rate: number, hz: number, seconds = 0.3): Uint8Array {
  const samples = Math.round(rate * seconds);
  const bytes = new Uint8Array(44 + samples * 2);
  const view = new DataView(bytes.buffer);
  const ascii = (at: number, text: string) => [...text].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + samples * 2, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, samples * 2, true);
  for (let i = 0; i < samples; i += 1) view.setInt16(44 + i * 2, Math.round(6000 * Math.sin((2 * Math.PI * hz * i) / rate)), true);
  return bytes;
}

/** The runtime's audio library, as the channel sees it: recordings by flow and name. */
function audioLibrary(files: Record<string, Uint8Array>): AudioReader & { files: Map<string, Uint8Array> } {
  const map = new Map(Object.entries(files).map(([name, bytes]) => [`${FLOW.id}/${name}`, bytes]));
  const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
  return {
    files: map,
    info: async (flowId, name) => {
      const bytes = map.get(`${flowId}/${name}`);
      return bytes ? { sha256: sha(bytes) } : null;
    },
    open: async (flowId, name) => {
      const bytes = map.get(`${flowId}/${name}`);
      return bytes ? { sha256: sha(bytes), ...storedParts(bytes) } : null;
    },
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function harness(audio: ReturnType<typeof audioLibrary>) {
  const graph = await startFakeGraphServer({ accessToken: 'graph-token' });
  const port = new InterpreterPort({ [FLOW.id]: FLOW }).bind({ id: 'wa-demo', channel: 'whatsapp', address: PHONE_ID, flowId: FLOW.id, environment: 'production' } as never);
  const { router, channel } = createWhatsApp({
    port,
    bindings: port,
    ledger: new MemoryLedger(),
    config: readWhatsAppConfig({ WHATSAPP_APP_SECRET: SECRET, WHATSAPP_ACCESS_TOKEN: 'graph-token', WHATSAPP_GRAPH_BASE_URL: graph.url, WHATSAPP_SEND_TIMEOUT_MS: '2000' }),
    defaultInactivityMinutes: 30,
    audio,
    inbox: { backoff: { baseMs: 20, maxMs: 50, jitter: 0 } },
  });
  channel.start();
  const server: Server = await new Promise((resolve) => {
    const s = express()
      .use(router)
      .listen(0, '127.0.0.1', () => resolve(s));
  });
  cleanups.push(async () => {
    server.close();
    await channel.close();
    await graph.close();
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  /** Posts a webhook and waits until its replies went out. */
  const send = async (body: unknown) => {
    expect((await postWebhook(url, body, SECRET)).status).toBe(200);
    await channel.queue.idle();
  };
  return { graph, send };
}

/** What the subscriber's phone shows, in order: a voice note (with the bytes Graph has for it), a text, buttons. */
function phone(graph: FakeGraphServer, from = 0) {
  return graph
    .sent()
    .slice(from)
    .map((r) => {
      if (r.body.type === 'audio') return { audio: graph.uploads.find((u) => u.id === r.body.audio.id) };
      if (r.body.type === 'text') return { text: r.body.text.body as string };
      return {
        buttons: r.body.interactive.action.buttons?.map((b: any) => b.reply.title) ?? r.body.interactive.action.sections[0].rows.map((row: any) => row.title),
        body: r.body.interactive.body.text,
      };
    });
}

const isMp3 = (bytes: Uint8Array | undefined) => bytes !== undefined && bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0;
const RECORDINGS = { 'fon/language.wav': wav(8000, 300), 'fon/welcome.wav': wav(8000, 440), 'fon/menu-main.wav': wav(16000, 550) };

describe('WhatsApp: a subscriber who chose Fon hears the Fon recordings', () => {
  it('gets the welcome and the menu as voice notes (WAV recordings sent as MP3 uploaded to Graph), then the options, instead of the French prompts', async () => {
    const audio = audioLibrary(RECORDINGS);
    const { graph, send } = await harness(audio);
    const sender: Sender = { phoneNumberId: PHONE_ID, waId: '2290197000001' };
    await send(textMessage('Bonjour', sender));
    // Before a language is chosen: the languages by name, no Fon voice note.
    expect(phone(graph)).toEqual([{ buttons: ['Français', 'English', 'Fon'], body: expect.stringContaining('Choisissez votre langue') }]);
    expect(graph.uploads).toEqual([]);

    const before = graph.sent().length;
    await send(buttonReply('fon', 'Fon', sender));
    const shown = phone(graph, before);
    expect(shown.map((m) => Object.keys(m)[0])).toEqual(['audio', 'audio', 'buttons']);
    // The options in Fon's own labels, above them the flow's default language (French), not English.
    expect(shown[2]).toMatchObject({ body: 'Choisissez une option :' });
    expect((shown[2] as { buttons: string[] }).buttons.slice(0, 4)).toEqual(['Code PUK', 'Solde', 'Mobile Money', 'Conseiller']);
    expect(JSON.stringify(shown)).not.toMatch(/Bienvenue|Choisissez un service/);
    // Each recording went to Graph once, as MP3 (Graph refuses WAV), under its own name.
    expect(graph.uploads.map((u) => [u.type, u.filename])).toEqual([
      ['audio/mpeg', 'welcome.mp3'],
      ['audio/mpeg', 'menu-main.mp3'],
    ]);
    for (const upload of graph.uploads) expect(isMp3(upload.bytes)).toBe(true);
    expect(shown[0]).toEqual({ audio: graph.uploads[0] });
    expect(shown[1]).toEqual({ audio: graph.uploads[1] });
  }, 60_000);

  it('uploads a recording once for many subscribers, again when Graph has dropped it or it was re-recorded', async () => {
    const audio = audioLibrary(RECORDINGS);
    const { graph, send } = await harness(audio);
    const first: Sender = { phoneNumberId: PHONE_ID, waId: '2290197000001' };
    const second: Sender = { phoneNumberId: PHONE_ID, waId: '2290197000002' };
    await send(textMessage('Bonjour', first));
    await send(buttonReply('fon', 'Fon', first));
    await send(textMessage('Bonjour', second));
    await send(buttonReply('fon', 'Fon', second));
    expect(graph.uploads).toHaveLength(2);

    // Graph keeps a file 30 days: once it is gone, the message naming it is refused, the file uploaded again, and the voice note still arrives.
    const welcome = graph.uploads[0]!.id;
    graph.expireMedia(welcome);
    const third: Sender = { phoneNumberId: PHONE_ID, waId: '2290197000003' };
    await send(textMessage('Bonjour', third));
    const before = graph.sent().length;
    await send(buttonReply('fon', 'Fon', third));
    expect(phone(graph, before).map((m) => Object.keys(m)[0])).toEqual(['audio', 'audio', 'buttons']);
    expect(graph.uploads.map((u) => u.filename)).toEqual(['welcome.mp3', 'menu-main.mp3', 'welcome.mp3']);

    // A new take under the same name (a draft re-recorded): uploaded anew, not the old id.
    audio.files.set(`${FLOW.id}/fon/menu-main.wav`, wav(16000, 700));
    const fourth: Sender = { phoneNumberId: PHONE_ID, waId: '2290197000004' };
    await send(textMessage('Bonjour', fourth));
    await send(buttonReply('fon', 'Fon', fourth));
    expect(graph.uploads.map((u) => u.filename)).toEqual(['welcome.mp3', 'menu-main.mp3', 'welcome.mp3', 'menu-main.mp3']);
  }, 60_000);

  it('still sends the menu when a recording is missing or unusable, and tries an upload Graph could not take again', async () => {
    // The welcome's file is a stereo WAV (no phone recording): it cannot become a voice note.
    const stereo = wav(8000, 440);
    new DataView(stereo.buffer).setUint16(22, 2, true);
    const audio = audioLibrary({ 'fon/welcome.wav': stereo, 'fon/menu-main.wav': RECORDINGS['fon/menu-main.wav'] });
    const { graph, send } = await harness(audio);
    const sender: Sender = { phoneNumberId: PHONE_ID, waId: '2290197000001' };
    await send(textMessage('Bonjour', sender));
    const before = graph.sent().length;
    // Graph is busy for the first upload (503 ×4: the client's own retries are spent), then takes it.
    graph.failNext({ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 });
    await send(buttonReply('fon', 'Fon', sender));
    await expect.poll(() => phone(graph, before).map((m) => Object.keys(m)[0]), { timeout: 20_000 }).toEqual(['audio', 'buttons']);
    expect(graph.uploads.map((u) => u.filename)).toEqual(['menu-main.mp3']);
  }, 60_000);
});
