import { describe, expect, it } from 'vitest';
import { recordedFixture, syntheticLike, TOO_LARGE_STAND_IN } from './recordedFixture.ts';
import { MAX_VALUE_CHARS } from '../expression/valueLimits.ts';
import { runTests } from './runTests.ts';
import { sampleFlow } from '../fixtures/sampleFlow.ts';
import { TestCase } from '../schema/testCase.ts';
import { Flow } from '../schema/flow.ts';

const flow = sampleFlow();
const answer = { type: 'webhook' as const, outcome: 'response' as const, status: 200, body: { puk: '12345678', segment: 'vip', name: 'Afiavi Houngbédji', momo: { balance: 23500 } } };

describe('a look-up answer recorded as a test fixture', () => {
  it('keeps what the flow reads, with the PUK replaced by a made-up code of the same shape', () => {
    const { fixture, synthetic } = recordedFixture(flow, 'lookup', answer);
    expect(synthetic).toEqual(['puk']);
    expect(fixture).toEqual({ status: 200, body: { puk: expect.stringMatching(/^\d{8}$/), segment: 'vip' } });
    const body = (fixture as { body: { puk: string } }).body;
    expect(body.puk).not.toBe('12345678');
    // The caller's name and balance are not read by this node: they are not kept.
    expect(JSON.stringify(fixture)).not.toContain('Afiavi');
    expect(JSON.stringify(fixture)).not.toContain('23500');
  });

  it('replays the same path as the real answer did', () => {
    const { fixture } = recordedFixture(flow, 'lookup', answer);
    const testCase = TestCase.parse({
      name: 'recorded',
      fixtures: { lookup: fixture },
      steps: [{ input: { digits: '1' } }, { input: { digits: '1' }, expect: { reached: ['readPuk'], ended: true, variables: { segment: 'vip' } } }],
    });
    expect(runTests(flow, [testCase]).cases[0]?.failures).toEqual([]);
  });

  it('keeps a `__proto__` key of the answer in the fixture, never in the prototype every object shares', () => {
    const hostile = Flow.parse({
      ...flow,
      nodes: flow.nodes.map((n) => (n.id === 'lookup' && n.type === 'http' ? { ...n, responseMapping: [{ variable: 'segment', path: '$.__proto__.hostileKey' }] } : n)),
    });
    const body = JSON.parse('{"__proto__":{"hostileKey":"vip"}}') as unknown;
    const { fixture } = recordedFixture(hostile, 'lookup', { type: 'webhook', outcome: 'response', status: 200, body });
    expect(({} as Record<string, unknown>).hostileKey).toBeUndefined();
    expect(JSON.stringify(fixture)).toBe('{"status":200,"body":{"__proto__":{"hostileKey":"vip"}}}');
  });

  it('records timeouts, errors and not-found answers as they came', () => {
    expect(recordedFixture(flow, 'lookup', { type: 'webhook', outcome: 'timeout' }).fixture).toEqual({ timeout: true });
    expect(recordedFixture(flow, 'lookup', { type: 'webhook', outcome: 'error', message: 'ECONNREFUSED' }).fixture).toEqual({ error: 'ECONNREFUSED' });
    expect(recordedFixture(flow, 'lookup', { type: 'webhook', outcome: 'response', status: 404, body: { error: 'unknown' } }).fixture).toEqual({ status: 404 });
  });

  it('makes up values of the same shape, never the real one', () => {
    expect(syntheticLike('12345678')).toMatch(/^\d{8}$/);
    expect(syntheticLike('AB-12 cd')).toMatch(/^[A-Z]{2}-\d{2} [a-z]{2}$/);
    expect(syntheticLike('47192836')).not.toBe('47192836');
    const amount = syntheticLike(-5000) as number;
    expect(amount).toBeLessThan(0);
    expect(String(Math.abs(amount))).toHaveLength(4);
    expect(String(syntheticLike(12.5))).toMatch(/^\d{2}\.\d$/);
    const list = syntheticLike([{ date: '2026-11-02', amount: -5000, counterparty: 'SBEE' }]) as Array<{ date: string; amount: number; counterparty: string }>;
    expect(list[0]?.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(list[0]?.counterparty).not.toBe('SBEE');
    expect(syntheticLike(true)).toBe(true);
  });

  it('replaces the PUK in its copies too, and inside a wider mapping, whatever the mappings’ order', () => {
    const staging = { type: 'webhook' as const, outcome: 'response' as const, status: 200, body: { data: { puk: '12345678', segment: 'vip' } } };
    const orders = [
      [
        { variable: 'puk', path: '$.data.puk' },
        { variable: 'pukCopy', path: '$.data.puk' },
        { variable: 'data', path: '$.data' },
      ],
      [
        { variable: 'data', path: '$.data' },
        { variable: 'pukCopy', path: '$.data.puk' },
        { variable: 'puk', path: '$.data.puk' },
      ],
    ];
    for (const responseMapping of orders) {
      const base = sampleFlow();
      const copying = {
        ...base,
        variables: [...base.variables, { name: 'pukCopy', type: 'string' as const, sensitive: false, persist: false }, { name: 'data', type: 'json' as const, sensitive: false, persist: false }],
        nodes: base.nodes.map((n) => (n.id === 'lookup' && n.type === 'http' ? { ...n, responseMapping } : n)),
      };
      const { fixture, synthetic } = recordedFixture(copying, 'lookup', staging);
      expect(JSON.stringify(fixture)).not.toContain('12345678');
      const body = (fixture as { body: { data: { puk: string; segment: string } } }).body;
      expect(body.data.puk).toMatch(/^\d{8}$/);
      // `data` holds the PUK, so it is sensitive as a whole: made up, of the same shape.
      expect(body.data.segment).toMatch(/^[a-z]{3}$/);
      expect([...synthetic].sort()).toEqual(['data', 'puk', 'pukCopy']);
    }
    // Without the wider mapping, what is not sensitive is kept as answered.
    const base = sampleFlow();
    const responseMapping = [
      { variable: 'pukCopy', path: '$.data.puk' },
      { variable: 'segment', path: '$.data.segment' },
      { variable: 'puk', path: '$.data.puk' },
    ];
    const copying = {
      ...base,
      variables: [...base.variables, { name: 'pukCopy', type: 'string' as const, sensitive: false, persist: false }],
      nodes: base.nodes.map((n) => (n.id === 'lookup' && n.type === 'http' ? { ...n, responseMapping } : n)),
    };
    const { fixture, synthetic } = recordedFixture(copying, 'lookup', staging);
    expect(fixture).toEqual({ status: 200, body: { data: { puk: expect.stringMatching(/^\d{8}$/), segment: 'vip' } } });
    expect(JSON.stringify(fixture)).not.toContain('12345678');
    expect([...synthetic].sort()).toEqual(['puk', 'pukCopy']);
  });

  it('records a mapped value too large for a variable as a stand-in that fails the same way, not as a 1 MB copy', () => {
    const base = sampleFlow();
    const flow = {
      ...base,
      variables: [
        ...base.variables,
        { name: 'history', type: 'json' as const, sensitive: false, persist: false, keptInClear: true as const },
        { name: 'ref', type: 'string' as const, sensitive: false, persist: false },
      ],
      nodes: base.nodes.map((n) =>
        n.id === 'lookup' && n.type === 'http'
          ? {
              ...n,
              responseMapping: [
                { variable: 'puk', path: '$.puk' },
                { variable: 'history', path: '$.history' },
                { variable: 'ref', path: '$.history[0].ref' },
              ],
            }
          : n,
      ),
    };
    // ~1 MB of transactions: the flow cannot store it (value.tooLarge) and ends on its error path.
    const history = Array.from({ length: 12_000 }, (_, i) => ({ ref: `TX${100000 + i}`, amount: 1500 + i, label: `Transfert vers +22997${100000 + i} reçu` }));
    const real = { type: 'webhook' as const, outcome: 'response' as const, status: 200, body: { puk: '12345678', history } };
    const { fixture, synthetic } = recordedFixture(flow, 'lookup', real);
    const text = JSON.stringify(fixture);
    expect(text.length).toBeLessThan(2 * MAX_VALUE_CHARS);
    expect(text).not.toContain('TX100000');
    expect(text).not.toContain('12345678');
    expect(fixture).toEqual({ status: 200, body: { puk: expect.stringMatching(/^\d{8}$/), history: TOO_LARGE_STAND_IN } });
    expect([...synthetic].sort()).toEqual(['history', 'puk']);
    // Replayed, the recorded case stops where the real answer stopped, for the same reason.
    const replay = (lookup: unknown) =>
      runTests(flow, [TestCase.parse({ name: 'r', fixtures: { lookup }, steps: [{ input: { digits: '1' } }, { input: { digits: '1' }, expect: { reached: ['readPuk'] } }] })]).cases[0];
    const recorded = replay(fixture);
    const asAnswered = replay({ status: 200, body: real.body });
    for (const run of [recorded, asAnswered]) {
      expect(run?.divergedAt).toEqual({ step: 2, node: 'lookup' });
      expect(run?.problems[0]).toMatchObject({ code: 'flowError', subject: 'lookup', got: expect.stringContaining('history') });
    }
  });
});
