import { parseFlow, runTests, type Flow, type TestReport } from '@griot/flows';

/** Runs the flow's test cases in the browser, on the document as it is on screen. */
export function runTestsLocally(doc: Flow): { ok: true; report: TestReport } | { ok: false; message: string } {
  const parsed = parseFlow(doc);
  if (!parsed.ok) return { ok: false, message: parsed.issues.map((i) => i.message).slice(0, 3).join('; ') };
  return { ok: true, report: runTests(parsed.flow) };
}
