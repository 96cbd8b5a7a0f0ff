import { z } from 'zod';
import { LocaleCode, nodeBase, Prompt, VariableName } from '../../schema/common.ts';
import { QueueNameTemplate } from '../../queues/queueName.ts';

/**
 * Hands the contact to a human agent. `queue`, `priority` and `reason` are templates, so the
 * queue can follow the locale or segment (`support-{{caller.locale}}`); `priorityRules` give a
 * better (lower) priority to matching callers. The context carries the listed variables
 * (sensitive ones are always left out). Outputs: `done` (the agent released the contact back),
 * `unavailable` (no agent, closed), `callback` (the caller asked to be called back), and with
 * `continueOn`, `continued` (the contact went on on the other channel).
 */
export const HandoffNode = z
  .object({
    ...nodeBase,
    type: z.literal('handoff'),
    queue: QueueNameTemplate,
    priority: z.number().int().min(0).max(999).default(999),
    priorityRules: z
      .array(z.object({ expression: z.string().min(1).max(1000), priority: z.number().int().min(0).max(999) }).strict())
      .max(20)
      .default([]),
    reason: z.string().max(500).default(''),
    context: z.array(VariableName).max(50).default([]),
    prompt: Prompt.optional(),
    /**
     * The callback offer on the phone, in the flow's words (recorded for languages without
     * text-to-speech): 1 (or a spoken yes) to be called back, 2 or silence to keep waiting.
     * Without it the voice channel says its own words (French or English).
     */
    callbackOfferPrompt: Prompt.optional(),
    /**
     * Hand the contact over on another channel than the one in use: the agent answers on WhatsApp
     * (a voice caller who last wrote there, say). The conversation is carried over to that channel
     * and waits there for the agent; this channel leaves through `continued`.
     */
    continueOn: z.enum(['whatsapp']).optional(),
    /**
     * Written on the other channel, per locale, to open the conversation there (outside WhatsApp's
     * 24-hour window the channel's approved template goes instead).
     */
    continueMessage: z.record(LocaleCode, z.string().max(1000)).optional(),
  })
  .strict();
export type HandoffNode = z.infer<typeof HandoffNode>;
