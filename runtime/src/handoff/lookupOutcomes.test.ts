import { describe, expect, it } from 'vitest';
import type { ContactFlow, Effect, Flow, HandoffContact } from '@griot/flows';
import type { LookupReport } from '../conversations/turnState.ts';
import { transcriptTurn } from '../transcripts/transcriptTurn.ts';
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

  it('gives the outcome of a look-up the backend answered within its turn, as the turn recorder keeps it', () => {
    // The caller picks « forfait »; the operator's system answers in 40 ms: the look-up, its branch and the handover are one turn.
    const within = (report: LookupReport, nodes = ['menu', 'si', 'handoff']): TranscriptTurn =>
      transcriptTurn({ at: new Date(at(5)), input: { type: 'choice', option: 'forfait' }, effects: [{ type: 'handoff' } as Effect], nodes, durationMs: 45, lookups: [report] });
    const run = (report: LookupReport) => lookupOutcomes(contact, transcript([turn(1, { type: 'start' }, ['start', 'menu']), within(report)]), flow).get('si');
    expect(run({ node: 'si', backend: 'crm', outcome: 'response', ms: 40 })).toEqual({ outcome: 'ok' });
    expect(run({ node: 'si', backend: 'crm', outcome: 'response', ms: 40, notFound: true })).toEqual({ outcome: 'notFound' });
    expect(run({ node: 'si', backend: 'crm', outcome: 'response', ms: 40, cause: 'http 503' })).toEqual({ outcome: 'error', status: 503 });
    expect(run({ node: 'si', backend: 'crm', outcome: 'timeout', ms: 40, cause: 'timeout' })).toEqual({ outcome: 'timeout' });
    expect(run({ node: 'si', backend: 'crm', outcome: 'error', ms: 40, cause: 'ECONNREFUSED' })).toEqual({ outcome: 'error' });
    // What the agent reads on the path.
    const path: ContactFlow = { id: 'f', path: [{ id: 'si', type: 'http', label: 'Appel au SI' }] };
    const outcomes = lookupOutcomes(contact, transcript([within({ node: 'si', backend: 'crm', outcome: 'response', ms: 40, cause: 'http 503' })]), flow);
    expect(withLookups(path, outcomes).path[0]!.lookup).toEqual({ outcome: 'error', status: 503 });
  });

  it('keeps the status of a slow answer, and a fast look-up run after it in the same turn wins', () => {
    const outcomes = lookupOutcomes(
      contact,
      transcript([
        turn(1, { type: 'start' }, ['start', 'si']),
        {
          ...turn(2, { type: 'webhook', outcome: 'response', status: 404 }, ['si', 'retry', 'si', 'handoff'], ['say', 'handoff']),
          lookups: [
            { node: 'si', backend: 'crm', outcome: 'notFound', ms: 3000 },
            { node: 'si', backend: 'crm', outcome: 'ok', ms: 30 },
          ],
        },
      ]),
      flow,
    );
    expect(outcomes.get('si')).toEqual({ outcome: 'ok' });
    const slowOnly = lookupOutcomes(
      contact,
      transcript([
        turn(1, { type: 'start' }, ['start', 'si']),
        { ...turn(2, { type: 'webhook', outcome: 'response', status: 404 }, ['si', 'handoff']), lookups: [{ node: 'si', backend: 'crm', outcome: 'notFound', ms: 3000 }] },
      ]),
      flow,
    );
    expect(slowOnly.get('si')).toEqual({ outcome: 'notFound', status: 404 });
  });

  it('reads nothing of a transcript started after the contact, nor of look-ups after the handover', () => {
    expect(lookupOutcomes(contact, null).size).toBe(0);
    const later = lookupOutcomes(contact, transcript([turn(1, { type: 'start' }, ['si']), turn(40, { type: 'webhook', outcome: 'timeout' }, ['si'])]), flow);
    expect(later.size).toBe(0);
  });
});
