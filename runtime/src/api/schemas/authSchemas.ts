import { z } from 'zod';
import { QueueName } from '@griot/flows';
import { RoleSchema } from './commonSchemas.ts';

const Username = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[a-zA-Z0-9._@-]+$/, 'letters, digits and . _ @ - only');
const Password = z.string().min(10, 'must be at least 10 characters').max(200);
/** The queues an agent answers: null (or absent at creation) for every queue, until an admin assigns some. */
const AssignedQueues = z
  .array(QueueName)
  .max(200)
  .nullable()
  .describe('the queues the user answers as an agent (sees, takes, reads, replies to, is told about); null: every queue; []: none. Supervisors and admins answer every queue');

export const LoginBody = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(200) }).strict();
export const CreateUserBody = z
  .object({
    username: Username,
    displayName: z.string().trim().min(1).max(120).optional(),
    password: Password.optional().describe('absent: Griot makes one up and returns it once (`password` in the answer)'),
    roles: z.array(RoleSchema).min(1),
    mustChangePassword: z.boolean().optional().describe('the user chooses their own password at first login (always with a made-up one)'),
    queues: AssignedQueues.optional(),
  })
  .strict();
export const UpdateUserBody = z
  .object({
    roles: z.array(RoleSchema).min(1).optional(),
    password: Password.optional(),
    disabled: z.boolean().optional(),
    displayName: z.string().trim().min(1).max(120).optional(),
    mustChangePassword: z.boolean().optional().describe("defaults to true when an admin sets another user's password"),
    queues: AssignedQueues.optional(),
  })
  .strict();
export const ChangePasswordBody = z
  .object({
    currentPassword: z.string().min(1).max(200),
    newPassword: Password,
    keepApiTokens: z.boolean().optional().describe('keep your API tokens working (default false: a password change revokes them all)'),
  })
  .strict();
export const CreateTokenBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    expiresInDays: z.number().int().min(1).max(3650).nullable().optional().describe('how many days the token works (default 90); null: it never expires (ask for it explicitly)'),
  })
  .strict();

export const PublicUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(RoleSchema),
  disabled: z.boolean(),
  createdAt: z.string(),
  mustChangePassword: z.boolean(),
  queues: z.array(z.string()).nullable().describe('the queues the user answers as an agent; null: every queue (none assigned yet)'),
});
export const CreatedUser = PublicUserSchema.extend({ password: z.string().optional().describe('the password Griot made up, shown once') });
export const ResetPasswordResponse = z.object({ user: PublicUserSchema, password: z.string().describe('shown once; the user must change it at next login') });
export const MeResponse = z.object({
  user: z.object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    roles: z.array(RoleSchema),
    via: z.enum(['session', 'token', 'adminToken']),
    mustChangePassword: z.boolean().describe('until the user changes it, every other route answers 403 `password_change_required`'),
    queues: z.array(z.string()).nullable().optional().describe('the queues whose contacts the agent app shows; null: every queue (a supervisor or admin, or an agent none were assigned to yet)'),
  }),
});
export const SessionResponse = z.object({ user: MeResponse.shape.user.nullable().describe('null: nobody is signed in (no cookie, or one that expired)') });
export const PasswordChangedResponse = z.object({
  user: PublicUserSchema,
  sessionsEnded: z.number().int().describe('your other browser sessions, logged out'),
  tokensRevoked: z.number().int().describe('your API tokens, revoked (0 with `keepApiTokens`)'),
});
export const LogoutEverywhereBody = z.object({ revokeApiTokens: z.boolean().optional().describe('revoke every API token of yours too (default: they keep working)') }).strict();
export const LoggedOutEverywhereResponse = z.object({
  sessionsEnded: z.number().int().describe('your browser sessions logged out, the one making the call included'),
  tokensRevoked: z.number().int().describe('your API tokens revoked (0 unless `revokeApiTokens`)'),
});
export const EndSessionsBody = z.object({ revokeApiTokens: z.boolean().optional().describe("revoke every API token of the user's too (default: they keep working)") }).strict();
export const SessionsEndedResponse = z.object({
  sessionsEnded: z.number().int().describe("the user's browser sessions logged out"),
  tokensRevoked: z.number().int().describe("the user's API tokens revoked (0 unless `revokeApiTokens`)"),
});
export const LoginResponse = z.object({ user: PublicUserSchema, expiresAt: z.string() });
export const CreatedToken = z.object({
  id: z.string(),
  name: z.string(),
  token: z.string().describe('shown once; keep it'),
  expiresAt: z.string().nullable().describe('when it stops working; null: never'),
});
export const TokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().optional(),
  userId: z.string(),
  username: z.string().nullable().describe('the owner; null when that user no longer exists'),
  expiresAt: z.string().nullable().describe('when it stops working (an expired token is answered 401 like an unknown one); null: never'),
});
