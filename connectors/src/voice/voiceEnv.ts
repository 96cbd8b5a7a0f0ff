import { voiceAccess, type VoiceCredentials } from './voiceAccess.ts';

/** Something the operator must read at start-up, once. */
export interface VoiceNotice {
  level: 'warn' | 'error';
  message: string;
}

export type VoiceEnv = { ok: true; credentials: VoiceCredentials; notices: VoiceNotice[] } | { ok: false; variable: string; message: string };

const HOW = 'see docs/configuration.md, "Voice (jambonz)"';
/** The shortest webhook secret or WebSocket password accepted in production (jambonz's own webhook secrets are longer). */
export const MIN_SECRET_LENGTH = 16;

/**
 * The voice credentials an operator sets in the environment: `JAMBONZ_WEBHOOK_SECRET` (the
 * jambonz account's webhook secret: every webhook must be signed) and `JAMBONZ_WS_USERNAME` /
 * `JAMBONZ_WS_PASSWORD` (the application's WebSocket credentials). Empty values count as unset.
 *
 * With none of them, jambonz may reach Griot anonymously in development (said loudly), and not
 * at all in production: the voice channel then refuses every webhook and WebSocket, and says so,
 * rather than stopping Griot, whose other channels (WhatsApp, web chat) need no jambonz setting.
 * Half a credential is a mistake worth stopping for.
 */
export function voiceEnv(env: Record<string, string | undefined>, options: { production: boolean }): VoiceEnv {
  const value = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const webhookSecret = value('JAMBONZ_WEBHOOK_SECRET');
  const username = value('JAMBONZ_WS_USERNAME');
  const password = value('JAMBONZ_WS_PASSWORD');
  if ((username === undefined) !== (password === undefined)) {
    return {
      ok: false,
      variable: username === undefined ? 'JAMBONZ_WS_USERNAME' : 'JAMBONZ_WS_PASSWORD',
      message: "JAMBONZ_WS_USERNAME and JAMBONZ_WS_PASSWORD go together (the jambonz application's WebSocket username and password): set both or neither",
    };
  }
  const previousSecret = value('JAMBONZ_WEBHOOK_SECRET_PREVIOUS');
  const previousUsername = value('JAMBONZ_WS_USERNAME_PREVIOUS');
  const previousPassword = value('JAMBONZ_WS_PASSWORD_PREVIOUS');
  if ((previousUsername === undefined) !== (previousPassword === undefined)) {
    return {
      ok: false,
      variable: previousUsername === undefined ? 'JAMBONZ_WS_USERNAME_PREVIOUS' : 'JAMBONZ_WS_PASSWORD_PREVIOUS',
      message: 'JAMBONZ_WS_USERNAME_PREVIOUS and JAMBONZ_WS_PASSWORD_PREVIOUS go together (the WebSocket credentials being replaced): set both or neither',
    };
  }
  // In production a short secret is refused: nothing throttles guesses at either, and each opens a call as any caller.
  if (options.production) {
    const short = (
      [
        ['JAMBONZ_WEBHOOK_SECRET', webhookSecret],
        ['JAMBONZ_WEBHOOK_SECRET_PREVIOUS', previousSecret],
        ['JAMBONZ_WS_PASSWORD', password],
        ['JAMBONZ_WS_PASSWORD_PREVIOUS', previousPassword],
      ] as const
    ).find(([, v]) => v !== undefined && v.length < MIN_SECRET_LENGTH);
    if (short) {
      return {
        ok: false,
        variable: short[0],
        message: `${short[0]} must be at least ${MIN_SECRET_LENGTH} characters in production (a random secret: whoever guesses it places calls as any caller number, and guesses are not throttled)`,
      };
    }
  }
  const credentials: VoiceCredentials = {
    ...(webhookSecret ? { webhookSecret } : {}),
    ...(previousSecret ? { previousWebhookSecret: previousSecret } : {}),
    ...(previousUsername && previousPassword ? { previousWsAuth: { username: previousUsername, password: previousPassword } } : {}),
    ...(username && password ? { wsAuth: { username, password } } : {}),
    ...(options.production ? {} : { allowAnonymous: true }),
  };
  return { ok: true, credentials, notices: noticesFor(credentials) };
}

function noticesFor(credentials: VoiceCredentials): VoiceNotice[] {
  const access = voiceAccess(credentials);
  if (access.webhooks.mode === 'open' && access.websocket.mode === 'open') {
    return [
      {
        level: 'warn',
        message:
          'VOICE CHANNEL OPEN TO ANYONE (development default): no JAMBONZ_WEBHOOK_SECRET and no JAMBONZ_WS_USERNAME/JAMBONZ_WS_PASSWORD, ' +
          'so the jambonz webhooks under /jambonz and the WebSocket /jambonz/ws accept unauthenticated requests; anyone who reaches this ' +
          "server can place a call as any number and hear that subscriber's data. Set them before exposing Griot; with NODE_ENV=production " +
          `the voice channel refuses everything until they are set (${HOW}).`,
      },
    ];
  }
  if (access.webhooks.mode === 'refused' && access.websocket.mode === 'refused') {
    return [
      {
        level: 'error',
        message:
          'VOICE CHANNEL DISABLED: NODE_ENV=production and no jambonz credentials, so every jambonz webhook (403) and ' +
          "WebSocket connection (401) is refused. Set JAMBONZ_WEBHOOK_SECRET (the jambonz account's webhook secret) for webhooks, and " +
          `JAMBONZ_WS_USERNAME + JAMBONZ_WS_PASSWORD (the jambonz application's WebSocket credentials) for /jambonz/ws (${HOW}).`,
      },
    ];
  }
  const notices: VoiceNotice[] = [];
  if (access.websocket.mode === 'refused') {
    notices.push({
      level: 'warn',
      message:
        'The jambonz WebSocket API /jambonz/ws refuses every connection (401): it needs JAMBONZ_WS_USERNAME and JAMBONZ_WS_PASSWORD ' +
        `(the jambonz application's WebSocket username and password). Signed webhooks work with JAMBONZ_WEBHOOK_SECRET (${HOW}).`,
    });
  }
  if (access.webhooks.mode === 'refused') {
    notices.push({
      level: 'warn',
      message:
        "The jambonz webhooks under /jambonz refuse every request (403): they need JAMBONZ_WEBHOOK_SECRET (the jambonz account's " +
        `webhook secret). The WebSocket API works with JAMBONZ_WS_USERNAME/JAMBONZ_WS_PASSWORD (${HOW}).`,
    });
  }
  return notices;
}
