import { parseFlow, runTestCase, runTests, type CaseResult, type Flow, type TestCase, type TestReport } from '@griot/flows';

type Outcome<T> = ({ ok: true } & T) | { ok: false; message: string };

function parsed(doc: Flow): { ok: true; flow: Flow } | { ok: false; message: string } {
  const result = parseFlow(doc);
  return result.ok
    ? { ok: true, flow: result.flow }
    : {
        ok: false,
        message: result.issues
          .map((i) => i.message)
          .slice(0, 3)
          .join('; '),
      };
}

/** Runs the flow's test cases in the browser, on the document as it is on screen. */
export function runTestsLocally(doc: Flow): Outcome<{ report: TestReport }> {
  const flow = parsed(doc);
  return flow.ok ? { ok: true, report: runTests(flow.flow) } : flow;
}

/** Runs one case (as saved, or as it is being edited) on the document as it is on screen. */
export function runOneTestLocally(doc: Flow, testCase: TestCase): Outcome<{ result: CaseResult }> {
  const flow = parsed(doc);
  return flow.ok ? { ok: true, result: runTestCase(flow.flow, testCase) } : flow;
}
