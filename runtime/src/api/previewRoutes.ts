import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { Channel, ClassificationFixture, FlowEvent, HttpFixture, Identifier, LocaleCode, recordedFixture } from '@griot/flows';
import type { BindingService } from '../bindings/bindingService.ts';
import type { FlowService } from '../flows/flowService.ts';
import type { ConversationService } from '../conversations/ConversationService.ts';
import type { TurnOutput, TurnResult } from '../conversations/types.ts';
import { maskSessionState } from '../conversations/maskSessionState.ts';
import { maskSecretKeyedVars } from '../sensitive/maskSecretKeyed.ts';
import { maskLookupBody } from '../conversations/maskLookupBody.ts';
import { maskLookupRequest } from '../conversations/maskLookupRequest.ts';
import { isSecretKey } from '../sensitive/sensitiveKeys.ts';
import { invalid, notFound } from '../errors.ts';
import { MAX_PREVIEW_FIXTURE_BYTES, MAX_PREVIEWS_PER_USER, fixtureBytes } from '../conversations/PreviewLookups.ts';
import { previewKeyPrefix, type Store } from '../store/types.ts';
import type { Logger } from '../logger.ts';
import type { ApiRegistry } from './openapi/apiRegistry.ts';
import { routeDefiner } from './defineRoute.ts';

export interface PreviewRouteDeps {
  /** Where the routes are described for `/api/openapi.json`. */
  registry: ApiRegistry;
  /** Refuses `useBackend` for a number that is not an approved test number (bindings/testNumbers.ts). */
  testNumbers: Pick<BindingService, 'allowBackendPreview'>;
  /** Refuses `useBackend` for content no publisher vetted, unless a publisher asks (flows/vetBackendPreview.ts). */
  flows: Pick<FlowService, 'vetBackendPreview'>;
  /** Where preview transcripts are bounded once a preview started: a user's newest `perUser`, everyone's newest `inAll`. */
  transcripts?: { store: Pick<Store, 'trimPreviewTranscripts'>; perUser: number; inAll: number; log: Logger };
}

export const PreviewSource = z.union([z.enum(['draft', 'staging', 'production']), z.object({ version: z.number().int().min(1) }).strict()]);

export const StartPreviewBody = z
  .object({
    flowId: Identifier,
    source: PreviewSource,
    channel: Channel,
    callerNumber: z.string().trim().min(1).max(40),
    locale: LocaleCode.optional(),
    /** As in test cases: look-up answers by http node id, the model's answer by intent node id. */
    fixtures: z.record(Identifier, z.union([HttpFixture, z.array(HttpFixture).min(1), ClassificationFixture])).optional(),
    /**
     * Look-ups without a fixture call the staging backends: only as an approved test number (`GET /api/test-numbers`), and
     * only for a version production runs or ran, unless a publisher or admin asks.
     */
    useBackend: z.boolean().optional(),
  })
  .strict();

export const PreviewEventBody = z.object({ event: FlowEvent }).strict();

const LookupSchema = z.object({
  node: z.string(),
  source: z.enum(['fixture', 'backend', 'missing']).describe('a fixture of the preview, the staging backend, or nothing (an error)'),
  outcome: z.enum(['response', 'timeout', 'error']),
  status: z.number().int().optional(),
  message: z.string().optional().describe('why the look-up failed'),
  durationMs: z.number(),
  output: z.string().optional().describe('the http node output the flow took'),
  reason: z
    .object({ code: z.string(), params: z.record(z.string(), z.string()).optional() })
    .optional()
    .describe('why it failed, as a code the designer translates: secret.notBound, http.hostNotAllowed, http.unreachable, preview.noFixture, preview.notTestNumber…'),
  body: z
    .object({ text: z.string(), truncated: z.boolean() })
    .optional()
    .describe('the response body as the tester may read it: sensitive values masked, indented JSON or text, at most 4,000 characters'),
  fixture: z.record(z.string(), z.unknown()).describe('the answer as a test fixture: what the node maps, sensitive values replaced by made-up ones'),
  synthetic: z.array(z.string()).describe('sensitive variables whose values the fixture makes up'),
});

const TurnSchema = z.object({
  effects: z.array(z.record(z.string(), z.unknown())).describe('say, ask, webhook, locale, handoff, end: what the caller would get'),
  state: z.record(z.string(), z.unknown()).describe('the session, sensitive variables masked'),
  trace: z.object({ nodes: z.array(z.string()), edges: z.array(z.string()) }),
  issues: z.array(
    z.object({
      severity: z.enum(['error', 'warning']),
      code: z.string(),
      message: z.string(),
      node: z.string().optional(),
      params: z.record(z.string(), z.string()).optional().describe('what the message names, for the designer to say it in its words (flow.unconnected: output)'),
    }),
  ),
  lookups: z.array(LookupSchema).describe('what each look-up of the turn answered (the body only as the fixture shows it)'),
  understanding: z
    .array(
      z.object({
        node: z.string(),
        intent: z.string().nullable().describe('the closest intent (or menu option), null when none came near'),
        confidence: z.number(),
        threshold: z.number().describe('below it the words count as not understood'),
        source: z.enum(['model', 'fallback']).describe('the model answered, or Griot matched the examples itself'),
        model: z.enum(['ok', 'unavailable', 'error', 'timeout']).describe('unavailable: no model configured'),
      }),
    )
    .describe('what the caller’s free words were understood as, for the simulator (never sent to a channel)'),
});
const StartedSchema = TurnSchema.extend({
  id: z.string(),
  endedPreviews: z
    .array(z.string())
    .optional()
    .describe(`the tester's older previews this one ended: a tester keeps at most ${MAX_PREVIEWS_PER_USER} previews and 2 MB of fixtures, the oldest ended first`),
});
const StateSchema = TurnSchema.pick({ state: true });

/**
 * A preview belongs to the user who started it: its session key names them, so another tester
 * (an admin too) who learns the id reaches nothing and gets the same 404 as for an unknown id.
 */
const previewKey = (principal: { userId: string }, id: string) => `${previewKeyPrefix(principal.userId)}${id}`;

/** The turn as the designer shows it: the session and look-ups' requests masked, everything else as the caller gets it. */
function view(result: TurnOutput) {
  return {
    effects: result.effects.map((effect) => {
      if (effect.type === 'webhook') return maskLookupRequest(result.flow, result.session, effect);
      // The agent's context as the session state shows it: a code under a secret's key in a variable kept in clear masked.
      if (effect.type === 'handoff') return { ...effect, context: { ...effect.context, variables: maskSecretKeyedVars(effect.context.variables) } };
      return effect;
    }),
    state: maskSessionState(result.flow, result.session),
    trace: result.trace,
    issues: result.issues,
    lookups: lookupsOf(result),
    understanding: result.understanding ?? [],
  };
}

/**
 * Each look-up of the turn for the tester: status, timing, the output taken, why it failed, the
 * body with sensitive values masked (to read a 401's explanation), and the answer as a test
 * fixture (what the node does not read left out, sensitive values made up), so a session recorded
 * as a test case replays without the operator's systems.
 */
function lookupsOf(result: TurnOutput): Array<z.infer<typeof LookupSchema>> {
  return (result.lookups ?? []).map(({ node, source, answer, durationMs, failure }) => {
    const taken = result.flow.edges.find((e) => e.source === node && result.trace.edges.includes(e.id));
    const body = answer.outcome === 'response' ? maskLookupBody(result.flow, node, answer.body) : undefined;
    return {
      node,
      source,
      outcome: answer.outcome,
      durationMs,
      ...(answer.status !== undefined ? { status: answer.status } : {}),
      ...(answer.message !== undefined ? { message: answer.message } : {}),
      ...(taken ? { output: taken.output } : {}),
      ...(failure ? { reason: failure } : {}),
      ...(body ? { body } : {}),
      // A code under a secret's key (`pukCode` in an object a variable kept in clear maps) made up too: the fixture is stored in the flow.
      ...recordedFixture(result.flow, node, answer, isSecretKey),
    };
  });
}

function mustExist(result: TurnResult, id: string): TurnOutput {
  if (result.status === 'missing') throw notFound('preview_not_found', `the preview session ${id} is over or expired; start a new one`);
  return result;
}

/**
 * Preview sessions for testers (docs/api.md, "Preview"): a flow's draft, an environment or a
 * version, on any channel, with fixtures for its look-ups. They run in the same engine as real
 * contacts, with their own caller memory, and are kept out of statistics.
 */
export function previewRoutes(service: ConversationService, deps: PreviewRouteDeps): Router {
  const router = Router();
  const route = routeDefiner(router, deps.registry);
  const tag = 'preview';
  async function trimTranscripts(userId: string): Promise<void> {
    const bounds = deps.transcripts;
    if (!bounds) return;
    try {
      const removed = await bounds.store.trimPreviewTranscripts(userId, bounds.perUser, bounds.inAll);
      if (removed > 0) bounds.log.info({ event: 'preview.transcriptsTrimmed', removed }, 'oldest preview transcripts removed');
    } catch (error) {
      // The preview runs all the same; the next one trims again.
      bounds.log.warn({ event: 'preview.transcriptsTrimFailed', err: error }, 'preview transcripts could not be trimmed');
    }
  }

  route(
    {
      method: 'post',
      path: '/api/preview/sessions',
      operationId: 'startPreview',
      summary:
        "Start a preview session and run it to its first wait (400 `preview_fixtures_too_large` above 256 kB of fixtures; the tester's oldest previews end beyond 20, or 2 MB of fixtures: `endedPreviews`; 403 `preview_not_vetted` when `useBackend` is asked for a draft or a version that never ran in production by someone who is not a publisher; 403 `preview_number_not_test` when it is asked as a number that is not a test number)",
      tag,
      access: ['tester'],
      body: StartPreviewBody,
      status: 201,
      response: StartedSchema,
      errors: [400, 403, 404],
    },
    async ({ body, principal }) => {
      // Fixtures stay in memory as long as the preview: a tester's scaffolding, not a data set.
      const bytes = fixtureBytes(body.fixtures);
      if (bytes > MAX_PREVIEW_FIXTURE_BYTES) {
        const maxKiB = MAX_PREVIEW_FIXTURE_BYTES / 1024;
        throw invalid('preview_fixtures_too_large', `a preview's fixtures are limited to ${maxKiB} kB (these weigh ${Math.ceil(bytes / 1024)} kB): keep only what the nodes read`, {
          field: 'fixtures',
          params: { maxKiB, kiB: Math.ceil(bytes / 1024) },
        });
      }
      // Mock answers are free for any content and number; the operator's real systems answer only
      // vetted content (which chooses what is asked), for a test number (who it is asked about).
      let source = body.source;
      if (body.useBackend) {
        const run = await deps.flows.vetBackendPreview(principal, body.flowId, body.source);
        await deps.testNumbers.allowBackendPreview(principal, body.flowId, body.callerNumber, run.runs);
        source = run.source;
      }
      const id = randomUUID();
      const result = await service.start({
        key: previewKey(principal, id),
        channel: body.channel,
        flow: { flowId: body.flowId, source },
        callerNumber: body.callerNumber,
        preview: true,
        locale: body.locale,
        fixtures: body.fixtures ?? {},
        useBackend: body.useBackend ?? false,
      });
      // A tester keeps a bounded number of previews: the oldest make room for this one.
      const ended = await service.endPreviewsBeyondShare(previewKey(principal, id));
      // And what previews leave in the store: the user's oldest transcripts go (no tester fills the store with them).
      await trimTranscripts(principal.userId);
      const prefix = previewKey(principal, '');
      return { id, ...view(result), ...(ended.length > 0 ? { endedPreviews: ended.map((key) => key.slice(prefix.length)) } : {}) };
    },
  );

  route(
    {
      method: 'post',
      path: '/api/preview/sessions/{id}/events',
      operationId: 'sendPreviewEvent',
      summary: 'Send what the caller does (digits, text, speech, choice, silence, hang-up…)',
      tag,
      access: ['tester'],
      body: PreviewEventBody,
      response: TurnSchema,
      errors: [404],
    },
    async ({ body, params, principal }) => {
      const key = previewKey(principal, String(params.id));
      // A hang-up closes the contact the way a channel's status hook does (transcript, caller history).
      const result = body.event.type === 'hangup' ? await service.end(key, 'hangup') : await service.handle(key, body.event);
      return view(mustExist(result, String(params.id)));
    },
  );

  route(
    { method: 'get', path: '/api/preview/sessions/{id}', operationId: 'getPreview', summary: 'The state of a preview session', tag, access: ['tester'], response: StateSchema, errors: [404] },
    async ({ params, principal }) => {
      const conversation = await service.peek(previewKey(principal, String(params.id)));
      if (!conversation?.record.preview) throw notFound('preview_not_found', `the preview session ${String(params.id)} is over or expired; start a new one`);
      return { state: maskSessionState(conversation.flow, conversation.record.session) };
    },
  );

  return router;
}
