import { describe, expect, it } from 'vitest';
import { evaluate, parseExpression } from './index.ts';

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
  it('reports syntax errors as data', () => {
    expect(parseExpression('segment == ')).toMatchObject({ ok: false });
  });
});
