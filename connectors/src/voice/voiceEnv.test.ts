import { describe, expect, it } from 'vitest';
import { voiceAccess } from './voiceAccess.ts';
import { voiceEnv } from './voiceEnv.ts';

const dev = { production: false };
const prod = { production: true };
const WS = { JAMBONZ_WS_USERNAME: 'jb', JAMBONZ_WS_PASSWORD: 'pw-of-sixteen-chars' };

/** The two doors as an operator would describe them after setting these variables. */
function doors(env: Record<string, string>, options: { production: boolean }) {
  const read = voiceEnv(env, options);
  if (!read.ok) throw new Error(read.message);
  const access = voiceAccess(read.credentials);
  return { webhooks: access.webhooks.mode, websocket: access.websocket.mode, notices: read.notices };
}

describe('voiceEnv', () => {
  it('reads the webhook secret and the WebSocket credentials, empty meaning unset', () => {
    expect(voiceEnv({ JAMBONZ_WEBHOOK_SECRET: ' wh_secret_0123456789 ', ...WS }, prod)).toEqual({
      ok: true,
      credentials: { webhookSecret: 'wh_secret_0123456789', wsAuth: { username: 'jb', password: 'pw-of-sixteen-chars' } },
      notices: [],
    });
    expect(voiceEnv({ JAMBONZ_WEBHOOK_SECRET: '' }, dev)).toMatchObject({ ok: true, credentials: { allowAnonymous: true } });
  });

  it('refuses half a credential, naming the missing variable, rather than leaving the WebSocket open by mistake', () => {
    expect(voiceEnv({ JAMBONZ_WS_USERNAME: 'jb' }, dev)).toMatchObject({ ok: false, variable: 'JAMBONZ_WS_PASSWORD', message: expect.stringContaining('set both or neither') });
    expect(voiceEnv({ JAMBONZ_WS_PASSWORD: 'pw' }, prod)).toMatchObject({ ok: false, variable: 'JAMBONZ_WS_USERNAME' });
  });

  it('refuses in production a webhook secret or WebSocket password shorter than 16 characters: nothing throttles guesses at them', () => {
    // Either opens a call as any caller number (a PUK read out on the WebSocket's frames); `pw` falls to the first guesses.
    for (const [variable, env] of [
      ['JAMBONZ_WS_PASSWORD', { JAMBONZ_WS_USERNAME: 'jb', JAMBONZ_WS_PASSWORD: 'pw' }],
      ['JAMBONZ_WEBHOOK_SECRET', { JAMBONZ_WEBHOOK_SECRET: 's3cret' }],
      ['JAMBONZ_WEBHOOK_SECRET_PREVIOUS', { JAMBONZ_WEBHOOK_SECRET: 'wh_secret_0123456789', JAMBONZ_WEBHOOK_SECRET_PREVIOUS: 'old' }],
      ['JAMBONZ_WS_PASSWORD_PREVIOUS', { ...WS, JAMBONZ_WS_USERNAME_PREVIOUS: 'jb', JAMBONZ_WS_PASSWORD_PREVIOUS: 'old-pw' }],
    ] as const) {
      expect(voiceEnv(env, prod), variable).toMatchObject({ ok: false, variable, message: expect.stringContaining('at least 16 characters') });
    }
    // In development, short values still work (a laptop's jambonz).
    expect(voiceEnv({ JAMBONZ_WEBHOOK_SECRET: 's3cret', JAMBONZ_WS_USERNAME: 'jb', JAMBONZ_WS_PASSWORD: 'pw' }, dev)).toMatchObject({ ok: true });
  });

  it('leaves both doors open in development with nothing set, and says so loudly, once', () => {
    const { webhooks, websocket, notices } = doors({}, dev);
    expect({ webhooks, websocket }).toEqual({ webhooks: 'open', websocket: 'open' });
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ level: 'warn', message: expect.stringMatching(/^VOICE CHANNEL OPEN TO ANYONE/) });
    expect(notices[0]?.message).toContain('JAMBONZ_WS_USERNAME');
  });

  it('closes the WebSocket when only the webhook secret is set: it needs its own credentials', () => {
    for (const options of [dev, prod]) {
      const { webhooks, websocket, notices } = doors({ JAMBONZ_WEBHOOK_SECRET: 'wh_secret_0123456789' }, options);
      expect({ webhooks, websocket }).toEqual({ webhooks: 'signed', websocket: 'refused' });
      expect(notices).toEqual([{ level: 'warn', message: expect.stringMatching(/\/jambonz\/ws refuses every connection \(401\): it needs JAMBONZ_WS_USERNAME and JAMBONZ_WS_PASSWORD/) }]);
    }
  });

  it('closes the webhooks when only WebSocket credentials are set: nothing could check their signature', () => {
    const { webhooks, websocket, notices } = doors(WS, dev);
    expect({ webhooks, websocket }).toEqual({ webhooks: 'refused', websocket: 'basic' });
    expect(notices).toEqual([{ level: 'warn', message: expect.stringContaining('they need JAMBONZ_WEBHOOK_SECRET') }]);
  });

  it('in production with nothing set, refuses every jambonz request and says why at error level', () => {
    const { webhooks, websocket, notices } = doors({}, prod);
    expect({ webhooks, websocket }).toEqual({ webhooks: 'refused', websocket: 'refused' });
    expect(notices).toEqual([{ level: 'error', message: expect.stringMatching(/^VOICE CHANNEL DISABLED: NODE_ENV=production/) }]);
  });

  it('never opens a door to anonymous callers once anything is configured, whatever the host allows', () => {
    expect(voiceAccess({ webhookSecret: 's', allowAnonymous: true }).websocket).toEqual({ mode: 'refused' });
    expect(voiceAccess({ wsAuth: { username: 'u', password: 'p' }, allowAnonymous: true }).webhooks).toEqual({ mode: 'refused' });
    expect(voiceAccess({}).webhooks).toEqual({ mode: 'refused' });
  });
});
