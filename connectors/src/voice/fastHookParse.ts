import { Ajv2020 } from 'ajv/dist/2020.js';
import { z } from 'zod';

/*
 * zod's generic parse is megamorphic in the running server: 20–40 µs per hook at p50 (issue 17,
 * one call at a time), against a few µs in a tight loop. The hooks every call sends (call, gather,
 * status) and Griot's call state in `customerData` are therefore first checked by a validator
 * derived from the zod schema itself and compiled once by ajv: the schema's JSON Schema for zod's
 * OUTPUT. With no transform in the schema (refused below), that is its input narrowed to the
 * values zod returns unchanged: a field with a default is required, an object zod would strip
 * is closed. The check answers yes only then; anything else goes to zod, which decides and words
 * the refusal. A schema whose JSON Schema would say less than zod checks always goes to zod.
 * `fastHookParse.test.ts` checks the property against zod on recorded payloads and mutations.
 *
 * Measured (Node 20.20, tight loop after warm-up, one run on a shared 2-core machine; µs per check,
 * for a value that takes the fast path): gather with digits and customerData: ajv 0.20, the
 * hand-written twins this replaces 0.22, zod safeParse 1.05; call hook 0.30 / 0.38 / 2.73; call
 * state 0.30 / 0.52 / 0.67. (`z.compile`, zod's own compiled parser, 0.39 / 1.42 / 0.29: it builds
 * a copy.) ajv generates one plain function per schema, not generic code every schema shares (what
 * goes megamorphic in the server; the server-side figure is the benchmark's to tell). Compiling
 * the five checks at load: 45–70 ms on that machine.
 */

type Check = (value: unknown) => boolean;

/**
 * `strict`: a keyword ajv does not know throws instead of being ignored, and the schema then goes
 * to zod. String lengths count code points in both (zod 4.6 and ajv's default), not UTF-16 units.
 */
const ajv = new Ajv2020({ strict: true, allErrors: false });

/** zod types whose JSON Schema (output side) checks what zod checks and whose parse changes nothing else. */
const EXACT_TYPES = new Set(['object', 'string', 'number', 'boolean', 'null', 'literal', 'enum', 'optional', 'nullable', 'default', 'array', 'record', 'unknown', 'any', 'union']);
/** zod checks JSON Schema states exactly (`refine`, `trim`, formats and the like do not: zod decides). */
const EXACT_CHECKS = new Set(['min_length', 'max_length', 'length_equals', 'greater_than', 'less_than', 'number_format', 'describe', 'meta']);

type ZodNode = {
  _zod: { def: { type: string; check?: string; coerce?: boolean; checks?: ZodNode[]; keyType?: ZodNode; options?: readonly z.ZodType[]; shape?: Record<string, unknown> } };
};

const sameBothWays = (schema: z.ZodType) => JSON.stringify(z.toJSONSchema(schema, { io: 'input' })) === JSON.stringify(z.toJSONSchema(schema, { io: 'output' }));

/** Whether the generated JSON Schema renders this zod node exactly (its children are asked on their own). */
function exact(def: ZodNode['_zod']['def']): boolean {
  return (
    EXACT_TYPES.has(def.type) &&
    def.coerce !== true &&
    (def.check === undefined || EXACT_CHECKS.has(def.check)) &&
    (def.checks ?? []).every((check) => EXACT_CHECKS.has(check._zod.def.check ?? '')) &&
    (def.type !== 'record' || def.keyType?._zod.def.type === 'string') &&
    // zod keeps the first option that accepts: one that would fill in or strip makes anyOf wrong.
    (def.type !== 'union' || (def.options ?? []).every(sameBothWays))
  );
}

/**
 * The compiled "zod would accept this unchanged" check of `schema`; for a schema it cannot
 * express exactly, a check that always says no (zod parses every value). Values are parsed JSON
 * (`readJson` drops `__proto__` keys) or plain literals: where JSON Schema and zod could still
 * differ (a class instance where zod wants a plain-object record) does not arise.
 */
export function plainCheck(schema: z.ZodType): Check {
  // A default is exact only as an object's field (made required) or the whole schema (undefined is
  // no object): elsewhere (`.default().optional()`, in a union) zod fills it in where JSON Schema lets undefined through.
  const defaults: unknown[] = [];
  const fields = new Set<unknown>([schema]);
  try {
    const json = z.toJSONSchema(schema, {
      io: 'output',
      override: ({ zodSchema }) => {
        const { def } = (zodSchema as unknown as ZodNode)._zod;
        if (!exact(def)) throw new Error(`fastHookParse: zod "${def.type}" has no exact JSON Schema`);
        if (def.type === 'default') defaults.push(zodSchema);
        for (const field of Object.values(def.shape ?? {})) fields.add(field);
      },
    });
    if (!defaults.every((node) => fields.has(node))) return () => false;
    const validate = ajv.compile(json);
    return (value) => validate(value);
  } catch {
    return () => false;
  }
}

/**
 * `schema.safeParse(value)`, without zod when `plain` (from `plainCheck(schema)`) says zod would
 * accept `value` unchanged: the same success and data (the value itself, not a copy: nothing
 * changes a parsed payload).
 */
export function fastHookParse<S extends z.ZodType>(schema: S, plain: Check, value: unknown): z.ZodSafeParseResult<z.output<S>> {
  if (plain(value)) return { success: true, data: value as z.output<S> };
  return schema.safeParse(value);
}
