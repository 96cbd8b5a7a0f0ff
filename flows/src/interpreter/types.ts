import { z } from 'zod';
import { Channel, LocaleCode } from '../schema/common.ts';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A deep link's payload as Telegram allows it: 1–64 of A-Z a-z 0-9 _ - (a Messenger m.me `ref` is held to the same). */
export const ContactSource = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** What the runtime knows of the person on the line when the contact starts. */
export const CallerInfo = z
  .object({
    number: z.string().min(1).max(32),
    /** The language remembered from earlier contacts. */
    knownLocale: LocaleCode.optional(),
    lastChannel: Channel.optional(),
    isTester: z.boolean().optional(),
    /**
     * Where the contact came from, as the link or QR code the subscriber followed says: a Telegram
     * deep link's `start` payload (`https://t.me/<bot>?start=offre-noel`), a Messenger m.me link's
     * `ref` (`https://m.me/<page>?ref=offre-noel`). Telegram's own alphabet only, so it is safe in
     * any prompt, URL or log.
     */
    source: ContactSource.optional(),
  })
  .strict();
export type CallerInfo = z.infer<typeof CallerInfo>;

/** What the fallback classifier made of the caller's words, kept while the model is asked. */
export interface PendingUnderstanding {
  intent: string | null;
  confidence: number;
  slots: Record<string, JsonValue>;
}

/** Where the contact waits, and how many times it already failed there. */
export interface WaitState {
  node: string;
  noInput: number;
  noMatch: number;
  /** Webhook calls, classifications and handoffs wait for their result rather than for the caller. */
  for: 'caller' | 'webhook' | 'handoff' | 'classifier';
  fallback?: PendingUnderstanding;
}

/**
 * The whole state of one contact: plain JSON, small enough to save after every turn. It names
 * the flow version it started on, so a publish during a call changes nothing for that call.
 */
export interface Session {
  v: 1;
  flowId: string;
  /** The published version number, or null for a draft preview. */
  flowVersion: number | null;
  channel: Channel;
  locale: string;
  caller: CallerInfo;
  vars: Record<string, JsonValue>;
  wait: WaitState | null;
  /** The most recent nodes entered, oldest first (kept short). */
  path: string[];
  status: 'new' | 'active' | 'handoff' | 'ended';
  endReason?: string;
  turns: number;
}

export const FlowEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start') }).strict(),
  z
    .object({
      type: z.literal('digits'),
      digits: z
        .string()
        .regex(/^[0-9*#]*$/)
        .max(64),
    })
    .strict(),
  z.object({ type: z.literal('text'), text: z.string().max(4096) }).strict(),
  z.object({ type: z.literal('speech'), text: z.string().max(4096), confidence: z.number().min(0).max(1) }).strict(),
  z.object({ type: z.literal('choice'), option: z.string().min(1).max(256) }).strict(),
  z.object({ type: z.literal('noInput') }).strict(),
  z
    .object({
      type: z.literal('webhook'),
      outcome: z.enum(['response', 'timeout', 'error']),
      status: z.number().int().optional(),
      body: z.unknown().optional(),
      message: z.string().max(1000).optional(),
    })
    .strict(),
  z.object({ type: z.literal('handoff'), outcome: z.enum(['done', 'unavailable', 'callback', 'continued']) }).strict(),
  z
    .object({
      type: z.literal('classification'),
      /** `unavailable`: no model configured; `error` / `timeout`: the model failed. */
      outcome: z.enum(['ok', 'unavailable', 'error', 'timeout']),
      intent: z.string().max(64).nullable().optional(),
      confidence: z.number().min(0).max(1).optional(),
      slots: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    })
    .strict(),
  z.object({ type: z.literal('hangup') }).strict(),
]);
export type FlowEvent = z.infer<typeof FlowEvent>;

export interface SayEffect {
  type: 'say';
  node: string;
  locale: string;
  /** Text to speak or write; may hold SSML on voice. */
  text?: string;
  /** The same text with sensitive values masked, for transcripts; absent when equal to text. */
  redacted?: string;
  /** Recorded audio asset name, when the prompt has one in this locale. */
  audio?: string;
  /** The prompt's variant said instead of the locale's text (a channel id or `keypad`, `numbered`, `buttons`). */
  variant?: string;
}

export interface AskOption {
  id: string;
  key: string;
  label: string;
  synonyms: string[];
}

export interface AskEffect {
  type: 'ask';
  node: string;
  kind: 'choice' | 'language' | 'digits' | 'text' | 'phone' | 'number';
  locale: string;
  options?: AskOption[];
  minDigits?: number;
  maxDigits?: number;
  finishOnKey?: string;
  timeoutSeconds: number;
  bargeIn: boolean;
  /** Whether speech may answer (the locale has recognition); keypad otherwise. */
  speech: boolean;
  hints: string[];
  /** 0 on the first ask, then 1, 2… on re-prompts. */
  retry: number;
}

export interface WebhookEffect {
  type: 'webhook';
  node: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  backend?: string;
  /** Rendered; still holds `{{secret.NAME}}` for the runtime to fill. */
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  retries: number;
  /** Prompt to play if the answer is slow (voice). */
  waitPrompt?: SayEffect;
}

export interface HandoffContext {
  callerNumber: string;
  locale: string;
  channel: string;
  reason: string;
  flowId: string;
  flowVersion: number | null;
  path: string[];
  variables: Record<string, JsonValue>;
}

export interface HandoffEffect {
  type: 'handoff';
  node: string;
  queue: string;
  priority: number;
  reason: string;
  context: HandoffContext;
  /** The agent answers on this channel instead (the node's `continueOn`, when not the current one). */
  continueOn?: 'whatsapp';
  /** The node's `continueMessage` in the caller's language, to open the conversation there. */
  message?: string;
  /** The node's `callbackOfferPrompt` in the caller's language, for the voice channel's callback offer. */
  offerPrompt?: SayEffect;
}

/** Asks the runtime's model which intent the caller's words mean. */
export interface ClassifyEffect {
  type: 'classify';
  node: string;
  locale: string;
  /** The utterance, with digit sequences masked unless the node allows them. */
  text: string;
  /** Speech recognition's confidence, when the words were spoken. */
  speechConfidence?: number;
  intents: Array<{ id: string; label: string; description: string; examples: string[] }>;
  slots: Array<{ name: string; kind: string; description: string }>;
  timeoutMs: number;
}

export interface LocaleEffect {
  type: 'locale';
  locale: string;
  /**
   * The language the caller was already known in, kept without asking (a language node that skips
   * its menu, `skipIfKnown`): no choice of theirs. Absent when the caller chose it, even the one they
   * had: the runtime then remembers it, over one another contact of theirs chose meanwhile.
   */
  known?: true;
}

export interface EndEffect {
  type: 'end';
  node?: string;
  reason: string;
}

/** A satisfaction answer (survey node): the runtime counts it; channels show nothing for it. */
export interface ScoreEffect {
  type: 'score';
  node: string;
  score: number;
  scale: 3 | 5;
}

/**
 * The subscriber gave their phone number to an input node that links callers (`linkCaller`): the
 * runtime links their platform profile (Telegram, Messenger) to it. Channels show nothing for it.
 */
export interface LinkCallerEffect {
  type: 'linkCaller';
  node: string;
  /** E.164. */
  number: string;
}

export type Effect = SayEffect | AskEffect | WebhookEffect | ClassifyEffect | HandoffEffect | LocaleEffect | EndEffect | ScoreEffect | LinkCallerEffect;

export interface StepIssue {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  node?: string;
  /** What the message names, for an editor to say it in its own words (e.g. the output that leads nowhere). */
  params?: Record<string, string>;
}

/**
 * What a node that understands free words made of them: the closest intent (or menu option), how
 * sure, against what threshold, and who answered. For the simulator: it names no caller's words.
 */
export interface Understanding {
  node: string;
  /** The closest intent or option; null when none came near. */
  intent: string | null;
  confidence: number;
  /** Below it, the words count as not understood. */
  threshold: number;
  /** The model's answer, or Griot's own matching of the examples. */
  source: 'model' | 'fallback';
  /** The model's outcome: `unavailable` (none configured), `error`, `timeout`, or `ok`. */
  model: 'ok' | 'unavailable' | 'error' | 'timeout';
}

export interface StepResult {
  session: Session;
  effects: Effect[];
  issues: StepIssue[];
  /** The free words understood in this step (intent and menu nodes), for the simulator. */
  understanding?: Understanding[];
  /** Nodes entered and edges followed during this step, in order (for coverage and the canvas). */
  trace: { nodes: string[]; edges: string[] };
  /**
   * The variables this step assigned (a `set`, an answer, a look-up's mapping, a slot, a score),
   * even to the value they already held: the runtime remembers a `persist` one the caller set
   * again, over a value another contact of theirs wrote meanwhile. Absent when none.
   */
  assigned?: string[];
}
