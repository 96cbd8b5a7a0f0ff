import { z } from 'zod';
import { RoleSchema } from './commonSchemas.ts';

const Username = z.string().trim().min(2).max(64).regex(/^[a-zA-Z0-9._@-]+$/, 'letters, digits and . _ @ - only');
const Password = z.string().min(10, 'must be at least 10 characters').max(200);

export const LoginBody = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(200) }).strict();
export const CreateUserBody = z
  .object({ username: Username, displayName: z.string().trim().min(1).max(120).optional(), password: Password, roles: z.array(RoleSchema).min(1) })
  .strict();
export const UpdateUserBody = z
  .object({ roles: z.array(RoleSchema).min(1).optional(), password: Password.optional(), disabled: z.boolean().optional(), displayName: z.string().trim().min(1).max(120).optional() })
  .strict();
export const CreateTokenBody = z.object({ name: z.string().trim().min(1).max(100) }).strict();

export const PublicUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(RoleSchema),
  disabled: z.boolean(),
  createdAt: z.string(),
});
export const MeResponse = z.object({
  user: z.object({ id: z.string(), username: z.string(), displayName: z.string(), roles: z.array(RoleSchema), via: z.enum(['session', 'token', 'adminToken']) }),
});
export const LoginResponse = z.object({ user: PublicUserSchema, expiresAt: z.string() });
export const CreatedToken = z.object({ id: z.string(), name: z.string(), token: z.string().describe('shown once; keep it') });
