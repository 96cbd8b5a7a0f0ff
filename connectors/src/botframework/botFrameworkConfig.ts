import { z } from 'zod';
import { ChannelConfigError } from '../channel/ChannelConfigError.ts';

const optionalText = z.string().trim().min(1).optional();

/**
 * Bot Framework / Azure Bot credentials. The classic Azure Bot names (`MicrosoftAppId`…) and
 * the Agents SDK's (`clientId`…) are both read. Without an app id, requests are accepted
 * anonymously, and only outside production: that is how to test offline.
 */
const BotEnv = z.object({
  MicrosoftAppId: optionalText,
  MicrosoftAppPassword: optionalText,
  MicrosoftAppTenantId: optionalText,
  clientId: optionalText,
  clientSecret: optionalText,
  tenantId: optionalText,
  /**
   * The Microsoft Entra authority whose keys sign the tokens, with the tenant (the Agents SDK's
   * name); the SDK's default (login.microsoftonline.com) when unset: sovereign clouds set it.
   */
  authorityEndpoint: z.url({ protocol: /^https?$/ }).optional(),
  /** The `botframework` binding's address; defaults to the app id, else `default`. */
  BOTFRAMEWORK_BINDING_ADDRESS: optionalText,
});

export interface BotFrameworkConfig {
  clientId?: string;
  clientSecret?: string;
  tenantId?: string;
  authorityEndpoint?: string;
  bindingAddress: string;
  /** Whether unauthenticated requests are allowed (no app id, not production). */
  anonymous: boolean;
  production: boolean;
}

export function readBotFrameworkConfig(env: Record<string, string | undefined>, production: boolean): BotFrameworkConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = BotEnv.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ChannelConfigError(String(issue.path[0]), issue.message);
  }
  const e = parsed.data;
  const clientId = e.clientId ?? e.MicrosoftAppId;
  const clientSecret = e.clientSecret ?? e.MicrosoftAppPassword;
  const tenantId = e.tenantId ?? e.MicrosoftAppTenantId;
  return {
    ...(clientId ? { clientId } : {}),
    ...(clientSecret ? { clientSecret } : {}),
    ...(tenantId ? { tenantId } : {}),
    ...(e.authorityEndpoint ? { authorityEndpoint: e.authorityEndpoint } : {}),
    bindingAddress: e.BOTFRAMEWORK_BINDING_ADDRESS ?? clientId ?? 'default',
    anonymous: !clientId && !production,
    production,
  };
}
