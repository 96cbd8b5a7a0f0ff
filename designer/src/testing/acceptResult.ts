import type { Expectation, TestCase, TestProblem } from '@griot/flows';

/** What accepting a failing step's current result changes in its expectation. */
export interface AcceptedChange {
  test: string;
  step: number;
  what: 'queue' | 'priority' | 'at' | 'locale' | 'variable' | 'ended';
  /** The variable, for `variable`. */
  name?: string;
  from: string;
  to: string;
}

/**
 * A failing case with its expectations set to what the flow does now, and what changed; null when
 * one of its problems has no value to take instead (a text or recording expected, a flow error, a
 * missing fixture…): those are changed by hand in the test's editor.
 */
export function acceptCurrentResult(test: TestCase, problems: readonly TestProblem[]): { test: TestCase; changes: AcceptedChange[] } | null {
  if (problems.length === 0) return null;
  const steps = test.steps.map((s) => (s.expect ? { ...s, expect: { ...s.expect } } : s));
  const changes: AcceptedChange[] = [];
  for (const p of problems) {
    const step = steps[p.step - 1];
    const expect: Expectation | undefined = step?.expect;
    if (!step || !expect) return null;
    const change = (what: AcceptedChange['what'], from: string, to: string, name?: string) => changes.push({ test: test.name, step: p.step, what, from, to, ...(name ? { name } : {}) });
    switch (p.code) {
      case 'wrongQueue':
        if (!p.got || !expect.handoff) return null;
        change('queue', expect.handoff.queue ?? '', p.got);
        expect.handoff = { ...expect.handoff, queue: p.got };
        break;
      case 'wrongPriority': {
        const got = Number(p.got);
        if (!expect.handoff || !Number.isFinite(got)) return null;
        change('priority', String(expect.handoff.priority ?? ''), String(got));
        expect.handoff = { ...expect.handoff, priority: got };
        break;
      }
      case 'wrongNode':
        if (!p.got) return null;
        change('at', expect.at ?? '', p.got);
        expect.at = p.got;
        break;
      case 'wrongLocale':
        if (!p.got) return null;
        change('locale', expect.locale ?? '', p.got);
        expect.locale = p.got;
        break;
      case 'wrongValue': {
        if (!p.subject || p.got === undefined) return null;
        const variables = { ...expect.variables };
        if (p.got === 'undefined') delete variables[p.subject];
        else variables[p.subject] = JSON.parse(p.got) as unknown;
        change('variable', p.expected ?? '', p.got, p.subject);
        expect.variables = variables;
        break;
      }
      case 'notEnded':
        change('ended', 'true', 'false');
        expect.ended = false;
        break;
      case 'ended':
        change('ended', 'false', 'true');
        expect.ended = true;
        break;
      default:
        return null;
    }
  }
  return { test: { ...test, steps }, changes };
}

/**
 * Whether a result may be accepted on the draft's case at `index`: the case that was run (`tested`)
 * is still there, unchanged. A step inserted, removed or edited since, a case moved or deleted: the
 * result's step numbers would land on other steps, so the tests are to be run again first. Cases
 * of the same name are told apart by where they are.
 */
export function stillTested(tests: readonly TestCase[], index: number | undefined, tested: TestCase | undefined): boolean {
  if (index === undefined || tested === undefined || index < 0 || index >= tests.length) return false;
  const current = tests[index];
  return current === tested || JSON.stringify(current) === JSON.stringify(tested);
}

/** The changes said once each, with how many tests they touch: « File attendue : support-fr → entreprises (13 tests) ». */
export function groupChanges(changes: readonly AcceptedChange[]): Array<AcceptedChange & { tests: number }> {
  const groups = new Map<string, AcceptedChange & { tests: Set<string> }>();
  for (const c of changes) {
    const key = `${c.what}\u0000${c.name ?? ''}\u0000${c.from}\u0000${c.to}`;
    const group = groups.get(key) ?? { ...c, tests: new Set<string>() };
    group.tests.add(c.test);
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => ({ ...g, tests: g.tests.size }));
}
