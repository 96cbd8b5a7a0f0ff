import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SimulatedCall, assertJambonzAccepts, httpLink } from '@griot/connectors/voice/testing';
import { readWavFormat, telephonyWavProblem } from '@griot/flows';
import { chromiumMissing, launchChromium, signIn, screenshotIfFailed } from './support/browser.ts';
import { ADMIN_TOKEN, createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { fakeMicrophoneArgs, microphoneWav, recordUntil } from './support/fakeMicrophone.ts';
import { watchCspViolations } from './support/cspViolations.ts';

const missing = chromiumMissing();
const FLOW = 'fon-line';
const SECRET = 'record-test-jambonz-secret';
const TONE_HZ = 440;

/** The strongest frequency (100–2000 Hz, 1 Hz steps) of 16-bit mono samples: a Goertzel scan. */
function toneOf(wav: Uint8Array, rate: number): number {
  const view = new DataView(wav.buffer, wav.byteOffset + 44, wav.byteLength - 44);
  const samples = Float64Array.from({ length: view.byteLength / 2 }, (_, i) => view.getInt16(i * 2, true));
  let best = { hz: 0, power: -1 };
  for (let hz = 100; hz <= 2000; hz += 1) {
    const coefficient = 2 * Math.cos((2 * Math.PI * hz) / rate);
    let s1 = 0;
    let s2 = 0;
    for (const x of samples) {
      const s0 = x + coefficient * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    const power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
    if (power > best.power) best = { hz, power };
  }
  return best.hz;
}

/**
 * A Fon line with no studio: the editor records the welcome in the browser (Chromium's fake
 * microphone), hears it, takes it again, keeps it; the server gets a mono 8 kHz 16-bit WAV; the
 * translation table stops listing Fon as missing a recording; and a call on the voice channel
 * plays that very file. A new take of that prompt, once production plays it, goes under a new name
 * and reaches callers only when it is published.
 */
describe.skipIf(missing !== null)('recording a prompt in the browser for a language without a voice', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;
  let dir: string;
  let cspViolations: () => Promise<string[]>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-mic-'));
    const microphone = join(dir, 'microphone.wav');
    await writeFile(microphone, microphoneWav(TONE_HZ));
    server = await startGriot({ env: { JAMBONZ_WEBHOOK_SECRET: SECRET } });
    const created = await server.admin('POST', '/api/flows', {
      document: {
        schemaVersion: 2,
        id: FLOW,
        name: 'Ligne fon',
        locales: [
          { code: 'fon', name: 'Fɔngbè', tts: null, asr: null },
          { code: 'fr', name: 'Français', tts: { vendor: 'google', language: 'fr-FR' } },
        ],
        nodes: [
          { id: 'start', type: 'start', position: { x: 0, y: 0 } },
          { id: 'welcome', type: 'message', label: 'Accueil', prompt: { fr: { text: 'Bienvenue sur la ligne de Griot Telecom.' } }, position: { x: 240, y: 0 } },
          { id: 'bye', type: 'end', reason: 'done', position: { x: 520, y: 0 } },
        ],
        edges: [
          { id: 'e1', source: 'start', output: 'next', target: 'welcome' },
          { id: 'e2', source: 'welcome', output: 'next', target: 'bye' },
        ],
      },
    });
    expect(created.status).toBe(201);
    const editor = await createUser(server, 'koffi', ['editor', 'publisher']);
    browser = await launchChromium(fakeMicrophoneArgs(microphone));
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    cspViolations = await watchCspViolations(context);
    page = await context.newPage();
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    await signIn(page, server.url, editor);
  });

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('records, re-takes and saves a telephony WAV that the voice channel plays', async () => {
    await page.goto(`${server.url}/flows/${FLOW}`);
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor();
    await page.locator('label', { hasText: 'Traductions' }).click();

    // Fon misses its recording, and the table says so per locale; the badge filters on it.
    const fonBadge = page.locator('[data-unrecorded-count="fon"]');
    expect(await fonBadge.textContent()).toBe('1 sans enregistrement');
    await fonBadge.click();
    await expect.poll(() => page.locator('tr[data-row]').count()).toBe(1);

    await page.locator('[data-audio-control="welcome|prompt|fon"] [data-action="open-recorder"]').click();
    const dialog = page.getByRole('dialog', { name: 'Enregistrer « Accueil » en Fɔngbè' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Bienvenue sur la ligne de Griot Telecom.');

    const record = async (seconds: number) => {
      await dialog.locator('[data-action="record-start"], [data-action="record-retake"]').click();
      await dialog.locator('[data-recorder="recording"]').waitFor();
      await recordUntil(dialog, seconds);
      await dialog.locator('[data-action="record-stop"]').click();
      await dialog.locator('[data-recorder="ready"]').waitFor();
      return Number(await dialog.locator('[data-take-seconds]').getAttribute('data-take-seconds'));
    };
    const first = await record(1);
    expect(await dialog.locator('[data-take-format]').textContent()).toBe('WAV mono 8 kHz 16 bits');
    // The take can be heard before it is kept: the player holds the converted WAV.
    const played = await dialog.locator('audio.recording-take').evaluate(async (audio: HTMLAudioElement) => {
      await new Promise((resolve) => (audio.readyState >= 1 ? resolve(null) : audio.addEventListener('loadedmetadata', resolve, { once: true })));
      return audio.duration;
    });
    expect(played).toBeCloseTo(first, 1);
    // A Fon take of the French text is a translation: its player claims no French captions.
    expect(await dialog.locator('audio.recording-take track[kind="captions"]').count()).toBe(1);
    expect(await dialog.locator('audio.recording-take track[kind="captions"]').getAttribute('src')).toBeNull();
    const second = await record(3);
    expect(second).toBeGreaterThan(first);
    await dialog.locator('[data-action="record-save"]').click();
    await dialog.waitFor({ state: 'hidden' });
    // The microphone, the take played from a blob: and its upload pass the page's policy.
    expect(await cspViolations()).toEqual([]);

    // Saved on the server as a telephony WAV of about the length recorded, the tone kept.
    // A draft's take: served to the designer's users only until a published version plays it.
    expect((await fetch(`${server.url}/audio/${FLOW}/welcome-prompt-fon.wav`)).status).toBe(404);
    const saved = await fetch(`${server.url}/audio/${FLOW}/welcome-prompt-fon.wav`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(saved.status).toBe(200);
    const wav = new Uint8Array(await saved.arrayBuffer());
    const format = readWavFormat(wav);
    expect(telephonyWavProblem(format)).toBeNull();
    expect(format).toMatchObject({ audioFormat: 1, channels: 1, sampleRate: 8000, bitsPerSample: 16 });
    expect(format!.seconds).toBeCloseTo(second, 1);
    expect(format!.seconds).toBeGreaterThan(1.5);
    expect(format!.seconds).toBeLessThan(4);
    expect(Math.abs(toneOf(wav, 8000) - TONE_HZ)).toBeLessThanOrEqual(2);

    // The table no longer counts Fon as missing; the draft names the file (saved by itself).
    await expect.poll(() => fonBadge.count()).toBe(0);
    await page.locator('[data-save-state="saved"]').waitFor();
    const draft = await server.admin<{ document: { nodes: Array<{ id: string; prompt?: Record<string, { audio?: string }> }> } }>('GET', `/api/flows/${FLOW}/draft`);
    expect(draft.body.document.nodes.find((n) => n.id === 'welcome')?.prompt?.fon?.audio).toBe('welcome-prompt-fon.wav');

    // Published, in production, bound to a number: a call plays the recording.
    expect((await server.admin('POST', `/api/flows/${FLOW}/publish`, { message: 'Accueil enregistré en fon' })).status).toBe(201);
    expect((await server.admin('POST', `/api/flows/${FLOW}/environments/production`, { version: 1 })).status).toBe(200);
    expect((await server.admin('POST', '/api/bindings', { channel: 'voice', address: '1920', flowId: FLOW, environment: 'production' })).status).toBe(201);
    const call = new SimulatedCall(httpLink(server.url, { secret: SECRET }), { callSid: 'CA-record-1', from: '+2290197000123', to: '1920' });
    await call.start();
    const plays = call.heard.filter((h) => h.startsWith('[play] ')).map((h) => h.slice('[play] '.length));
    expect(plays).toEqual([`${server.url}/audio/${FLOW}/welcome-prompt-fon.wav`]);
    call.received.forEach((verbs, i) => assertJambonzAccepts(verbs, `answer ${i}`));
    const fetched = new Uint8Array(await (await fetch(plays[0]!)).arrayBuffer());
    expect(Buffer.from(fetched).equals(Buffer.from(wav))).toBe(true);
  });

  it('records a new take of a prompt production plays under a new name, which callers hear only once it is published; a rollback plays the old take', async () => {
    const firstUrl = `${server.url}/audio/${FLOW}/welcome-prompt-fon.wav`;
    const first = await fetch(firstUrl);
    const firstBytes = Buffer.from(await first.arrayBuffer());
    const firstEtag = first.headers.get('etag');
    const dial = async (n: number) => {
      const call = new SimulatedCall(httpLink(server.url, { secret: SECRET }), { callSid: `CA-record-retake-${n}`, from: '+2290197000123', to: '1920' });
      await call.start();
      return call.heard.filter((h) => h.startsWith('[play] ')).map((h) => h.slice('[play] '.length));
    };

    // The editor records the welcome again, a longer take, as if production did not play it.
    await page.locator('[data-audio-control="welcome|prompt|fon"] [data-action="open-recorder"]').click();
    const dialog = page.getByRole('dialog', { name: 'Enregistrer « Accueil » en Fɔngbè' });
    await dialog.waitFor();
    await dialog.locator('[data-action="record-start"]').click();
    await dialog.locator('[data-recorder="recording"]').waitFor();
    await recordUntil(dialog, 4);
    await dialog.locator('[data-action="record-stop"]').click();
    await dialog.locator('[data-recorder="ready"]').waitFor();
    await dialog.locator('[data-action="record-save"]').click();
    await dialog.waitFor({ state: 'hidden' });
    // Told where the take went and when callers hear it.
    await page.getByText('cette prise est gardée à part, et les appelants l’entendront une fois ce brouillon publié').waitFor();

    // The draft points at the new take; production plays the old one, the same bytes under the same ETag.
    await page.locator('[data-save-state="saved"]').waitFor();
    await expect
      .poll(async () => {
        const draft = await server.admin<{ document: { nodes: Array<{ id: string; prompt?: Record<string, { audio?: string }> }> } }>('GET', `/api/flows/${FLOW}/draft`);
        return draft.body.document.nodes.find((n) => n.id === 'welcome')?.prompt?.fon?.audio;
      })
      .toBe('welcome-prompt-fon-2.wav');
    expect(await dial(1)).toEqual([firstUrl]);
    const still = await fetch(firstUrl);
    expect(still.headers.get('etag')).toBe(firstEtag);
    expect(Buffer.from(await still.arrayBuffer()).equals(firstBytes)).toBe(true);
    const secondUrl = `${server.url}/audio/${FLOW}/welcome-prompt-fon-2.wav`;
    const secondBytes = Buffer.from(await (await fetch(secondUrl, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).arrayBuffer());
    expect(readWavFormat(secondBytes)!.seconds).toBeGreaterThan(readWavFormat(firstBytes)!.seconds + 0.3);

    // Published and promoted: callers hear the new take.
    expect((await server.admin('POST', `/api/flows/${FLOW}/publish`, { message: 'Accueil réenregistré' })).status).toBe(201);
    expect(await dial(2)).toEqual([firstUrl]);
    expect((await server.admin('POST', `/api/flows/${FLOW}/environments/production`, { version: 2 })).status).toBe(200);
    const promoted = await dial(3);
    expect(promoted).toEqual([secondUrl]);
    expect(Buffer.from(await (await fetch(promoted[0]!)).arrayBuffer()).equals(secondBytes)).toBe(true);

    // Rolled back: the first take again, unchanged.
    expect((await server.admin('POST', `/api/flows/${FLOW}/environments/production/rollback`)).status).toBe(200);
    const rolledBack = await dial(4);
    expect(rolledBack).toEqual([firstUrl]);
    expect(Buffer.from(await (await fetch(rolledBack[0]!)).arrayBuffer()).equals(firstBytes)).toBe(true);
  });
});
