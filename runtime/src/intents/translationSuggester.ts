import OpenAI, { APIConnectionTimeoutError, APIError } from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import { DependencyError, type ErrorContext } from '../errors.ts';
import type { Logger } from '../logger.ts';

/** One text of a flow to translate. */
export interface TranslationItem {
  /** Unique within the request: the answer names it. */
  id: string;
  /** `prompt`: said or written to the caller; `label`: a button; `examples`: phrases a caller might use. */
  kind: 'prompt' | 'label' | 'examples';
  /** The text in the source locale (one entry), or the example phrases. */
  source: string[];
  /** Where the text is shown and what it is about, so the model picks the right words. */
  context: string;
}

export interface TranslationRequest {
  source: { code: string; name: string };
  target: { code: string; name: string };
  items: TranslationItem[];
  /** For logs and errors. */
  context?: ErrorContext;
}

/** The model's answer per item id, as given: the caller checks each before using it. */
export type TranslationAnswer = Map<string, string[]>;

export type SuggestTranslations = (req: TranslationRequest) => Promise<TranslationAnswer>;

export interface TranslationSuggesterOptions {
  /** An OpenAI-compatible API (`…/v1`); OpenAI's own when absent. */
  baseURL?: string | undefined;
  apiKey?: string | undefined;
  model: string;
  /** Per request to the model (one batch of texts). */
  timeoutMs: number;
  /** Retries of the SDK on 429/5xx/connection errors; none by default, the editor can ask again. */
  maxRetries?: number;
  /** Texts per request: long flows are sent in several smaller requests. */
  batchSize?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  logger: Logger;
}

/** What the model must answer. Strict structured output allows no open records: a list of items. */
const Answer = z.object({
  translations: z.array(z.object({ id: z.string(), texts: z.array(z.string()) })),
});
const RESPONSE_FORMAT = zodResponseFormat(Answer, 'translations');

function systemPrompt(req: TranslationRequest): string {
  const from = `${req.source.name} ("${req.source.code}")`;
  const to = `${req.target.name} ("${req.target.code}")`;
  return [
    `You translate the texts of a telephone (IVR) and messaging (WhatsApp, web chat) customer self-care service from ${from} to ${to}.`,
    `Write as a ${req.target.name} speaker working in customer service would say it: natural, polite, as short as the original.`,
    'Rules:',
    '- Keep every {{placeholder}} exactly as written (same name, same filters), untranslated; move it where the sentence needs it.',
    '- Keep SSML tags such as <break time="500ms"/> or <say-as interpret-as="digits"> unchanged; translate only the words around them.',
    '- Keep digits, keypad keys (1, 2, *, #), amounts, codes and brand or product names as they are.',
    'Each item has a kind:',
    '- "prompt": said by text-to-speech or written on WhatsApp. Answer exactly one translation.',
    '- "label": a button or a choice in a list. Answer exactly one translation, 20 characters or fewer when possible.',
    `- "examples": phrases a caller might say or write to ask for what "context" describes. Answer natural, varied ${req.target.name} phrases, informal ones included, about as many as the source has.`,
    'Answer with JSON only: {"translations": [{"id": "<the item id>", "texts": ["<translation>", …]}]}, one entry per item, every item answered.',
  ].join('\n');
}

function batches<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Suggests translations of a flow's texts through an OpenAI-compatible model, with structured
 * output validated by zod. Flow content only (prompts, labels, examples) is sent: no caller data.
 * Unlike the classifier, a failure is the editor's to see: it throws a dependency error (a late,
 * failed or malformed answer), which the API answers with 502.
 */
export function createTranslationSuggester(options: TranslationSuggesterOptions): SuggestTranslations {
  const client = new OpenAI({
    baseURL: options.baseURL ?? 'https://api.openai.com/v1',
    // The SDK insists on a key; compatible servers without authentication ignore it.
    apiKey: options.apiKey ?? 'unused',
    maxRetries: options.maxRetries ?? 0,
  });
  const batchSize = options.batchSize ?? 25;
  const concurrency = options.concurrency ?? 2;
  const log = options.logger.child({ component: 'translations', model: options.model });

  const ask = async (req: TranslationRequest, items: TranslationItem[], stop: AbortSignal): Promise<z.infer<typeof Answer>> => {
    const deadline = AbortSignal.timeout(options.timeoutMs);
    const context = req.context ?? {};
    try {
      const completion = await client.chat.completions.parse(
        {
          model: options.model,
          temperature: 0.2,
          messages: [
            { role: 'system', content: systemPrompt(req) },
            { role: 'user', content: JSON.stringify({ items: items.map(({ id, kind, context: about, source }) => ({ id, kind, context: about, source })) }) },
          ],
          response_format: RESPONSE_FORMAT,
        },
        { signal: AbortSignal.any([deadline, stop]), timeout: options.timeoutMs },
      );
      const message = completion.choices[0]?.message;
      if (message?.parsed) return message.parsed;
      const why = message?.refusal ? 'refused to answer' : 'gave no answer';
      throw new DependencyError('failed', 'llm_malformed_answer', `the model ${why}`, { context });
    } catch (error) {
      if (error instanceof DependencyError) throw error;
      if (deadline.aborted || error instanceof APIConnectionTimeoutError) {
        throw new DependencyError('failed', 'llm_timeout', `the model did not answer within ${options.timeoutMs / 1000} s`, { context, cause: error });
      }
      if (stop.aborted) throw new DependencyError('failed', 'llm_failed', 'another request to the model failed', { context, cause: error });
      if (error instanceof APIError) {
        const status = error.status ? ` with HTTP ${error.status}` : '';
        throw new DependencyError('failed', 'llm_failed', `the model's server failed${status || ' (unreachable)'}`, { context, cause: error });
      }
      // The SDK parses the content with the zod schema: bad JSON or a wrong shape lands here.
      throw new DependencyError('failed', 'llm_malformed_answer', 'the model answered something that is not the expected JSON', { context, cause: error });
    }
  };

  return async (req) => {
    const began = performance.now();
    const answer: TranslationAnswer = new Map();
    const known = new Set(req.items.map((i) => i.id));
    // The first failure stops the requests still in flight: the editor gets one clear error.
    const stop = new AbortController();
    let failure: string | undefined;
    try {
      const queue = batches(req.items, batchSize);
      const worker = async () => {
        for (let batch = queue.shift(); batch; batch = queue.shift()) {
          const { translations } = await ask(req, batch, stop.signal);
          for (const { id, texts } of translations) {
            // Only the items asked, each once: anything else is the model's invention.
            if (known.has(id) && !answer.has(id)) answer.set(id, texts);
          }
        }
      };
      await Promise.all(
        Array.from({ length: Math.min(concurrency, queue.length) }, () =>
          worker().catch((error: unknown) => {
            stop.abort();
            throw error;
          }),
        ),
      );
      return answer;
    } catch (error) {
      failure = error instanceof DependencyError ? error.code : (error as Error)?.name;
      throw error;
    } finally {
      const fields = {
        event: 'translations.answer',
        ...req.context,
        source: req.source.code,
        target: req.target.code,
        items: req.items.length,
        answered: answer.size,
        latencyMs: Math.round(performance.now() - began),
      };
      // Counts and the kind of failure only: the texts stay out of the log.
      if (failure) log.warn({ ...fields, failure }, 'translation suggestions failed');
      else log.info(fields, 'translations suggested');
    }
  };
}
