import type { VoiceDeps } from './voiceCallHandler.ts';

/**
 * The voice settings an operator sets in the environment: `JAMBONZ_WEBHOOK_SECRET` (every
 * webhook must then be signed) and `JAMBONZ_WS_USERNAME` / `JAMBONZ_WS_PASSWORD` (basic
 * authentication on the WebSocket API). Empty values count as unset.
 */
export function voiceEnv(env: Record<string, string | undefined>): Pick<VoiceDeps, 'webhookSecret' | 'wsAuth'> {
  const value = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const webhookSecret = value('JAMBONZ_WEBHOOK_SECRET');
  const username = value('JAMBONZ_WS_USERNAME');
  const password = value('JAMBONZ_WS_PASSWORD');
  if ((username === undefined) !== (password === undefined)) {
    throw new Error('JAMBONZ_WS_USERNAME and JAMBONZ_WS_PASSWORD go together: set both or neither');
  }
  return {
    ...(webhookSecret ? { webhookSecret } : {}),
    ...(username && password ? { wsAuth: { username, password } } : {}),
  };
}
