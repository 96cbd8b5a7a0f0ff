import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Classify } from './llmClassifier.ts';

/**
 * The conversation engine's classifier from the configuration, or none: without a model each
 * flow's fallback classifier answers alone. Says once at start which it is (never the key).
 */
export function classifierFromConfig(config: Pick<Config, 'llm'>, logger: Logger): Classify | undefined {
  const llm = config.llm;
  if (!llm) {
    logger.info(
      { event: 'classifier.configured', classifier: 'fallback' },
      "intent classification: no model configured (GRIOT_LLM_MODEL with OPENAI_BASE_URL or OPENAI_API_KEY); the flows' fallback classifier answers",
    );
    return undefined;
  }
  const baseURL = llm.baseURL ?? 'https://api.openai.com/v1';
  // The host only: a base URL may carry credentials or a tenant path.
  logger.info(
    { event: 'classifier.configured', classifier: 'llm', model: llm.model, host: new URL(baseURL).host },
    'intent classification: model configured, with the fallback when it fails or is slow',
  );
  // The classifier and the OpenAI SDK it uses are imported now, only when a model is configured:
  // ~12 MB of memory a server without one never needs (issue 17, idle RSS).
  const loading = import('./llmClassifier.ts').then(({ createLlmClassifier }) => createLlmClassifier({ baseURL, apiKey: llm.apiKey, model: llm.model, logger }));
  loading.catch((error: unknown) => logger.error({ event: 'classifier.unavailable', err: String(error) }, "intent classification: the model's client could not be loaded; the fallback answers"));
  return async (req) => {
    const classify = await loading.catch(() => undefined);
    // Like any failure of the model: the flow's fallback classifier answers.
    return classify ? classify(req) : { type: 'classification', outcome: 'error' };
  };
}
