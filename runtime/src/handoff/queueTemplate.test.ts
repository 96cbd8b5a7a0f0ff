import { describe, expect, it } from 'vitest';
import { queueTemplate } from './queueTemplate.ts';

/** What the transfer check did before: a regular expression built from the template. */
function asRegExp(template: string): RegExp {
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(
    `^${template
      .split(/\{\{[^}]*\}\}/g)
      .map(literal)
      .join('.+')}$`,
  );
}

describe('queue templates', () => {
  it('takes any non-empty text in place of each placeholder, and the literal text as written', () => {
    const support = queueTemplate('support-{{caller.locale}}');
    expect(support.test('support-fr')).toBe(true);
    expect(support.test('support-')).toBe(false);
    expect(support.test('sales-fr')).toBe(false);
    expect(support.test('support-fr\nsales')).toBe(false);
    const two = queueTemplate('{{a}}-{{b}}');
    expect(two.test('x-y')).toBe(true);
    expect(two.test('x-y-z')).toBe(true);
    expect(two.test('-y')).toBe(false);
    expect(two.test('xy')).toBe(false);
    expect(queueTemplate('{{a}}{{b}}').test('x')).toBe(false);
    expect(queueTemplate('{{a}}{{b}}').test('xy')).toBe(true);
    expect(queueTemplate('vip').test('vip')).toBe(true);
    expect(queueTemplate('vip').test('vips')).toBe(false);
    expect(queueTemplate('a.{{b}}').test('abc')).toBe(false);
  });

  it('decides as the regular expression did, on every small template and name', () => {
    const parts = ['{{x}}', 'a', 'b', '-', '{', '}', '{{x}'];
    const letters = ['a', 'b', '-', '{', '}', '\n'];
    const pick = <T>(from: T[]) => from[Math.floor(Math.random() * from.length)]!;
    const differ: string[] = [];
    for (let i = 0; i < 20000; i++) {
      const template = Array.from({ length: 1 + Math.floor(Math.random() * 5) }, () => pick(parts)).join('');
      const compiled = queueTemplate(template);
      const expected = asRegExp(template);
      for (let j = 0; j < 10; j++) {
        const queue = Array.from({ length: Math.floor(Math.random() * 7) }, () => pick(letters)).join('');
        if (compiled.test(queue) !== expected.test(queue)) differ.push(`${JSON.stringify(template)} ~ ${JSON.stringify(queue)}`);
      }
    }
    expect(differ).toEqual([]);
  });

  it('answers at once on a template of many placeholders and a long name', () => {
    // Before: `^.+.+.+.+.+.+.+.+.+.+!$` against 120 letters did not finish.
    const hostile = queueTemplate('{{a}}{{b}}{{c}}{{d}}{{e}}{{f}}{{g}}{{h}}{{i}}{{j}}!');
    const start = performance.now();
    expect(hostile.test('a'.repeat(120))).toBe(false);
    expect(hostile.test('a'.repeat(200) + '!')).toBe(true);
    expect(queueTemplate('{{a}}x'.repeat(30) + '!').test('x'.repeat(200))).toBe(false);
    expect(queueTemplate('{'.repeat(200)).test('{'.repeat(200))).toBe(true);
    expect(performance.now() - start).toBeLessThan(200);
  });
});
