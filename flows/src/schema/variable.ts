import { z } from 'zod';
import { VariableName } from './common.ts';

export const VariableType = z.enum(['string', 'number', 'boolean', 'digits', 'phone', 'json']);
export type VariableType = z.infer<typeof VariableType>;

/**
 * A declared flow variable. `sensitive` values (a PUK code, account data) are never logged,
 * never written to transcripts or analytics and never sent to an LLM. `persist` values are
 * remembered in the caller's profile across contacts. A variable a look-up (http node) maps its
 * answer into is sensitive without being marked (`sensitivityOf`): what the operator's system
 * answers is account data until the author says otherwise with `keptInClear`.
 */
export const Variable = z
  .object({
    name: VariableName,
    type: VariableType.default('string'),
    sensitive: z.boolean().default(false),
    persist: z.boolean().default(false),
    description: z.string().max(500).optional(),
    default: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
    /**
     * The names it had before a rename (`renameVariable`), newest first: what callers' profiles
     * remember under them (`persist`) is read under the current name. Optional, so documents
     * without it keep their content hash.
     */
    formerNames: z.array(VariableName).max(10).optional(),
    /**
     * The author's word that what a look-up maps into it is not account data (an offer's name kept
     * for routing analytics, a segment naming a queue): kept in clear like any plain variable.
     * Without it such a variable is sensitive by default. It does not unmark `sensitive: true`, nor a
     * copy of a sensitive value. Optional, so documents without it keep their content hash.
     */
    keptInClear: z.literal(true).optional(),
  })
  .strict();
export type Variable = z.infer<typeof Variable>;

/** Values the runtime provides about the person on the line, readable as `caller.<name>`. */
export const CALLER_FIELDS = ['number', 'channel', 'locale', 'knownLocale', 'lastChannel', 'isTester', 'source'] as const;
export type CallerField = (typeof CALLER_FIELDS)[number];

/**
 * Names the flow language gives its own meaning (`{{caller.number}}`, `{{secret.API_KEY}}`, and
 * the expression language's words: `segment == null`, `x in list`): no variable may take them. A
 * variable called `true` could never be read by a condition, and a rename to it would turn
 * `solde > 100` into `true > 100`.
 */
export const RESERVED_VARIABLE_NAMES = ['caller', 'secret', 'true', 'false', 'null', 'in'] as const;
