import { describe, expect, it } from 'vitest';
import type { ContactFlow, Flow, HandoffContact } from '@griot/flows';
import type { Transcript, TranscriptTurn } from '../store/types.ts';
import { lookupOutcomes, withLookups } from './lookupOutcomes.ts';

const at = (second: number) => new Date(Date.UTC(2026, 11, 4, 10, 0, second)).toISOString();
const turn = (second: number, input: TranscriptTurn['input'], nodes: string[], effects: string[] = ['say']): TranscriptTurn => ({ at: at(second), input, prompts: [], nodes, effects, durationMs: 1 });
const contact = { enqueuedAt: at(30) } as HandoffContact;
const transcript = (turns: TranscriptTurn[]) => ({ startedAt: at(0), turns }) as Transcript;
const flow = { nodes: [{ id: 'si', type: 'http', notFoundStatuses: [404, 410] }] } as unknown as Flow;

describe('lookupOutcomes', () => {
  it('gives the branch each look-up took before the handover, from the answer the transcript kept (its status, no body)', () => {
    const outcomes = lookupOutcomes(
      contact,
      transcript([
        turn(1, { type: 'start' }, ['start', 'menu']),
        turn(5, { type: 'choice', option: 'forfait' }, ['menu', 'si']),
        turn(9, { type: 'webhook', outcome: 'timeout' }, ['si', 'sorry', 'handoff'], ['say', 'handoff']),
      ]),
      flow,
    );
    expect(Object.fromEntries(outcomes)).toEqual({ si: { outcome: 'timeout' } });
    const path: ContactFlow = {
      id: 'f',
      path: [
        { id: 'menu', type: 'menu', label: 'Menu' },
        { id: 'si', type: 'http', label: 'Appel au SI' },
      ],
    };
    expect(withLookups(path, outcomes).path[1]).toEqual({ id: 'si', type: 'http', label: 'Appel au SI', lookup: { outcome: 'timeout' } });
  });

  it('tells an error, a status the node treats as not found, and a success apart; the last run of a node wins', () => {
    const run = (input: TranscriptTurn['input']) => lookupOutcomes(contact, transcript([turn(1, { type: 'start' }, ['si']), turn(2, input, ['si', 'handoff'])]), flow).get('si');
    expect(run({ type: 'webhook', outcome: 'error' })).toEqual({ outcome: 'error' });
    expect(run({ type: 'webhook', outcome: 'response', status: 503 })).toEqual({ outcome: 'error', status: 503 });
    expect(run({ type: 'webhook', outcome: 'response', status: 410 })).toEqual({ outcome: 'notFound', status: 410 });
    expect(run({ type: 'webhook', outcome: 'response', status: 200 })).toEqual({ outcome: 'ok', status: 200 });
    const twice = lookupOutcomes(
      contact,
      transcript([
        turn(1, { type: 'start' }, ['si']),
        turn(2, { type: 'webhook', outcome: 'timeout' }, ['si', 'retry', 'si']),
        turn(3, { type: 'webhook', outcome: 'response', status: 200 }, ['si', 'handoff']),
      ]),
      flow,
    );
    expect(twice.get('si')).toEqual({ outcome: 'ok', status: 200 });
  });

  it('says a look-up Griot could not send was misconfigured, as its transcript does, not that the operator’s system failed', () => {
    const misconfigured: TranscriptTurn = {
      ...turn(5, { type: 'choice', option: 'forfait' }, ['menu', 'si', 'sorry', 'handoff'], ['say', 'handoff']),
      lookups: [{ node: 'si', backend: 'crm', outcome: 'misconfigured', cause: 'secret.notSet', ms: 0 }],
    };
    const outcomes = lookupOutcomes(contact, transcript([turn(1, { type: 'start' }, ['start', 'menu']), misconfigured]), flow);
    expect(outcomes.get('si')).toEqual({ outcome: 'misconfigured' });
    // Answered slowly in the next turn, it stays misconfigured too (the carried report says so).
    const slow = lookupOutcomes(
      contact,
      transcript([
        turn(1, { type: 'start' }, ['start', 'si']),
        { ...turn(2, { type: 'webhook', outcome: 'error' }, ['si', 'handoff']), lookups: [{ node: 'si', backend: 'crm', outcome: 'misconfigured', cause: 'backend.noUrl', ms: 0 }] },
      ]),
      flow,
    );
    expect(slow.get('si')).toEqual({ outcome: 'misconfigured' });
  });

  it('reads nothing of a transcript started after the contact, nor of look-ups after the handover', () => {
    expect(lookupOutcomes(contact, null).size).toBe(0);
    const later = lookupOutcomes(contact, transcript([turn(1, { type: 'start' }, ['si']), turn(40, { type: 'webhook', outcome: 'timeout' }, ['si'])]), flow);
    expect(later.size).toBe(0);
  });
});
