import type { TestCase } from '@griot/flows';
import type { Apply } from '../documentStore.ts';
import { newRowId } from '../newRowId.ts';

/** The flow's scripted conversations. */
export const testCaseActions = (apply: Apply) => ({
  /** A new case gets an id of its own, what a merge knows it by (`newRowId`). */
  addTestCase(testCase: TestCase) {
    apply('addTestCase', (doc) => ({ ...doc, tests: [...doc.tests, { ...testCase, id: newRowId('tests') }] }));
  },
  removeTestCase(index: number) {
    apply('removeTestCase', (doc) => ({ ...doc, tests: doc.tests.filter((_, i) => i !== index) }));
  },
  /** The test editor's result, as one undo step; the case keeps its id (a merge knows it by it). */
  updateTestCase(index: number, testCase: TestCase) {
    apply('editTestCase', (doc) => (doc.tests[index] ? { ...doc, tests: doc.tests.map((t, i) => (i === index ? sameId(testCase, t) : t)) } : doc));
  },
  /** Failing cases' expectations set to what the flow does now (« Accepter le résultat actuel »), as one undo step. */
  acceptTestResults(updates: ReadonlyArray<{ index: number; testCase: TestCase }>) {
    const byIndex = new Map(updates.map((u) => [u.index, u.testCase]));
    apply('acceptTestResults', (doc) => ({ ...doc, tests: doc.tests.map((t, i) => sameId(byIndex.get(i) ?? t, t)) }));
  },
  renameTestCase(index: number, name: string) {
    apply('editTestCase', (doc) => ({ ...doc, tests: doc.tests.map((t, i) => (i === index ? { ...t, name } : t)) }), {
      coalesce: `test:${index}:name`,
    });
  },
});

/** `next` under the id of the case it replaces. */
function sameId(next: TestCase, was: TestCase): TestCase {
  return next === was || next.id === was.id ? next : { ...next, id: was.id };
}
