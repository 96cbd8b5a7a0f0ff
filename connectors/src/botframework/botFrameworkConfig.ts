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
  /**
   * More hosts the bot may post its replies to (with its token), besides the Bot Connector's:
   * names separated by spaces or commas, `*.example.com` for any name below a domain.
   */
  BOTFRAMEWORK_SERVICE_HOSTS: z
    .string()
    .transform((value) => value.split(/[\s,]+/).filter(Boolean))
    .pipe(z.array(z.string().regex(/^(\*\.)?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$|^\[[0-9A-Fa-f:]+\]$/, 'a host name, *.domain or [IPv6 address], without scheme, port nor path')))
    .optional(),
});

export interface BotFrameworkConfig {
  clientId?: string;
  clientSecret?: string;
  tenantId?: string;
  authorityEndpoint?: string;
  bindingAddress: string;
  /** Hosts the bot may post to besides the Bot Connector's (`BOTFRAMEWORK_SERVICE_HOSTS`, `serviceUrlAllowed`). */
  serviceHosts?: string[];
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
    ...(e.BOTFRAMEWORK_SERVICE_HOSTS?.length ? { serviceHosts: e.BOTFRAMEWORK_SERVICE_HOSTS } : {}),
    anonymous: !clientId && !production,
    production,
  };
}
