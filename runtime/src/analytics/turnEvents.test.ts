import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSession, parseFlow, step, type Flow, type FlowEvent, type Session } from '@griot/flows';
import { turnEvents } from './turnEvents.ts';
import { contactOutcome } from './contactOutcome.ts';
import { handoffProgressAfter } from './handoffProgress.ts';
import { lookupFailedAfter } from './lookupFailed.ts';
import type { HandoffProgress } from '../store/types.ts';

const parsed = parseFlow(JSON.parse(readFileSync(new URL('../../../flows/examples/1919-selfcare.json', import.meta.url), 'utf8')));
if (!parsed.ok) throw new Error('the 1919 example does not parse');
const flow: Flow = parsed.flow;

/** Plays events through the interpreter, keeping each turn's analytics events and the handoff progress. */
function play(events: FlowEvent[], caller = { number: '+2290197000001', knownLocale: 'fr' }) {
  let session: Session = createSession(flow, { channel: 'voice', caller, flowVersion: 1 });
  let progress: HandoffProgress | undefined;
  let failed: boolean | undefined;
  const turns: Array<ReturnType<typeof turnEvents>> = [];
  let last: string[] = [];
  for (const event of [{ type: 'start' } as FlowEvent, ...events]) {
    const result = step(flow, session, event);
    turns.push(turnEvents(flow, { before: session, after: result.session, event, trace: result.trace, effects: result.effects, lookups: [] }));
    progress = handoffProgressAfter(flow, progress, { asked: result.effects.some((e) => e.type === 'handoff'), queued: false, edges: result.trace.edges });
    failed = lookupFailedAfter(flow, failed, result.trace.edges);
    last = result.trace.edges.map((id) => flow.edges.find((e) => e.id === id)!.output);
    session = result.session;
  }
  return { turns, session, progress, outcome: () => contactOutcome(flow, session, progress, false, last, failed === true) };
}

const lookup = (body: unknown): FlowEvent => ({ type: 'webhook', outcome: 'response', status: 200, body });
const subscriber = { number: '+2290197000001', locale: 'fr', segment: 'regular', puk: '12345678', balance: { airtime: 1250, data: '850 Mo' }, momo: { balance: 0, transactions: [] } };

describe('the facts of a turn', () => {
  it('names the nodes entered and the outputs taken, nothing the caller said', () => {
    const { turns } = play([{ type: 'digits', digits: '2' }]);
    const second = turns[1]!;
    expect(second).toContainEqual({ type: 'exit', node: 'mainMenu', output: 'balance' });
    expect(second).toContainEqual({ type: 'visit', node: 'lookupSubscriber' });
    expect(JSON.stringify(turns)).not.toContain('+229');
  });

  it('counts a silence and a wrong key at the node that waited, and a give-up once', () => {
    const { turns } = play([{ type: 'noInput' }, { type: 'digits', digits: '9' }, { type: 'digits', digits: '8' }, { type: 'digits', digits: '7' }]);
    expect(turns[1]).toEqual([{ type: 'noInput', node: 'mainMenu' }]);
    expect(turns[2]).toEqual([{ type: 'noMatch', node: 'mainMenu' }]);
    // The third wrong answer takes noMatch: one more wrong answer, and the output.
    expect(turns[4]!.filter((e) => e.type === 'noMatch')).toEqual([{ type: 'noMatch', node: 'mainMenu' }]);
    expect(turns[4]).toContainEqual({ type: 'exit', node: 'mainMenu', output: 'noMatch' });
  });

  it('asks the survey and keeps the score', () => {
    const { turns, outcome } = play([{ type: 'digits', digits: '2' }, lookup(subscriber), { type: 'digits', digits: '3' }, { type: 'digits', digits: '4' }]);
    expect(turns[3]).toContainEqual({ type: 'csatAsked', node: 'satisfaction' });
    expect(turns[4]).toContainEqual({ type: 'csat', node: 'satisfaction', score: 4, scale: 5 });
    expect(outcome()).toBe('contained');
  });
});

describe('the outcome of a contact', () => {
  it('is abandoned when the flow ends on silences, an error when it ends on a failed look-up', () => {
    expect(play([{ type: 'noInput' }, { type: 'noInput' }, { type: 'noInput' }]).outcome()).toBe('abandoned');
    const failed = play([
      { type: 'digits', digits: '2' },
      { type: 'webhook', outcome: 'error', message: 'down' },
      { type: 'digits', digits: '2' },
    ]);
    expect(failed.session.status).toBe('ended');
    expect(failed.outcome()).toBe('error');
  });

  it('follows the handoff: transferred once an agent had it, callback, no agent, abandoned in the queue', () => {
    const ask = [{ type: 'digits', digits: '4' } as FlowEvent, lookup(subscriber)];
    expect(play([...ask, { type: 'handoff', outcome: 'done' }, { type: 'digits', digits: '5' }]).outcome()).toBe('transferred');
    expect(play([...ask, { type: 'handoff', outcome: 'callback' }]).outcome()).toBe('callback');
    expect(play([...ask, { type: 'handoff', outcome: 'unavailable' }]).outcome()).toBe('noAgent');
    const hungUp = play([...ask, { type: 'hangup' }]);
    expect(hungUp.progress).toBe('asked');
    expect(hungUp.outcome()).toBe('abandoned');
    expect(contactOutcome(flow, hungUp.session, 'queued', true, [])).toBe('transferred');
  });

  it('keeps the furthest a handoff went: a second request after an agent does not undo it', () => {
    expect(handoffProgressAfter(flow, 'answered', { asked: true, queued: true, edges: [] })).toBe('answered');
    expect(handoffProgressAfter(flow, 'unavailable', { asked: true, queued: false, edges: [] })).toBe('asked');
    expect(handoffProgressAfter(flow, 'queued', { asked: false, queued: false, edges: ['handoff-unavailable'] })).toBe('unavailable');
  });
});
