import { describe, expect, it } from 'vitest';
import type { TestProblem } from '@griot/flows';
import { testT } from '../i18n/testT.ts';
import { describeTestProblem, describeTestStep } from './describeTestProblem.ts';

const missingPrompt: TestProblem = {
  step: 1,
  code: 'promptMissing',
  message: 'expected a prompt containing "[audio: fon/welcome.wav]", got: "\\n[audio: welcome-prompt-fon.wav]"',
  expected: '[audio: fon/welcome.wav]',
  got: '\n[audio: welcome-prompt-fon.wav]\n\n[audio: fon/menu-main.wav]',
};

describe('a failed test step, in the editor’s language', () => {
  it('says in French what was expected and what the caller heard, on one line', async () => {
    const t = await testT('fr');
    expect(`${describeTestStep(1, t)} — ${describeTestProblem(missingPrompt, t)}`).toBe(
      'Étape 1 — message attendu contenant « [audio: fon/welcome.wav] » ; entendu : « [audio: welcome-prompt-fon.wav] · [audio: fon/menu-main.wav] »',
    );
    expect(describeTestProblem({ step: 2, code: 'recordingNotPlayed', message: '…', subject: 'welcome', expected: 'welcome (fon)', got: '' }, t)).toBe(
      'enregistrement attendu : welcome (fon) ; joués : aucun',
    );
    expect(describeTestStep(0, t)).toBe('Au début');
  });

  it('says it in English too, and keeps the runner’s sentence for a code it does not know', async () => {
    const t = await testT('en');
    expect(describeTestProblem({ step: 3, code: 'wrongValue', message: '…', subject: 'txIndex', expected: '2', got: '1' }, t)).toBe('txIndex: expected 2, got 1');
    expect(describeTestProblem({ step: 3, code: 'somethingNew' as TestProblem['code'], message: 'expected something new' }, t)).toBe('expected something new');
  });
});
