import { describe, expect, it } from 'vitest';
import { parseTemplate, renderTemplate } from './template.ts';
import { lintFlow } from '../lint/lintFlow.ts';
import { sampleFlowInput } from '../fixtures/sampleFlow.ts';
import { Flow, type FlowInput } from '../schema/flow.ts';
import { MAX_VALUE_CHARS } from '../expression/valueLimits.ts';
import { cpuMs } from '../fixtures/cpuTime.testSupport.ts';

/** The longest prompt text the schema accepts. */
const PROMPT_MAX = 4096;

/** Texts an editor (or a value) can write that made regular expressions backtrack for minutes. */
const hostile = (n: number): Record<string, string> => ({
  'an opening followed by spaces': '{{' + ' '.repeat(n - 2),
  'openings and spaces': '{{ '.repeat(Math.floor(n / 3)),
  'braces only': '{'.repeat(n),
  'an opening, spaces and a lone closing brace': '{{' + ' '.repeat(n - 4) + 'a}',
  'unclosed placeholders with filters': '{{a | '.repeat(Math.floor(n / 6)),
});

/** CPU time, not the wall clock: a busy CI machine must not fail a text that parses at once. */
const elapsed = (run: () => void): number => cpuMs(run);

const render = (source: string) => renderTemplate(source, { values: { lookup: () => 'x', isSensitive: () => false }, spellDigits: true, escape: 'xml' });

describe('templates of hostile text', () => {
  // Before: `{{` and 3,000 spaces took 58 s to preview, the whole server frozen meanwhile.
  for (const [name, text] of Object.entries({ ...hostile(PROMPT_MAX), ...Object.fromEntries(Object.entries(hostile(MAX_VALUE_CHARS)).map(([k, v]) => [`${k} (a value's length)`, v])) })) {
    it(`parses and renders ${name} at once, as plain text`, () => {
      let parsed: ReturnType<typeof parseTemplate> | undefined;
      expect(elapsed(() => (parsed = parseTemplate(text)))).toBeLessThan(200);
      expect(parsed!.parts.join('')).toBe(text);
      expect(parsed!.errors).toEqual([]);
      expect(elapsed(() => expect(render(text).text).toBe(text.replace(/</g, '&lt;')))).toBeLessThan(200);
    });
  }

  it('still finds the placeholders around hostile text', () => {
    const text = `{{ name }}${'{{' + ' '.repeat(3000)}{{ balance | amount }} {{{a}}} {{ }}`;
    const parsed = parseTemplate(text);
    expect(parsed.parts.flatMap((p) => (typeof p === 'string' ? [] : [p.source]))).toEqual(['{{ name }}', '{{ balance | amount }}', '{{a}}']);
    expect(parsed.errors).toEqual(['"{{ }}" is not a variable name']);
  });

  it('lints a flow whose prompt is hostile text at once', () => {
    const flowWith = (text: string) => {
      const input: FlowInput = sampleFlowInput();
      const menu = input.nodes.find((n) => n.id === 'menu') as unknown as { prompt: Record<string, unknown> };
      menu.prompt.fr = { text };
      return Flow.parse(input);
    };
    lintFlow(flowWith('Bonjour')); // warm-up: the first lint loads what it needs
    for (const [name, text] of Object.entries(hostile(PROMPT_MAX))) {
      const flow = flowWith(text);
      expect(
        elapsed(() => lintFlow(flow)),
        name,
      ).toBeLessThan(1000);
    }
  });
});
