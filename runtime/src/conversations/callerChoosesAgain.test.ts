import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Flow } from '@griot/flows';
import type { Store } from '../store/types.ts';
import { ConversationService } from './ConversationService.ts';
import { captureLogs, movableClock, openTestStore, publishFlow, uncountedStoreFailures } from './testSupport.ts';

const NUMBER = '+2290197000061';
const WA = '2290197000061';

/**
 * The balance alert: the language menu (shown even to a caller whose language is known, unless
 * `skipIfKnown`), then the threshold « seuil » (remembered), first made 1000 when the caller has
 * none (a `set` that reads it: `seuil || 1000`), then asked. `languageLast`: the threshold first,
 * the language after (the flow `rappel`).
 */
function alertFlow(options: { skipIfKnown: boolean; languageLast?: boolean }): Flow {
  const t = (fr: string, en: string) => ({ fr: { text: fr }, en: { text: en } });
  const order = options.languageLast ? ['start', 'norm', 'ask', 'language', 'bye'] : ['start', 'language', 'norm', 'ask', 'bye'];
  const edges = order
    .slice(0, -1)
    .flatMap((source, i) => (source === 'ask' ? ['ok', 'noInput', 'invalid'] : ['next']).map((output) => ({ id: `${source}-${output}`, source, output, target: order[i + 1] as string })));
  return Flow.parse({
    schemaVersion: 2,
    id: options.languageLast ? 'rappel' : 'alerte',
    name: 'Alerte solde',
    locales: [
      { code: 'fr', name: 'Français', tts: null, asr: null },
      { code: 'en', name: 'English', tts: null, asr: null },
    ],
    variables: [{ name: 'seuil', type: 'number', persist: true }],
    nodes: [
      { id: 'start', type: 'start' },
      {
        id: 'language',
        type: 'language',
        prompt: t('Pour le français, tapez 1.', 'For English, press 2.'),
        options: [
          { locale: 'fr', key: '1' },
          { locale: 'en', key: '2' },
        ],
        skipIfKnown: options.skipIfKnown,
      },
      { id: 'norm', type: 'set', assignments: [{ variable: 'seuil', expression: 'seuil || 1000' }] },
      { id: 'ask', type: 'input', kind: 'number', variable: 'seuil', prompt: t('Votre seuil ?', 'Your threshold?') },
      { id: 'bye', type: 'end', prompt: t('Merci.', 'Thanks.'), reason: 'served' },
    ],
    edges,
  });
}

let dir: string;
let store: Store;
let service: ConversationService;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'griot-choose-again-'));
  store = await openTestStore(dir);
  service = new ConversationService({
    metrics: uncountedStoreFailures,
    store,
    logger: captureLogs().logger,
    clock: movableClock().now,
    sessionTtlMinutes: 30,
    defaultRegion: 'BJ',
    webhookTargetFor: () => ({ backends: {}, secret: () => undefined, secretBackends: {} }),
  });
  const now = new Date().toISOString();
  // Remembered from an earlier contact: French, alerted under 1000.
  await store.putCaller({ number: NUMBER, preferredLocale: 'fr', variables: { seuil: 1000 }, contacts: [], createdAt: now, updatedAt: now });
});
afterEach(async () => {
  await service.idle();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const start = (key: string, channel: 'voice' | 'whatsapp', callerNumber: string, flowId = 'alerte') =>
  service.start({ key, channel, flow: { flowId, source: 'production' }, callerNumber, preview: false });
const profile = () => store.getCaller(NUMBER);

describe('a caller who chooses again, in a call, what they had when it started, after changing it on WhatsApp meanwhile', () => {
  it('keeps the call’s choice: the language picked from the menu and the threshold typed, though the call started with both', async () => {
    await publishFlow(store, alertFlow({ skipIfKnown: false }));
    // The call starts in French with 1000; the WhatsApp chat starts too.
    expect((await start('voice:CA-again', 'voice', NUMBER)).session.wait?.node).toBe('language');
    await start(`whatsapp:${WA}`, 'whatsapp', WA);
    // On WhatsApp: English, and 500.
    await service.handle(`whatsapp:${WA}`, { type: 'text', text: '2' });
    await service.handle(`whatsapp:${WA}`, { type: 'text', text: '500' });
    expect(await profile()).toMatchObject({ preferredLocale: 'en', variables: { seuil: 500 } });

    // In the call: French again. Its `seuil || 1000` puts back nothing it did not choose: 500 stays.
    await service.handle('voice:CA-again', { type: 'digits', digits: '1' });
    expect(await profile()).toMatchObject({ preferredLocale: 'fr', variables: { seuil: 500 } });
    // Then 1000 again, typed: the next contact alerts under 1000 (old code: 500, in English).
    await service.handle('voice:CA-again', { type: 'digits', digits: '1000' });
    expect(await profile()).toMatchObject({ preferredLocale: 'fr', variables: { seuil: 1000 } });
  });

  it('writes no language for a menu skipped because the language was known: the one chosen on WhatsApp meanwhile stays', async () => {
    await publishFlow(store, alertFlow({ skipIfKnown: false }));
    await publishFlow(store, alertFlow({ skipIfKnown: true, languageLast: true }));
    // The call (threshold first, then the language menu, skipped for a caller known in French).
    expect((await start('voice:CA-skip', 'voice', NUMBER, 'rappel')).session.wait?.node).toBe('ask');
    // On WhatsApp meanwhile: English.
    await start(`whatsapp:${WA}`, 'whatsapp', WA);
    await service.handle(`whatsapp:${WA}`, { type: 'text', text: '2' });
    expect((await profile())?.preferredLocale).toBe('en');
    // The call goes on past the skipped menu: French was kept, not chosen.
    const last = await service.handle('voice:CA-skip', { type: 'digits', digits: '750' });
    expect(last).toMatchObject({ status: 'ended', session: { locale: 'fr' }, trace: { nodes: ['language', 'bye'] } });
    expect(await profile()).toMatchObject({ preferredLocale: 'en', variables: { seuil: 750 } });
  });
});
