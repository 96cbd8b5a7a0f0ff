import type { TFunction } from 'i18next';
import type { TestProblem } from '@griot/flows';

/** What the caller heard, on one line and not too long to read in a list. */
function quoted(said: string | undefined, t: TFunction): string {
  const lines = (said ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length === 0) return t('testProblem.nothing');
  const text = lines.join(' · ');
  return t('testProblem.quoted', { text: text.length > 160 ? `${text.slice(0, 159)}…` : text });
}

/**
 * One failed expectation in the editor's language: what the step expected and what happened.
 * A code this designer does not know keeps the runner's own (English) sentence.
 */
export function describeTestProblem(problem: TestProblem, t: TFunction): string {
  const prompt = problem.code === 'promptMissing' || problem.code === 'promptPresent';
  const got = prompt ? quoted(problem.got, t) : problem.got || t(problem.code === 'recordingNotPlayed' ? 'testProblem.noRecording' : 'testProblem.nothing');
  return t(`testProblem.${problem.code}`, { subject: problem.subject ?? '', expected: problem.expected ?? '', got, defaultValue: problem.message });
}

/** `Étape 2` / `At the start`: where in the case the problem was. */
export function describeTestStep(step: number, t: TFunction): string {
  return step === 0 ? t('testProblem.opening') : t('testProblem.step', { step });
}
