import OpenAI, { APIConnectionTimeoutError, APIError } from 'openai';
import { MODEL_SLOT_MAX_CHARS, type ClassifyEffect, type FlowEvent } from '@griot/flows';
import type { Logger } from '../logger.ts';
import { classificationRequest } from './classificationRequest.ts';

export interface LlmClassifierOptions {
  /** An OpenAI-compatible API (`…/v1`); OpenAI's own when absent. */
  baseURL?: string | undefined;
  /** Local servers often need none. */
  apiKey?: string | undefined;
  model: string;
  logger: Logger;
}

export type Classify = (req: ClassifyEffect) => Promise<FlowEvent>;

/** What a masked digit sequence looks like (`maskDigits` in the flow language). */
const MASKED = '•';

/**
 * Asks an OpenAI-compatible model which intent the caller's words mean, with structured output.
 * Never throws and never retries: a failure, a refusal, an answer outside the request's intents
 * or a late answer becomes `error` / `timeout`, and the flow's fallback classifier answers.
 * Only the (digit-masked) words and the intent definitions leave the server; confidence is
 * passed on as given, the flow's threshold decides.
 */
export function createLlmClassifier(options: LlmClassifierOptions): Classify {
  const client = new OpenAI({
    baseURL: options.baseURL ?? 'https://api.openai.com/v1',
    // The SDK insists on a key; compatible servers without authentication ignore it.
    apiKey: options.apiKey ?? 'unused',
    maxRetries: 0,
  });
  const log = options.logger.child({ component: 'classifier', model: options.model });

  return async (req) => {
    const began = performance.now();
    // One deadline for the whole exchange, reading and parsing the answer included.
    const signal = AbortSignal.timeout(req.timeoutMs);
    let event: FlowEvent & { type: 'classification' };
    let failure: string | undefined;
    try {
      if (req.intents.length === 0) throw new Error('no intents to choose from');
      const { system, responseFormat } = classificationRequest(req);
      const completion = await client.chat.completions.parse(
        {
          model: options.model,
          temperature: 0,
          messages: [
            { role: 'system', content: system },
            { role: 'user', content: req.text },
          ],
          response_format: responseFormat,
        },
        { signal, timeout: req.timeoutMs },
      );
      const message = completion.choices[0]?.message;
      const answer = message?.parsed;
      if (!answer) throw new Error(message?.refusal ? 'refused' : 'no answer');
      const slots: Record<string, string | number> = {};
      for (const [name, value] of Object.entries(answer.slots)) {
        if (value === null || String(value).includes(MASKED)) continue;
        // The flow checks each value against its slot's kind; one this long is no value of any
        // kind, and is not carried further. Its length only in the log: it is the caller's words.
        if (typeof value === 'string' && value.length > MODEL_SLOT_MAX_CHARS) {
          log.warn({ event: 'classifier.slotTooLong', node: req.node, slot: name, chars: value.length }, 'the model gave a slot value too long to be one; dropped');
          continue;
        }
        slots[name] = value;
      }
      event = { type: 'classification', outcome: 'ok', intent: answer.intent, confidence: answer.confidence, slots };
    } catch (error) {
      const timedOut = signal.aborted || error instanceof APIConnectionTimeoutError;
      event = { type: 'classification', outcome: timedOut ? 'timeout' : 'error' };
      // The kind of failure only: error messages may quote the request.
      failure = error instanceof APIError ? `${error.constructor.name}${error.status ? ` ${error.status}` : ''}` : (error as Error)?.name;
    }
    const { outcome } = event;
    const fields = { event: 'classifier.answer', node: req.node, outcome, latencyMs: Math.round((performance.now() - began) * 10) / 10 };
    if (outcome === 'ok') log.debug(fields, 'classified');
    else log.warn({ ...fields, failure }, 'classification failed; the fallback answers');
    return event;
  };
}
