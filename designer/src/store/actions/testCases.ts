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
  renameTestCase(index: number, name: string) {
    apply('editTestCase', (doc) => ({ ...doc, tests: doc.tests.map((t, i) => (i === index ? { ...t, name } : t)) }), {
      coalesce: `test:${index}:name`,
    });
  },
});
