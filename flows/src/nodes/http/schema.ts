import { z } from 'zod';
import { DraftVariableName, Identifier, nodeBase, Prompt } from '../../schema/common.ts';

/** `$.a.b[0].c`: a JSON path into the response body. */
export const JsonPath = z.string().regex(/^\$(\.[A-Za-z_][A-Za-z0-9_-]*|\[\d+\])*$/, 'must be a path such as $.data.puk or $.items[0].amount');
/** A path in a row still being filled in: empty in a draft, blocked at publishing by `row.incomplete`. */
export const DraftJsonPath = z.string().regex(/^(\$(\.[A-Za-z_][A-Za-z0-9_-]*|\[\d+\])*)?$/, 'must be a path such as $.data.puk or $.items[0].amount');

/**
 * Calls the operator's system. Templates may use `{{variable}}` and `{{secret.NAME}}`: secrets
 * are named here and resolved by the runtime from its environment, never stored in the flow.
 * With `backend`, `url` is a path under that backend's base URL, which each environment sets
 * (staging talks to the test system, production to the real one).
 * Outputs: `ok`, `notFound`, `error`, `timeout`.
 */
export const HttpNode = z
  .object({
    ...nodeBase,
    type: z.literal('http'),
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET'),
    backend: Identifier.optional(),
    url: z.string().min(1).max(2000),
    /** By name; an empty name is a row still being typed: it saves, is not sent, and blocks publishing (`row.incomplete`). */
    headers: z.record(z.string().max(100), z.string().max(2000)).default({}),
    body: z.string().max(10000).optional(),
    timeoutMs: z.number().int().min(100).max(30000).default(5000),
    /** Extra attempts on timeout or 5xx; the runtime retries only idempotent methods. */
    retries: z.number().int().min(0).max(3).default(1),
    notFoundStatuses: z.array(z.number().int().min(400).max(599)).default([404]),
    /** `id`: what a merge knows the row by, unique in the node; optional as a test case's (`TestCase.id`). */
    responseMapping: z.array(z.object({ id: Identifier.optional(), variable: DraftVariableName, path: DraftJsonPath }).strict()).default([]),
    /** Played while a slow look-up runs (voice). */
    waitPrompt: Prompt.optional(),
  })
  .strict();
export type HttpNode = z.infer<typeof HttpNode>;
