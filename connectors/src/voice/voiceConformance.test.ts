import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parseFlow, runTests, type Flow } from '@griot/flows';
import { assertJambonzAccepts, assertWaitHookAnswer } from './testing/jambonzOracles.ts';
import { playTestCase } from './testing/playTestCase.ts';
import { voiceTestFlow } from './testing/voiceTestFlow.ts';
import { agentTargetFor } from './agentTarget.ts';
import { planCallbackCall } from './planCallbackCall.ts';
import { renderCallbackAgentUnavailable, renderCallbackAnswer } from './renderCallbackAnswer.ts';

/**
 * Every verb array Griot can send, held to what jambonz itself accepts: the feature server's
 * validator (@jambonz/verb-specifications 0.1.13, unknown properties refused) and the SDK's JSON
 * schemas (@jambonz/schema 0.4.15, enums and components checked). The arrays come from playing
 * each scripted call of a flow as a phone call, with look-ups answering at once and slower than
 * the turn budget (fillers, continuations), plus the queue wait hook at every handoff.
 */
async function holdFlowToJambonz(flow: Flow) {
  const report = runTests(flow);
  const voiceCases = flow.tests.filter((c) => c.channel === 'voice');
  let arrays = 0;
  let continuations = 0;
  const skipped: string[] = [];
  for (const testCase of voiceCases) {
    const scripted = report.cases.find((c) => c.name === testCase.name)?.transcript.at(-1)?.at;
    for (const slowLookups of [false, true]) {
      const played = await playTestCase(flow, testCase, { slowLookups });
      // By phone the call takes the same path as the script: gathers and hooks mean what the inputs mean.
      if (played.skipped.length === 0) expect(played.at, testCase.name).toBe(scripted);
      played.call.received.forEach((verbs, i) => assertJambonzAccepts(verbs, `${testCase.name}${slowLookups ? ' (slow)' : ''}, answer ${i}`));
      played.waitHookAnswers.forEach((verbs) => assertWaitHookAnswer(verbs));
      arrays += played.call.received.length + played.waitHookAnswers.length;
      continuations += played.call.received.flat().filter((v) => (v as { verb: string }).verb === 'redirect').length;
      if (!slowLookups) skipped.push(...played.skipped.map((s) => `${testCase.name}: ${s}`));
    }
  }
  return { report, arrays, continuations, skipped, cases: voiceCases.length };
}

function exampleFlow(name: string): Flow {
  const path = createRequire(import.meta.url).resolve(`@griot/flows/examples/${name}.json`);
  const parsed = parseFlow(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.ok) throw new Error(`${name} does not parse`);
  return parsed.flow;
}

describe('jambonz conformance', () => {
  it('can tell a bad verb from a good one (the oracles are live)', () => {
    expect(() => assertJambonzAccepts([{ verb: 'gather', input: ['dtmf'] }])).toThrow('@jambonz/schema');
    expect(() => assertJambonzAccepts([{ verb: 'say', text: 'x', language: 'fr-FR' }])).toThrow('unknown property language');
    expect(() => assertJambonzAccepts([{ verb: 'config', synthesizer: { language: 'fr-FR' } }])).toThrow();
    expect(() => assertWaitHookAnswer([{ verb: 'say', text: 'x' }, { verb: 'hangup' }])).toThrow('waitHook answer holds hangup');
  });

  it('accepts everything Griot says across every node type and every path of the voice test flow', async () => {
    const { report, arrays, continuations, skipped, cases } = await holdFlowToJambonz(voiceTestFlow());
    expect(report.coverage.nodes.missing).toEqual([]);
    expect(report.coverage.edges.missing).toEqual([]);
    expect(cases).toBe(14);
    expect(arrays).toBeGreaterThan(100);
    expect(continuations).toBeGreaterThan(0);
    // Every voice step is playable by phone, the callback offer included.
    expect(skipped).toEqual([]);
  });
});

describe('jambonz conformance of the 1919 self-care line', () => {
  it('accepts everything Griot says on every voice path of the example flow', async () => {
    const flow = exampleFlow('1919-selfcare');
    const { report, arrays, continuations, skipped, cases } = await holdFlowToJambonz(flow);
    expect(report.failed).toBe(0);
    expect(cases).toBeGreaterThanOrEqual(20);
    expect(arrays).toBeGreaterThan(200);
    expect(continuations).toBeGreaterThan(0);
    expect(skipped).toEqual([]);
  });
});

describe('jambonz conformance of callback calls', () => {
  it('accepts the greeting and dial to the agent for every language and kind of agent target, and the agent-unavailable goodbye', () => {
    const locales = exampleFlow('1919-selfcare').locales;
    let arrays = 0;
    for (const locale of ['fr', 'en', 'fon', 'pt']) {
      const plan = planCallbackCall({
        request: {
          id: 'cb-1',
          attempt: 1,
          number: '+2290197000003',
          locale,
          queue: `support-${locale}`,
          reason: 'Réclamation « urgente »\n',
          agent: 'awa@operator.bj',
          flow: { id: 'f', version: 1 },
          variables: { segment: 'vip' },
        },
        from: '1919',
        publicBaseUrl: 'https://griot.example.bj',
        ringSeconds: 30,
        locales,
      });
      if (!plan.ok) throw new Error(plan.problem);
      for (const template of ['sip:{{agent}}@agents.example.bj', 'user:{{agent}}', '+22921300100']) {
        const verbs = renderCallbackAnswer(plan.tag, {
          agentTarget: agentTargetFor(template, 'awa@operator.bj'),
          subscriberNumber: '+2290197000003',
          callSid: 'c1',
          dialHook: 'https://griot.example.bj/jambonz/callback/dial',
          agentRingSeconds: 30,
        });
        assertJambonzAccepts(verbs, `callback answer (${locale}, ${template})`);
        arrays += 1;
      }
      assertJambonzAccepts(renderCallbackAgentUnavailable(plan.tag), `agent unavailable (${locale})`);
      arrays += 1;
    }
    expect(arrays).toBe(16);
  });
});
