/** The voice channel's credentials, as the host configured them (see `voiceEnv`). */
export interface VoiceCredentials {
  /** The jambonz account's webhook secret: every webhook must carry a valid `Jambonz-Signature`. */
  webhookSecret?: string;
  /** The jambonz application's WebSocket credentials (HTTP Basic on the upgrade). */
  wsAuth?: { username: string; password: string };
  /** During a rotation, the webhook secret being replaced (JAMBONZ_WEBHOOK_SECRET_PREVIOUS): its signatures are accepted too. */
  previousWebhookSecret?: string;
  /** During a rotation, the WebSocket credentials being replaced (JAMBONZ_WS_USERNAME_PREVIOUS / _PASSWORD_PREVIOUS): accepted too. */
  previousWsAuth?: { username: string; password: string };
  /**
   * Development only: jambonz may reach Griot without any credential. Ignored as soon as a
   * secret or WebSocket credential is set; the host never sets it in production.
   */
  allowAnonymous?: boolean;
  /** Told of every request refused for its credentials (a bad or missing signature, wrong WebSocket credentials): the host counts them. */
  onSignatureFailure?: (failure: { channel: 'voice'; reason: string }) => void;
}

/** Who may reach the voice channel's two doors, decided once from its credentials. */
export interface VoiceAccess {
  webhooks: { mode: 'signed'; secret: string; previousSecret?: string } | { mode: 'open' } | { mode: 'refused' };
  websocket: { mode: 'basic'; username: string; password: string; previous?: { username: string; password: string } } | { mode: 'open' } | { mode: 'refused' };
}

/**
 * Each door checks its own credential. A door without one is open only when nothing at all is
 * configured and anonymity is allowed (development); otherwise it refuses everyone: a webhook
 * secret set with no WebSocket credentials must not leave `/jambonz/ws` open beside signed
 * webhooks (anyone could place a call there and hear a subscriber's PUK), and vice versa.
 */
export function voiceAccess(credentials: VoiceCredentials): VoiceAccess {
  const { webhookSecret, wsAuth } = credentials;
  const open = credentials.allowAnonymous === true && !webhookSecret && !wsAuth;
  return {
    // A previous credential counts only beside a current one: it never opens a door by itself.
    webhooks: webhookSecret
      ? { mode: 'signed', secret: webhookSecret, ...(credentials.previousWebhookSecret ? { previousSecret: credentials.previousWebhookSecret } : {}) }
      : { mode: open ? 'open' : 'refused' },
    websocket: wsAuth ? { mode: 'basic', ...wsAuth, ...(credentials.previousWsAuth ? { previous: credentials.previousWsAuth } : {}) } : { mode: open ? 'open' : 'refused' },
  };
}
