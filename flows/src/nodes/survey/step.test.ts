import { describe, expect, it } from 'vitest';
import { Flow } from '../../schema/flow.ts';
import { step } from '../../interpreter/step.ts';
import { createSession } from '../../interpreter/session.ts';
import { lintFlow } from '../../lint/lintFlow.ts';
import type { Channel } from '../../schema/common.ts';
import type { Effect, FlowEvent, Session } from '../../interpreter/types.ts';

function surveyFlow(survey: Record<string, unknown> = {}) {
  return Flow.parse({
    schemaVersion: 2,
    id: 'csat',
    name: 'CSAT',
    locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google', language: 'fr-FR' }, asr: { vendor: 'google', language: 'fr-FR' } }],
    variables: [{ name: 'note', type: 'number' }],
    nodes: [
      { id: 'start', type: 'start' },
      {
        id: 'survey',
        type: 'survey',
        prompt: { fr: { text: 'Votre satisfaction, de 1 à 5 ?' } },
        variable: 'note',
        answers: [
          { label: { fr: 'Très mécontent' } },
          { label: { fr: 'Mécontent' } },
          { label: { fr: 'Moyen' } },
          { label: { fr: 'Satisfait' } },
          { label: { fr: 'Très satisfait' }, synonyms: { fr: ['excellent', 'parfait'] } },
        ],
        noMatchPrompt: { fr: { text: 'Une note de 1 à 5, s’il vous plaît.' } },
        ...survey,
      },
      { id: 'thanks', type: 'end', reason: 'served' },
      { id: 'skipped', type: 'end', reason: 'served' },
    ],
    edges: [
      { id: 'e1', source: 'start', output: 'next', target: 'survey' },
      { id: 'e2', source: 'survey', output: 'answered', target: 'thanks' },
      { id: 'e3', source: 'survey', output: 'noInput', target: 'skipped' },
      { id: 'e4', source: 'survey', output: 'noMatch', target: 'skipped' },
    ],
  });
}

function play(flow: Flow, events: FlowEvent[], channel: Channel = 'voice') {
  let session: Session = createSession(flow, { channel, caller: { number: '+2290197000001' }, flowVersion: 1 });
  const turns: Array<{ effects: Effect[]; edges: string[] }> = [];
  for (const event of [{ type: 'start' } as FlowEvent, ...events]) {
    const result = step(flow, session, event);
    session = result.session;
    turns.push({ effects: result.effects, edges: result.trace.edges });
  }
  return { session, turns, last: turns.at(-1)! };
}

describe('survey node', () => {
  it('asks for a score on the keypad, one key per score, labelled for buttons and list rows', () => {
    const { last, session } = play(surveyFlow(), []);
    const ask = last.effects.find((e) => e.type === 'ask');
    expect(ask).toMatchObject({ kind: 'choice', minDigits: 1, maxDigits: 1, retry: 0 });
    expect(ask?.type === 'ask' && ask.options?.map((o) => [o.key, o.label])).toEqual([
      ['1', 'Très mécontent'],
      ['2', 'Mécontent'],
      ['3', 'Moyen'],
      ['4', 'Satisfait'],
      ['5', 'Très satisfait'],
    ]);
    expect(session.wait).toMatchObject({ node: 'survey', for: 'caller' });
  });

  it('keeps the answer as a score effect and in the variable, and leaves through answered', () => {
    const { last, session } = play(surveyFlow(), [{ type: 'digits', digits: '4' }]);
    expect(last.effects).toContainEqual({ type: 'score', node: 'survey', score: 4, scale: 5 });
    expect(last.edges).toEqual(['e2']);
    expect(session.vars.note).toBe(4);
    expect(session.endReason).toBe('served');
  });

  it('understands a button or a label written on messaging', () => {
    expect(play(surveyFlow(), [{ type: 'choice', option: '2' }], 'whatsapp').last.effects).toContainEqual({ type: 'score', node: 'survey', score: 2, scale: 5 });
    expect(play(surveyFlow(), [{ type: 'text', text: 'très satisfait !' }], 'whatsapp').last.effects).toContainEqual({ type: 'score', node: 'survey', score: 5, scale: 5 });
    expect(play(surveyFlow(), [{ type: 'speech', text: 'excellent', confidence: 0.8 }]).last.effects).toContainEqual({ type: 'score', node: 'survey', score: 5, scale: 5 });
  });

  it('asks once more after a wrong key, then gives up through noMatch without a score', () => {
    const { turns, session } = play(surveyFlow(), [
      { type: 'digits', digits: '7' },
      { type: 'digits', digits: '9' },
    ]);
    expect(turns[1]!.effects.map((e) => e.type)).toEqual(['say', 'say', 'ask']);
    expect(turns[1]!.effects.find((e) => e.type === 'ask')).toMatchObject({ retry: 1 });
    expect(turns[2]!.edges).toEqual(['e4']);
    expect(turns.flatMap((t) => t.effects).some((e) => e.type === 'score')).toBe(false);
    expect(session.vars.note).toBeUndefined();
  });

  it('on a three-point scale, refuses a 4 and takes a 3', () => {
    const flow = surveyFlow({ scale: 3, answers: [] });
    const { last } = play(flow, [
      { type: 'digits', digits: '4' },
      { type: 'digits', digits: '3' },
    ]);
    expect(last.effects).toContainEqual({ type: 'score', node: 'survey', score: 3, scale: 3 });
  });

  it('is refused by the lint when its answers do not match its scale', () => {
    const issues = lintFlow(surveyFlow({ scale: 3 }));
    expect(issues).toContainEqual(expect.objectContaining({ code: 'survey.answers', severity: 'error', node: 'survey', field: 'answers' }));
    expect(lintFlow(surveyFlow()).filter((i) => i.code === 'survey.answers')).toEqual([]);
  });
});
