import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFlow } from '../lint/parseFlow.ts';
import type { Flow } from '../schema/flow.ts';
import { TestCase } from '../schema/testCase.ts';
import { runTests } from './runTests.ts';
import { lintFlow } from '../lint/lintFlow.ts';

const parsed = parseFlow(JSON.parse(readFileSync(new URL('../../examples/1919-selfcare.json', import.meta.url), 'utf8')));
if (!parsed.ok) throw new Error('1919 flow does not parse');
const demo = parsed.flow;
const FON_CASE = 'Appelant en fon (messages enregistrés, clavier seulement) : solde Mobile Money et les trois dernières opérations';

/** The demo with the Fon welcome re-taken: the new take is kept under a new numbered name, as the audio library does. */
function reRecorded(flow: Flow, nodeId: string, audio: string): Flow {
  const next = structuredClone(flow);
  const node = next.nodes.find((n) => n.id === nodeId) as { prompt?: Record<string, { audio?: string }> } | undefined;
  const fon = node?.prompt?.fon;
  if (!fon) throw new Error(`${nodeId} has no Fon prompt`);
  fon.audio = audio;
  return next;
}

const demoFon = demo.tests.find((c) => c.name === FON_CASE);
if (!demoFon) throw new Error('the demo has no Fon case');
/** The demo's Fon caller choosing Fon on the keypad, with one expectation. */
const fonCase = (expect: Record<string, unknown>) => TestCase.parse({ ...demoFon, name: 'Fon welcome', steps: [{ input: { digits: '3' }, expect }] });

describe('a test expecting a recording by its place in the flow', () => {
  it('still passes once the prompt is re-recorded under a new file name', () => {
    expect(runTests(demo).failed).toBe(0);
    const report = runTests(reRecorded(demo, 'welcome', 'welcome-prompt-fon.wav'));
    expect(report.failed).toBe(0);
    expect(report.cases.find((c) => c.name === FON_CASE)?.passed).toBe(true);
  });

  it('fails, saying which recording was missing and which were played, when the node said nothing recorded', () => {
    const noRecording = structuredClone(demo);
    const welcome = noRecording.nodes.find((n) => n.id === 'welcome') as { prompt: Record<string, { audio?: string; text?: string }> };
    welcome.prompt.fon = { text: 'Kúdó àbɔ̀' };
    const [result] = runTests(noRecording, [fonCase({ played: [{ node: 'welcome', locale: 'fon' }] })]).cases;
    expect(result?.passed).toBe(false);
    expect(result?.problems).toEqual([
      {
        step: 1,
        code: 'recordingNotPlayed',
        subject: 'welcome',
        expected: 'welcome (fon)',
        got: 'mainMenu (fon)',
        message: 'expected the recording of welcome in fon to be played, got: recordings of mainMenu (fon)',
      },
    ]);
    expect(result?.failures).toEqual(['step 1: expected the recording of welcome in fon to be played, got: recordings of mainMenu (fon)']);
  });

  it('checks the language when one is given, and any language otherwise', () => {
    expect(runTests(demo, [fonCase({ played: [{ node: 'welcome' }] })]).failed).toBe(0);
    expect(runTests(demo, [fonCase({ played: [{ node: 'welcome', locale: 'fr' }] })]).cases[0]?.problems[0]?.code).toBe('recordingNotPlayed');
  });

  it('keeps running older tests that name the file, which a re-take breaks, with the expectation and what was said apart', () => {
    const byFile = fonCase({ promptContains: '[audio: fon/welcome.wav]' });
    expect(runTests(demo, [byFile]).failed).toBe(0);
    const [result] = runTests(reRecorded(demo, 'welcome', 'welcome-prompt-fon.wav'), [byFile]).cases;
    expect(result?.problems[0]).toMatchObject({ step: 1, code: 'promptMissing', expected: '[audio: fon/welcome.wav]' });
    expect(result?.problems[0]?.got).toContain('[audio: welcome-prompt-fon.wav]');
  });
});

describe('lint of tests that name a recording file', () => {
  it('warns of each step expecting a file, naming the played expectation that survives a re-take; the demo has none', () => {
    expect(lintFlow(demo).filter((i) => i.code === 'test.recordingByFile')).toEqual([]);
    const old = structuredClone(demo);
    const fon = old.tests.find((c) => c.name === FON_CASE);
    if (!fon?.steps[0]) throw new Error('no Fon case');
    fon.steps[0].expect = { promptContains: ['[audio: fon/welcome.wav]', 'Bienvenue'] };
    const warnings = lintFlow(old).filter((i) => i.code === 'test.recordingByFile');
    expect(warnings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        field: `tests.${old.tests.indexOf(fon)}`,
        params: { test: FON_CASE, step: '1', file: 'fon/welcome.wav', instead: 'played: [{ "node": "welcome", "locale": "fon" }]' },
      }),
    ]);
  });
});
