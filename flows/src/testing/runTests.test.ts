import { describe, expect, it } from 'vitest';
import { runTests } from './runTests.ts';
import { sampleFlow, sampleFlowInput } from '../fixtures/sampleFlow.ts';
import { Flow } from '../schema/flow.ts';
import { TestCase } from '../schema/testCase.ts';

const flow = sampleFlow();
const puk = TestCase.parse({
  name: 'PUK',
  fixtures: { lookup: { status: 200, body: { puk: '12345678' } } },
  steps: [
    { input: { digits: '1' }, expect: { locale: 'fr', at: 'menu' } },
    { input: { digits: '1' }, expect: { promptContains: '1, 2, 3', ended: true, reached: ['readPuk'], variables: { puk: '12345678' } } },
  ],
});

describe('runTests', () => {
  it("says a look-up named like JavaScript's object methods has no fixture, rather than answering it with one nobody wrote", () => {
    const renamed = Flow.parse(JSON.parse(JSON.stringify(sampleFlowInput()).replaceAll('"lookup"', '"constructor"')));
    const noFixture = TestCase.parse({ ...puk, fixtures: {} });
    expect(runTests(renamed, [noFixture]).cases[0]?.failures[0]).toMatch(/no fixture for http node constructor/);
  });

  it("passes a test that expects a variable named like JavaScript's object methods to be unset, when the flow never sets it", () => {
    const unset = TestCase.parse({ ...puk, steps: [{ input: { digits: '1' }, expect: { at: 'menu', variables: { constructor: null, toString: null } } }] });
    const report = runTests(flow, [unset]);
    expect(report.cases[0]?.failures).toEqual([]);
    expect(report.passed).toBe(1);
  });

  it('passes a conversation that goes as scripted and reports coverage', () => {
    const report = runTests(flow, [puk]);
    expect(report.passed).toBe(1);
    expect(report.coverage.nodes.missing).toEqual(expect.arrayContaining(['handoff', 'notFound', 'sorry']));
    expect(report.cases[0]?.transcript.at(-1)?.prompts.join(' ')).toContain('•••');
  });

  it('fails with a readable reason when the flow does not do what is expected', () => {
    const wrong = TestCase.parse({ ...puk, steps: [{ input: { digits: '1' }, expect: { promptContains: 'Press 1' } }] });
    const report = runTests(flow, [wrong]);
    expect(report.failed).toBe(1);
    expect(report.cases[0]?.failures[0]).toMatch(/step 1: expected a prompt containing "Press 1"/);
    // Where it went otherwise: after the first key, the contact waits at the menu.
    expect(report.cases[0]?.divergedAt).toEqual({ step: 1, node: 'menu' });
  });

  it('fails when a look-up has no fixture', () => {
    const report = runTests(flow, [TestCase.parse({ name: 'x', steps: [{ input: { digits: '1' } }, { input: { digits: '1' } }] })]);
    expect(report.cases[0]?.failures).toContain('no fixture for http node lookup');
    expect(report.cases[0]?.divergedAt).toEqual({ step: 2, node: 'lookup' });
  });
});
