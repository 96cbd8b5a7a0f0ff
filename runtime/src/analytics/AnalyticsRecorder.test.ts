import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSession, parseFlow, step, type Effect, type Flow, type FlowEvent } from '@griot/flows';
import { createLogger } from '../logger.ts';
import { SqliteStore } from '../store/sqlite/SqliteStore.ts';
import type { FactBatch, PendingFacts, SessionRecord } from '../store/types.ts';
import { emptyTurn } from '../conversations/turnState.ts';
import { AnalyticsRecorder } from './AnalyticsRecorder.ts';
import { turnEvents } from './turnEvents.ts';

const parsed = parseFlow(JSON.parse(readFileSync(new URL('../../../flows/examples/1919-selfcare.json', import.meta.url), 'utf8')));
if (!parsed.ok) throw new Error('the 1919 example does not parse');
const flow: Flow = parsed.flow;
const SECRET = 'PUK-31415926';
const NUMBER = '+2290197000001';

/** Every value reachable from `root` (the flow and the hasher, long-lived and shared, left out), and whether `targets` are among them. */
function reachable(root: unknown, skip: ReadonlySet<unknown>): { strings: string[]; objects: Set<object> } {
  const objects = new Set<object>();
  const strings: string[] = [];
  const visit = (value: unknown) => {
    if (typeof value === 'string') strings.push(value);
    if (value === null || typeof value !== 'object' || objects.has(value) || skip.has(value)) return;
    objects.add(value);
    for (const key of Object.keys(value)) visit((value as Record<string, unknown>)[key]);
  };
  visit(root);
  return { strings, objects };
}

describe("a turn's analytics facts, handed over as the turn has them", () => {
  it('keeps no session, no variable and no prompt until built, and builds the facts of the turn, the caller hashed', async () => {
    const store = new SqliteStore(':memory:');
    const recorder = new AnalyticsRecorder(store, { enabled: true, containmentWindowHours: 24, key: 'k'.repeat(32) }, createLogger({ logLevel: 'silent' }));
    const hasher = await recorder.hasher;
    const before = createSession(flow, { channel: 'voice', caller: { number: NUMBER, knownLocale: 'fr' }, flowVersion: 1 });
    const event: FlowEvent = { type: 'start' };
    const result = step(flow, before, event);
    // A sensitive value in the session and in what the turn says (a PUK read back).
    const after = { ...result.session, vars: { ...result.session.vars, puk: SECRET } };
    const turn = { ...emptyTurn(), trace: result.trace, effects: [...result.effects, { type: 'say', text: `Votre code est ${SECRET}` } as unknown as Effect] };
    const record: SessionRecord = {
      key: 'voice:call-1',
      session: after,
      bindingId: 'b1',
      environment: 'production',
      preview: false,
      createdAt: '2026-03-02T10:00:00.000Z',
      updatedAt: '2026-03-02T10:00:00.000Z',
      expiresAt: '2026-03-02T10:30:00.000Z',
    };
    const observing = recorder.observe({ record, flow, before, after, event, turn, at: new Date('2026-03-02T10:00:00.000Z'), newContact: true, ended: false });
    // A turn that needs nothing from the store (not the end, no survey after an agent) gets its report at once: no promise in front of its write (issue 17).
    expect(observing).not.toBeInstanceOf(Promise);
    const report = await observing;

    const handed = report.facts as PendingFacts;
    expect(typeof handed.build).toBe('function');
    const kept = reachable(handed, new Set<unknown>([flow, hasher]));
    expect(kept.strings.filter((s) => s.includes(SECRET))).toEqual([]);
    for (const held of [record, before, after, after.vars, turn, turn.effects]) expect(kept.objects.has(held)).toBe(false);

    const batch = handed.build() as FactBatch;
    expect(batch).toMatchObject({ flowId: flow.id, version: 1, environment: 'production', channel: 'voice', traffic: 'live', at: '2026-03-02T10:00:00.000Z' });
    expect(batch.contact).toBe(hasher.contact('voice:call-1', '2026-03-02T10:00:00.000Z'));
    expect(batch.caller).toBe(hasher.caller(NUMBER));
    expect(batch.events).toEqual([{ type: 'contact' }, ...turnEvents(flow, { before, after, event, trace: result.trace, effects: result.effects, lookups: [] })]);
    expect(JSON.stringify(batch)).not.toContain(NUMBER);
    await store.close();
  });

  it("counts each turn under the contact's dimensions as they were at that turn: a language chosen mid-contact counts from that turn on", async () => {
    const store = new SqliteStore(':memory:');
    const recorder = new AnalyticsRecorder(store, { enabled: true, containmentWindowHours: 24, key: 'k'.repeat(32) }, createLogger({ logLevel: 'silent' }));
    const hasher = await recorder.hasher;
    const first = createSession(flow, { channel: 'voice', caller: { number: NUMBER, knownLocale: 'fr' }, flowVersion: 1 });
    const record = (session: typeof first): SessionRecord => ({
      key: 'voice:call-2',
      session,
      bindingId: 'b1',
      environment: 'production',
      preview: false,
      createdAt: '2026-03-02T10:00:00.000Z',
      updatedAt: '2026-03-02T10:00:00.000Z',
      expiresAt: '2026-03-02T10:30:00.000Z',
    });
    const event: FlowEvent = { type: 'start' };
    const result = step(flow, first, event);
    const turn = { ...emptyTurn(), trace: result.trace, effects: result.effects };
    const at = (minute: number) => new Date(`2026-03-02T10:0${minute}:00.000Z`);
    const built: FactBatch[] = [];
    // Three turns of one contact: French, then English chosen, then English again.
    for (const [i, locale] of (['fr', 'en', 'en'] as const).entries()) {
      const after = { ...result.session, locale };
      const report = await recorder.observe({ record: record(after), flow, before: first, after, event, turn, at: at(i), newContact: i === 0, ended: false });
      built.push((report.facts as PendingFacts).build() as FactBatch);
    }
    expect(built.map((b) => [b.locale, b.at])).toEqual([
      ['fr', '2026-03-02T10:00:00.000Z'],
      ['en', '2026-03-02T10:01:00.000Z'],
      ['en', '2026-03-02T10:02:00.000Z'],
    ]);
    // One contact throughout, its caller named on its first batch only.
    expect(new Set(built.map((b) => b.contact))).toEqual(new Set([hasher.contact('voice:call-2', '2026-03-02T10:00:00.000Z')]));
    expect(built.map((b) => b.caller)).toEqual([hasher.caller(NUMBER), null, null]);
    await store.close();
  });
});
