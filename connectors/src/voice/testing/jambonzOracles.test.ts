import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';

/** The Ajv that `@jambonz/schema` itself requires (the same class, whichever copy is installed). */
const schemaRequire = createRequire(createRequire(import.meta.url).resolve('@jambonz/schema'));
const Ajv = schemaRequire('ajv') as { prototype: { compile: (...args: unknown[]) => unknown } };

// Counted from before the oracle loads (this file's import, as a test file's own imports: no time-out).
const compile = vi.spyOn(Ajv.prototype, 'compile');
const { assertJambonzAccepts } = await import('./jambonzOracles.ts');
const atLoad = compile.mock.calls.length;
compile.mockRestore();
const counting = () => vi.spyOn(Ajv.prototype, 'compile');

describe('the jambonz oracle', () => {
  // Compiling jambonz's schemas took 3.6–6.9 s at load 25: inside the first test that checked a
  // call, it spent that test's time-out and stopped an in-process Griot's event loop mid-call.
  it("compiles jambonz's schemas when it loads, so the first call a test checks costs no compile", () => {
    expect(atLoad).toBeGreaterThan(0);
    const later = counting();
    try {
      assertJambonzAccepts([
        { verb: 'say', text: 'Bienvenue sur le 1919.' },
        { verb: 'gather', input: ['digits'], numDigits: 1, actionHook: '/jambonz/hook' },
      ]);
      expect(later).not.toHaveBeenCalled();
    } finally {
      later.mockRestore();
    }
    // Still an oracle: what jambonz refuses is refused.
    expect(() => assertJambonzAccepts([{ verb: 'gather', input: ['dtmf'] }])).toThrow('@jambonz/schema');
  });
});
