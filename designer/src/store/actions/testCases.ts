import type { TestCase } from '@griot/flows';
import type { Apply } from '../documentStore.ts';

/** The flow's scripted conversations. */
export const testCaseActions = (apply: Apply) => ({
  addTestCase(testCase: TestCase) {
    apply('addTestCase', (doc) => ({ ...doc, tests: [...doc.tests, testCase] }));
  },
  removeTestCase(index: number) {
    apply('removeTestCase', (doc) => ({ ...doc, tests: doc.tests.filter((_, i) => i !== index) }));
  },
  /** The test editor's result, as one undo step. */
  updateTestCase(index: number, testCase: TestCase) {
    apply('editTestCase', (doc) => (doc.tests[index] ? { ...doc, tests: doc.tests.map((t, i) => (i === index ? testCase : t)) } : doc));
  },
  /** Failing cases' expectations set to what the flow does now (« Accepter le résultat actuel »), as one undo step. */
  acceptTestResults(updates: ReadonlyArray<{ index: number; testCase: TestCase }>) {
    const byIndex = new Map(updates.map((u) => [u.index, u.testCase]));
    apply('acceptTestResults', (doc) => ({ ...doc, tests: doc.tests.map((t, i) => byIndex.get(i) ?? t) }));
  },
  renameTestCase(index: number, name: string) {
    apply('editTestCase', (doc) => ({ ...doc, tests: doc.tests.map((t, i) => (i === index ? { ...t, name } : t)) }), {
      coalesce: `test:${index}:name`,
    });
  },
});
