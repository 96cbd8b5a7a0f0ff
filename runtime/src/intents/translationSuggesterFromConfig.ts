import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { SuggestTranslations } from './translationSuggester.ts';

/**
 * The designer's translation suggestions through the model that classifies intents, or none
 * (the route then answers 503 `llm_not_configured`).
 */
export function translationSuggesterFromConfig(config: Pick<Config, 'llm' | 'llmTranslationTimeoutMs'>, logger: Logger): SuggestTranslations | undefined {
  const llm = config.llm;
  if (!llm) return undefined;
  // Imported with the OpenAI SDK only when a model is configured (idle memory, issue 17).
  const loading = import('./translationSuggester.ts').then(({ createTranslationSuggester }) =>
    createTranslationSuggester({ baseURL: llm.baseURL, apiKey: llm.apiKey, model: llm.model, timeoutMs: config.llmTranslationTimeoutMs, logger }),
  );
  loading.catch(() => {}); // reported to the request that needs it
  return async (req) => (await loading)(req);
}
