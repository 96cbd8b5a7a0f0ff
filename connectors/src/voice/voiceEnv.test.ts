import { describe, expect, it } from 'vitest';
import { voiceEnv } from './voiceEnv.ts';

describe('voiceEnv', () => {
  it('reads the webhook secret and the WebSocket credentials, empty meaning unset', () => {
    expect(voiceEnv({})).toEqual({});
    expect(voiceEnv({ JAMBONZ_WEBHOOK_SECRET: ' s3cret ', JAMBONZ_WS_USERNAME: 'jb', JAMBONZ_WS_PASSWORD: 'pw' })).toEqual({
      webhookSecret: 's3cret',
      wsAuth: { username: 'jb', password: 'pw' },
    });
    expect(voiceEnv({ JAMBONZ_WEBHOOK_SECRET: '' })).toEqual({});
  });

  it('refuses half a credential rather than leaving the WebSocket open by mistake', () => {
    expect(() => voiceEnv({ JAMBONZ_WS_USERNAME: 'jb' })).toThrow('set both or neither');
  });
});
