import { z } from 'zod';
import { ROLES } from '../../auth/roles.ts';

export const RoleSchema = z.enum(ROLES);

/** Every error answer: `{ error: { code, message, field? }, ...extra }`. */
export const ErrorResponse = z
  .object({
    error: z
      .object({
        code: z.string(),
        message: z.string(),
        field: z.string().optional().describe('the request field at fault'),
        flowId: z.string().optional(),
      })
      .loose(),
  })
  .loose()
  .describe('extra members: issues (400 schema, 422 lint), current (409 stale draft), failures (422 tests)');

export const Ok = z.object({ ok: z.literal(true) });
