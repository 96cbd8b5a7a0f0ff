import type { BotFrameworkConfig } from './botFrameworkConfig.ts';

/** The Bot Connector's audience: a token for it lets the bot post to any conversation of its channels. */
const BOT_CONNECTOR_SCOPE = 'https://api.botframework.com/.default';
/** A token is renewed this long before it expires. */
const EARLY_MS = 5 * 60_000;

/** The bot's token could not be had now (the authority down, refused the credentials…): try again later. */
export class BotTokenUnavailable extends Error {
  override readonly name = 'BotTokenUnavailable';
}

export interface BotFrameworkTokens {
  /** The bearer token for the Bot Connector; undefined when the bot runs anonymously (offline tests, no app id). */
  token(): Promise<string | undefined>;
}

/**
 * The bot's access token for writing first, from the same credentials and authority the channel
 * answers with (`MicrosoftAppId`/`clientId`, its secret and tenant, `authorityEndpoint`): the
 * OAuth 2.0 client-credentials grant the Agents SDK's MSAL provider makes, at
 * `<authority>/oauth2/v2.0/token`, kept until five minutes before it expires. (MSAL itself
 * insists on https and on Microsoft's instance discovery, so it could not be pointed at a test
 * authority on this machine.)
 */
export function botFrameworkTokens(config: BotFrameworkConfig, options: { now?: () => number; timeoutMs?: number } = {}): BotFrameworkTokens {
  const now = options.now ?? Date.now;
  let cached: { token: string; until: number } | undefined;
  let pending: Promise<string> | undefined;
  const fetchToken = async (): Promise<string> => {
    const authority = (config.authorityEndpoint ?? `https://login.microsoftonline.com/${config.tenantId ?? 'botframework.com'}`).replace(/\/+$/, '');
    let response: Response;
    try {
      response = await fetch(`${authority}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: config.clientId ?? '', client_secret: config.clientSecret ?? '', scope: BOT_CONNECTOR_SCOPE }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        // Never followed: a 307/308 would resend the client secret wherever it points.
        redirect: 'manual',
      });
    } catch (error) {
      throw new BotTokenUnavailable(`the authority could not be reached for the bot's token: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (response.status >= 300 && response.status < 400) {
      throw new BotTokenUnavailable(`the authority answered a redirect (${response.status}), not followed: the client secret goes only to the authority configured`);
    }
    const body = (await response.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown; error?: unknown };
    if (!response.ok || typeof body.access_token !== 'string') {
      // The error code only (invalid_client…): the description may echo the request.
      throw new BotTokenUnavailable(`the authority gave no token for the bot (${response.status}${typeof body.error === 'string' ? ` ${body.error}` : ''})`);
    }
    const seconds = Number(body.expires_in);
    cached = { token: body.access_token, until: now() + (Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 3_600_000) - EARLY_MS };
    return body.access_token;
  };
  return {
    async token() {
      if (!config.clientId) return undefined;
      if (!config.clientSecret) throw new BotTokenUnavailable('no client secret (MicrosoftAppPassword) to get the bot’s token with');
      if (cached && cached.until > now()) return cached.token;
      pending ??= fetchToken().finally(() => {
        pending = undefined;
      });
      return pending;
    },
  };
}
