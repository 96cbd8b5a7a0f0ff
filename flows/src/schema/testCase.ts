import { z } from 'zod';
import { Channel, Identifier, LocaleCode } from './common.ts';

/** What the simulated caller does at one step. */
export const TestInput = z.union([
  z.object({ digits: z.string().regex(/^[0-9*#]+$/) }).strict(),
  z.object({ text: z.string().max(2000) }).strict(),
  z.object({ speech: z.string().max(2000), confidence: z.number().min(0).max(1).default(0.9) }).strict(),
  z.object({ choice: z.string().min(1) }).strict(),
  z.object({ silence: z.literal(true) }).strict(),
  z.object({ hangup: z.literal(true) }).strict(),
  z.object({ handoff: z.enum(['done', 'unavailable', 'callback', 'continued']) }).strict(),
]);
export type TestInput = z.infer<typeof TestInput>;

/** What an `http` node's look-up answers in a test: a response, a timeout or a network error. */
export const HttpFixture = z.union([
  z.object({ status: z.number().int().min(100).max(599), body: z.unknown().optional() }).strict(),
  z.object({ timeout: z.literal(true) }).strict(),
  z.object({ error: z.string().min(1) }).strict(),
]);
export type HttpFixture = z.infer<typeof HttpFixture>;

/** What the runtime's model answers for an `intent` node (or a menu that understands free words). */
export const ClassificationFixture = z.object({ intent: z.string().nullable(), confidence: z.number().min(0).max(1) }).strict();
export type ClassificationFixture = z.infer<typeof ClassificationFixture>;

/**
 * A recorded prompt by its place in the flow (a node's prompt in one language), not by the take's
 * file name: re-recording a prompt saves it under a new name and must not break the tests.
 */
export const PlayedRecording = z.object({ node: Identifier, locale: LocaleCode.optional() }).strict();
export type PlayedRecording = z.infer<typeof PlayedRecording>;

export const Expectation = z
  .object({
    /** Every string must appear in the prompts given since the previous input. */
    promptContains: z.union([z.string(), z.array(z.string())]).optional(),
    /** None of these may appear in those prompts. */
    promptExcludes: z.union([z.string(), z.array(z.string())]).optional(),
    /** Recordings played since the previous input: each node's prompt (in that language, when given), whatever its file. */
    played: z.array(PlayedRecording).min(1).optional(),
    /** The node the contact waits at (or ended at) now. */
    at: Identifier.optional(),
    /** Nodes passed through since the start. */
    reached: z.array(Identifier).optional(),
    notReached: z.array(Identifier).optional(),
    variables: z.record(z.string(), z.unknown()).optional(),
    locale: LocaleCode.optional(),
    handoff: z.object({ queue: z.string().optional(), priority: z.number().optional() }).strict().optional(),
    ended: z.boolean().optional(),
  })
  .strict();
export type Expectation = z.infer<typeof Expectation>;

export const TestStep = z.object({ input: TestInput.optional(), expect: Expectation.optional() }).strict();
export type TestStep = z.infer<typeof TestStep>;

/** A scripted conversation with the flow: the caller, what they do, and what must happen. */
export const TestCase = z
  .object({
    /**
     * What a merge knows the case by (two editors' drafts merged item by item, `mergeFlows`),
     * unique among the flow's tests. Optional: a document written before it had none, and keeps
     * its content hash; the editor gives one to each case it opens without (`withRowIds`).
     */
    id: Identifier.optional(),
    name: z.string().min(1).max(200),
    channel: Channel.default('voice'),
    caller: z
      .object({
        number: z.string().min(1).max(32).default('+2290197000099'),
        knownLocale: LocaleCode.optional(),
        lastChannel: Channel.optional(),
      })
      .strict()
      .default({ number: '+2290197000099' }),
    /** Locale to start in (default: the flow's first). */
    locale: LocaleCode.optional(),
    /**
     * Answers for `http` nodes by node id (a list answers successive calls in order), and the
     * model's answers for `intent` nodes (without one, the fallback classifier answers).
     */
    fixtures: z.record(Identifier, z.union([HttpFixture, z.array(HttpFixture).min(1), ClassificationFixture])).default({}),
    steps: z.array(TestStep).min(1).max(200),
  })
  .strict();
export type TestCase = z.infer<typeof TestCase>;
