import { Router } from 'express';
import type { FlowService } from '../flows/flowService.ts';
import type { SuggestTranslations } from '../intents/translationSuggester.ts';
import { suggestTranslations } from '../translations/suggestTranslations.ts';
import { routeDefiner } from './defineRoute.ts';
import type { ApiRegistry } from './openapi/apiRegistry.ts';
import { SuggestTranslationsBody, TranslationSuggestionsSchema } from './schemas/translationSchemas.ts';

/**
 * Suggested translations of a draft's missing texts, through the model (docs/api.md, "Flows,
 * drafts, versions"). `suggest` is absent when no model is configured: the route answers 503.
 */
export function createTranslationRoutes(flows: FlowService, suggest: SuggestTranslations | undefined, registry: ApiRegistry): Router {
  const router = Router();
  const route = routeDefiner(router, registry);
  route(
    {
      method: 'post',
      path: '/api/flows/{id}/suggest-translations',
      operationId: 'suggestTranslations',
      summary: "Suggest translations of the draft's texts missing in a locale (nothing is saved; apply them marked for review)",
      tag: 'flows',
      access: ['editor'],
      body: SuggestTranslationsBody,
      response: TranslationSuggestionsSchema,
      errors: [404, 422, 502, 503],
    },
    async ({ params, body }) => suggestTranslations(await flows.getDraft(params.id!), suggest, body),
  );
  return router;
}
