import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import { z } from 'zod';
import type { AuditLog } from '../audit/auditLog.ts';
import type { BackupShelf } from '../backups/backupShelf.ts';
import { routeDefiner } from './defineRoute.ts';
import type { ApiRegistry } from './openapi/apiRegistry.ts';

const TAG = 'backups';

const BackupContentsSchema = z.object({
  createdAt: z.string(),
  flows: z.number().int(),
  versions: z.number().int(),
  bindings: z.number().int(),
  users: z.number().int(),
  auditEntries: z.number().int(),
  audioFiles: z.number().int(),
});
export const BackupListingSchema = z.object({
  name: z.string().describe('`griot-backup-<UTC time>.json`: the only names the download route accepts'),
  at: z.string(),
  bytes: z.number().int(),
  encrypted: z.boolean().describe('false: plain JSON, with users’ password hashes; keep the file where only the operators can read it'),
  contents: BackupContentsSchema.nullable().describe('null when the file is unreadable as a backup'),
});
const BackupList = z.object({
  backups: z.array(BackupListingSchema),
  schedule: z.string().nullable().describe('GRIOT_BACKUP_CRON; null: no schedule, backups are taken on demand only'),
  restoreCommand: z.string().describe('`griot restore` with the newest backup: restoring replaces the whole store, so it is done on the server, into an empty store, with the service stopped'),
});

/**
 * The backups of GRIOT_BACKUP_DIR for admins: list, "back up now" (the scheduled job's code,
 * one at a time), download (audited, `no-store`). Restore stays a command (`griot restore`):
 * it replaces the store, users included, and wants the service stopped.
 */
export function createBackupRoutes(shelf: BackupShelf, audit: AuditLog, registry: ApiRegistry, now: () => Date = () => new Date()): Router {
  const router = Router();
  const route = routeDefiner(router, registry);

  route(
    {
      method: 'get',
      path: '/api/backups',
      operationId: 'listBackups',
      summary: 'The backups in GRIOT_BACKUP_DIR, newest first (409 backups_not_configured without it)',
      tag: TAG,
      access: ['admin'],
      response: BackupList,
      errors: [409],
    },
    async ({ res }) => {
      res.set('cache-control', 'no-store');
      const backups = await shelf.list();
      const file = backups[0] && shelf.dir ? join(shelf.dir, backups[0].name) : '<file>';
      return { backups, schedule: shelf.schedule ?? null, restoreCommand: `npx griot restore ${file}` };
    },
  );

  route(
    {
      method: 'post',
      path: '/api/backups',
      operationId: 'createBackup',
      summary:
        'Back up now into GRIOT_BACKUP_DIR, as the scheduled job does (409 backup_running while this instance writes one, backup_running_elsewhere while another instance on the same store does)',
      tag: TAG,
      access: ['admin'],
      status: 201,
      response: BackupListingSchema,
      errors: [409],
    },
    async ({ principal }) => {
      const listing = await shelf.takeNow(now());
      await audit.record({ actor: principal.username, action: 'backup.create', target: `backup:${listing.name}`, details: { bytes: listing.bytes } });
      return listing;
    },
  );

  route(
    {
      method: 'get',
      path: '/api/backups/{name}',
      operationId: 'downloadBackup',
      summary: 'Download one backup listed by GET /api/backups (an attachment, never cached); the download is in the audit log',
      tag: TAG,
      access: ['admin'],
      errors: [404, 409],
    },
    async ({ params, principal, res }) => {
      const { listing, stream } = await shelf.open(params.name ?? '');
      await audit.record({ actor: principal.username, action: 'backup.download', target: `backup:${listing.name}`, details: { bytes: listing.bytes } });
      res
        .status(200)
        .type('application/json')
        .set('content-length', String(listing.bytes))
        .set('cache-control', 'no-store')
        .set('x-content-type-options', 'nosniff')
        .set('content-disposition', `attachment; filename="${listing.name}"`);
      await pipeline(stream, res);
      return undefined;
    },
  );
  return router;
}
