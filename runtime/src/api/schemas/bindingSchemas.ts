import { z } from 'zod';
import { Channel } from '@griot/flows';

export { BindingInput, JsonValue, OwnTestNumberInput } from '../../bindings/bindingInput.ts';

export const BindingSchema = z.object({
  id: z.string(),
  channel: Channel,
  address: z.string(),
  flowId: z.string(),
  environment: z.enum(['staging', 'production']),
  testers: z.array(
    z.object({
      number: z.string(),
      version: z.number().int().optional(),
      locale: z.string().optional(),
      addedBy: z.string().optional().describe('the user who listed their own number (staging only, theirs to remove); absent when an admin did'),
      confirmedBy: z.string().optional().describe('the admin who confirmed a user’s own number; absent while it is pending (its calls then run the binding’s environment)'),
      confirmedAt: z.string().optional().describe('when it was confirmed'),
    }),
  ),
  settings: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  updatedAt: z.string(),
  environments: z.object({ staging: z.number().int().nullable(), production: z.number().int().nullable() }).describe('the version each environment of the flow runs now'),
});
export const TestNumberSchema = z.object({
  number: z.string().describe('E.164'),
  routes: z
    .array(z.object({ bindingId: z.string(), channel: Channel, address: z.string(), flowId: z.string(), version: z.number().int().optional(), locale: z.string().optional() }))
    .describe('the bindings that list it as a tester: its calls there go to staging (or the version named)'),
});
const auditText = z.string().trim().min(1).max(200);
export const AuditQuery = z.object({
  target: auditText.optional().describe('`flow:<id>`, `binding:<id>`, `user:<id>`…'),
  actor: auditText.optional().describe('the username that acted (`system`, `anonymous` for the server and failed logins)'),
  action: auditText.optional().describe('one action: `flow.publish`, `auth.login`, `backup.download`…'),
  from: z.iso.datetime({ offset: true }).optional().describe('entries at or after this instant'),
  to: z.iso.datetime({ offset: true }).optional().describe('entries before this instant'),
  before: auditText.optional().describe("the last entry's id of the previous page: the next page starts after it"),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  format: z.enum(['json', 'csv']).optional().describe('csv: up to 10,000 entries matching the filters (no `limit`), as text/csv'),
});
export const AuditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  hashBefore: z.string().optional(),
  hashAfter: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
