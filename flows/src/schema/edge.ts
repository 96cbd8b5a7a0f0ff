import { z } from 'zod';
import { Identifier } from './common.ts';

/** Connects a named output of one node to another node. */
export const Edge = z
  .object({
    id: Identifier,
    source: Identifier,
    /** The output name on the source node: `next`, an option id, `noInput`, `ok`, … */
    output: z.string().min(1).max(64),
    target: Identifier,
  })
  .strict();
export type Edge = z.infer<typeof Edge>;
