import { z } from 'zod';

const Synthesizer = z.object({
  vendor: z.string().min(1).max(60),
  label: z.string().max(60).optional(),
  language: z.string().max(30).optional(),
  voice: z.string().max(120).optional(),
});

/**
 * What a callback call carries in jambonz's `tag` (its `customerData`, sent back with every hook
 * of the call): which request and attempt it serves, and the context an agent platform reads
 * from the call. Only non-sensitive variables ever go in.
 */
export const CallbackTag = z.object({
  v: z.literal(1),
  /** The callback request. */
  id: z.string().min(1).max(100),
  /** Which take of the request placed this call (a late status of an earlier call is ignored). */
  attempt: z.number().int().min(1),
  queue: z.string().max(200),
  reason: z.string().max(500),
  /** The subscriber's locale. */
  locale: z.string().max(30),
  /** The agent who took the request. */
  agent: z.string().max(200),
  /** `flowId@version` (or the flow id alone for a draft). */
  flow: z.string().max(240).optional(),
  variables: z.record(z.string(), z.unknown()),
  /** How Griot's greeting is spoken: the subscriber's language when it has a voice, else the fallback. */
  speak: z.object({ locale: z.string().max(30), synthesizer: Synthesizer.optional() }),
});
export type CallbackTag = z.infer<typeof CallbackTag>;

/** The `customerData` key of a callback call; an inbound call's state is under `griot`. */
export const CALLBACK_TAG_KEY = 'griotCallback';

/** The callback tag of a hook's `customerData`; undefined when the call is not a Griot callback. */
export function readCallbackTag(customerData: Record<string, unknown> | undefined): CallbackTag | undefined {
  const parsed = CallbackTag.safeParse(customerData?.[CALLBACK_TAG_KEY]);
  return parsed.success ? parsed.data : undefined;
}
