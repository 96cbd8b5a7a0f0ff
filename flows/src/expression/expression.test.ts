import { describe, expect, it } from 'vitest';
import { evaluate, parseExpression } from './index.ts';
import { compileExpression } from './compile.ts';

const run = (source: string, vars: Record<string, unknown> = {}) => {
  const parsed = parseExpression(source);
  if (!parsed.ok) throw new Error(parsed.error);
  return evaluate(parsed.ast, (p) => vars[p]);
};

describe('expressions', () => {
  it('compares, combines and computes', () => {
    expect(run('segment == "vip" && attempts < 3', { segment: 'vip', attempts: 2 })).toBe(true);
    expect(run('balance >= 1000', { balance: '1500' })).toBe(true);
    expect(run('caller.lastChannel in ["whatsapp", "webchat"]', { 'caller.lastChannel': 'whatsapp' })).toBe(true);
    expect(run('len(code) == 8 ? "ok" : "short"', { code: '1234' })).toBe('short');
    expect(run('tx[0].amount < 0', { 'tx.0.amount': -5 })).toBe(true);
    expect(run('!isSet(segment)')).toBe(true);
  });
  it('never runs code: no this, no computed access, no unknown functions', () => {
    expect(parseExpression('this.constructor').ok).toBe(false);
    expect(parseExpression('a = 1').ok).toBe(false);
    expect(() => run('a[b]', { a: {}, b: 'constructor' })).toThrow(/computed/);
    expect(() => run('process()')).toThrow(/unknown function/);
    expect(run('constructor.constructor')).toBeUndefined();
  });
  it("knows only its own functions, none of JavaScript's objects' (a flow's `constructor(1)` ran Object)", () => {
    for (const source of ['constructor(1)', 'toString()', 'hasOwnProperty("a")', 'valueOf()', '__proto__()']) {
      expect(() => run(source)).toThrow(/unknown function/);
      const compiled = compileExpression(source);
      expect(compiled.ok && (() => compiled.run({ lookup: () => undefined }))).toThrow(/unknown function/);
    }
  });
  it('reports syntax errors as data', () => {
    expect(parseExpression('segment == ')).toMatchObject({ ok: false });
  });
});

describe('compiled expressions', () => {
  const vars: Record<string, unknown> = { segment: 'vip', attempts: '2', 'tx.0.amount': -5, tx: [{ amount: -5 }], code: '1234', empty: '' };
  const lookup = (p: string) => vars[p];
  const outcome = (f: () => unknown) => {
    try {
      return { value: f() };
    } catch (error) {
      return { error: (error as Error).message };
    }
  };

  it.each([
    'segment == "vip" && attempts < 3',
    'attempts + 1',
    '"n" + attempts',
    'attempts / 0',
    '-tx[0].amount',
    '!isSet(empty)',
    'segment in ["vip", "gold"]',
    'len(code) == 4 ? upper(segment) : "short"',
    'empty || "default"',
    '[attempts, 1,, 2]',
    'missing.deep.path',
    'process()',
    'tx[attempts]',
    'unknown() || 1',
    'isSet(unknown())',
  ])('%s gives what the tree walk gives, errors included', (source) => {
    const parsed = parseExpression(source);
    const compiled = compileExpression(source);
    if (!parsed.ok || !compiled.ok) throw new Error(`${source} does not parse`);
    expect(outcome(() => compiled.run({ lookup }))).toEqual(outcome(() => evaluate(parsed.ast, lookup)));
  });

  it('reports what does not parse as data', () => {
    expect(compileExpression('segment == ')).toMatchObject({ ok: false });
    expect(compileExpression('this.constructor')).toMatchObject({ ok: false });
  });
});
