import express, { type Request, Router } from 'express';
import { boundedBodyParser } from '@griot/connectors';
import { type AudioServeLog, serveAudio } from './serveAudio.ts';
import { hashedRawBody } from './hashedRawBody.ts';
import { z } from 'zod';
import type { AudioLibrary } from '../audio/audioLibrary.ts';
import { MAX_AUDIO_BYTES } from '../audio/audioLibrary.ts';
import { notFound } from '../errors.ts';
import type { AuditLog } from '../audit/auditLog.ts';
import { routeDefiner } from './defineRoute.ts';
import { rolesAllow } from '../auth/roles.ts';
import type { Principal } from '../auth/principal.ts';
import type { ApiRegistry } from './openapi/apiRegistry.ts';

const TAG = 'audio';
const AudioQuery = z.object({ name: z.string().min(1).max(300), locale: z.string().max(20).optional() });
const UploadQuery = AudioQuery.extend({
  /** A name a published version plays: `refuse` (409 audio_in_use, the default) or `rename` (kept as `welcome-2.wav`, the name answered). */
  ifInUse: z.enum(['refuse', 'rename']).optional(),
});
const AudioAssetSchema = z.object({ name: z.string(), bytes: z.number().int(), url: z.string() });
const UploadedSchema = AudioAssetSchema.extend({
  /** The name asked for, when a published version holds it and the file went under `name` instead (`ifInUse=rename`). */
  insteadOf: z.string().optional(),
});

/**
 * Recorded prompts: upload (the file is the request body), list and delete under
 * /api/flows/{id}/audio, served at /audio/{flowId}/{name} (from the Store: any instance serves
 * what another received): without authentication when a published version plays it, so the
 * voice and messaging platforms can fetch it; a draft's take to the designer's users only.
 */
export function createAudioRoutes(
  library: AudioLibrary,
  audit: AuditLog,
  registry: ApiRegistry,
  /** Rejects (404) an unknown or archived flow: an archived flow's prompts are not edited. */
  requireFlow: (flowId: string) => Promise<unknown> = async () => undefined,
  /** Who sends a request (`principalOf`): a draft's takes are served to the designer's users only. */
  principalOf: (req: Request) => Promise<Principal | undefined> = async () => undefined,
  /** Where an answer cut short (its bytes failed mid-way) is said. */
  log?: AudioServeLog,
): Router {
  const router = Router();
  const route = routeDefiner(router, registry);
  const urlOf = (flowId: string, name: string) => `/audio/${flowId}/${name}`;

  // Read into one buffer and hashed as it arrives (hashedRawBody.ts): no join of 10 MiB at the end, no second hash.
  const readUpload = boundedBodyParser(MAX_AUDIO_BYTES, hashedRawBody(MAX_AUDIO_BYTES, express.raw({ type: () => true, limit: MAX_AUDIO_BYTES })));
  // Only an upload its caller may make is read: hashedRawBody sets aside the declared length (10 MiB) before a byte comes, so an
  // anonymous caller or a viewer (any method) is answered by the route's guard (401, 403) with the body unread, as apiJsonBody does.
  router.use('/api/flows/:id/audio', (req, res, next) => {
    const principal = req.principal;
    if (req.method === 'POST' && principal && !principal.mustChangePassword && rolesAllow(principal.roles, ['editor'])) readUpload(req, res, next);
    else next();
  });
  route(
    {
      method: 'post',
      path: '/api/flows/{id}/audio',
      operationId: 'uploadAudio',
      summary:
        'Store a recorded prompt (WAV, MP3 or Ogg as the body; ?name=fon/welcome.wav). A name a published version plays is frozen: 409 audio_in_use, or with ?ifInUse=rename the file is kept under the next free numbered name (fon/welcome-2.wav), answered as `name`',
      tag: TAG,
      access: ['editor'],
      query: UploadQuery,
      status: 201,
      response: UploadedSchema,
      errors: [400, 404, 409],
    },
    async ({ params, query, req, principal }) => {
      await requireFlow(params.id!);
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const saved = await library.save(params.id!, query.name, body, { ...(query.ifInUse ? { ifInUse: query.ifInUse } : {}), mayFillMissing: rolesAllow(principal.roles, ['publisher']) });
      await audit.record({
        actor: principal.username,
        action: 'audio.upload',
        target: `flow:${params.id}`,
        details: { name: saved.name, bytes: saved.bytes, ...(saved.insteadOf ? { insteadOf: saved.insteadOf } : {}), ...(query.locale ? { locale: query.locale } : {}) },
      });
      return { name: saved.name, bytes: saved.bytes, url: urlOf(params.id!, saved.name), ...(saved.insteadOf ? { insteadOf: saved.insteadOf } : {}) };
    },
  );
  route(
    {
      method: 'get',
      path: '/api/flows/{id}/audio',
      operationId: 'listAudio',
      summary: "The flow's recorded prompts",
      tag: TAG,
      access: ['viewer'],
      response: z.array(AudioAssetSchema),
      errors: [404],
    },
    async ({ params }) => {
      const [assets] = await Promise.all([library.list(params.id!), requireFlow(params.id!)]);
      return assets.map((a) => ({ ...a, url: urlOf(params.id!, a.name) }));
    },
  );
  route(
    {
      method: 'delete',
      path: '/api/flows/{id}/audio',
      operationId: 'deleteAudio',
      summary: 'Delete a recorded prompt (409 audio_in_use when a published version plays it)',
      tag: TAG,
      access: ['editor'],
      query: AudioQuery,
      status: 204,
      errors: [404, 409],
    },
    async ({ params, query, principal }) => {
      await requireFlow(params.id!);
      await library.remove(params.id!, query.name);
      await audit.record({ actor: principal.username, action: 'audio.delete', target: `flow:${params.id}`, details: { name: query.name } });
    },
  );
  // A take no published version plays: to those who may read the flow (viewers and up), as `listAudio`.
  const mayHearDrafts = async (req: Request) => {
    const principal = await principalOf(req);
    return principal !== undefined && rolesAllow(principal.roles, ['viewer']);
  };
  router.get('/audio/:flowId/*name', serveAudio(library, mayHearDrafts, log));
  router.use('/audio', (req) => {
    throw notFound('audio_not_found', `no recorded prompt at /audio${req.path}`);
  });
  return router;
}
