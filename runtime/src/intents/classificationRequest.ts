import { z } from 'zod';
import { zodResponseFormat } from 'openai/helpers/zod';
import type { AutoParseableResponseFormat } from 'openai/lib/parser';
import { MODEL_SLOT_MAX_CHARS, type ClassifyEffect } from '@griot/flows';

/** What the model must answer: one of the request's intent ids or null, and one field per slot. */
export type ClassificationAnswer = {
  intent: string | null;
  confidence: number;
  slots: Record<string, string | number | null>;
};

export interface ClassificationRequest {
  system: string;
  responseFormat: AutoParseableResponseFormat<ClassificationAnswer>;
}

/** Enough examples for the model to see what an intent covers; a long list only costs tokens. */
const EXAMPLES_PER_INTENT = 15;

/**
 * What a slot's value looks like, told to the model. Only told: a model (or a caller's words
 * asking it) may answer anything, and the flow checks each value against its kind
 * (`acceptModelSlot`), keeping the fallback's value when it does not pass.
 */
function slotSchema(kind: string): z.ZodType<string | number> {
  switch (kind) {
    case 'amount':
      return z.number().describe('a number, without currency');
    case 'digits':
      return z.string().describe('digits only');
    case 'phone':
      return z.string().describe('a phone number: digits, optionally a leading +');
    default:
      return z.string().describe(`a few words, at most ${MODEL_SLOT_MAX_CHARS} characters`);
  }
}

/**
 * The answer's schema. Strict structured output allows no open records, so the slots are an
 * object with one nullable field per requested slot; the intent is an enum of the request's ids,
 * so an unknown intent fails validation instead of reaching the flow.
 */
function answerSchema(req: ClassifyEffect): z.ZodType<ClassificationAnswer> {
  const ids = req.intents.map((i) => i.id) as [string, ...string[]];
  const slots = Object.fromEntries(req.slots.map((s) => [s.name, slotSchema(s.kind).nullable()]));
  return z.object({
    intent: z.enum(ids).nullable(),
    confidence: z.number().min(0).max(1),
    slots: z.object(slots),
  }) as unknown as z.ZodType<ClassificationAnswer>;
}

function systemPrompt(req: ClassifyEffect): string {
  const intents = req.intents
    .map((i) => {
      const lines = [`- id: ${i.id}`, `  label: ${i.label}`];
      if (i.description && i.description !== i.label) lines.push(`  meaning: ${i.description}`);
      const examples = i.examples.slice(0, EXAMPLES_PER_INTENT);
      if (examples.length > 0) lines.push(`  examples: ${examples.map((e) => JSON.stringify(e)).join(', ')}`);
      return lines.join('\n');
    })
    .join('\n');
  const slots = req.slots.map((s) => `- ${s.name} (${s.kind})${s.description ? `: ${s.description}` : ''}`).join('\n');
  return [
    'You route callers of a telephone and messaging self-care service.',
    `The caller's message is in the language with code "${req.locale}"; it may be informal, misspelt or a speech transcript.`,
    'Choose the one intent below that the message asks for.',
    '',
    'Intents:',
    intents,
    '',
    'Answer with JSON only:',
    '- "intent": the id of the intent, or null when none fits or the message is unclear. Never invent an id.',
    '- "confidence": from 0 to 1, how sure you are of that intent.',
    req.slots.length > 0 ? `- "slots": for each slot below, its value when the message states it, else null. Never guess a value.\n${slots}` : '- "slots": an empty object.',
    'Sequences of digits are masked as "•••": never return a masked value.',
  ].join('\n');
}

const cache = new WeakMap<ClassifyEffect['intents'], Map<string, ClassificationRequest>>();

/**
 * The system prompt and response format for a request, computed once per intent list (the flow
 * language hands the same list for a node and locale) and slot set.
 */
export function classificationRequest(req: ClassifyEffect): ClassificationRequest {
  let byShape = cache.get(req.intents);
  if (!byShape) cache.set(req.intents, (byShape = new Map()));
  const key = `${req.locale}\u0000${req.slots.map((s) => `${s.name}:${s.kind}:${s.description}`).join('\u0000')}`;
  let built = byShape.get(key);
  if (!built) {
    built = { system: systemPrompt(req), responseFormat: zodResponseFormat(answerSchema(req), 'classification') };
    byShape.set(key, built);
  }
  return built;
}
