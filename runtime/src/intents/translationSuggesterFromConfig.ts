import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { createTranslationSuggester, type SuggestTranslations } from './translationSuggester.ts';

/**
 * The designer's translation suggestions through the model that classifies intents, or none
 * (the route then answers 503 `llm_not_configured`).
 */
export function translationSuggesterFromConfig(config: Pick<Config, 'llm' | 'llmTranslationTimeoutMs'>, logger: Logger): SuggestTranslations | undefined {
  const llm = config.llm;
  if (!llm) return undefined;
  return createTranslationSuggester({ baseURL: llm.baseURL, apiKey: llm.apiKey, model: llm.model, timeoutMs: config.llmTranslationTimeoutMs, logger });
}
