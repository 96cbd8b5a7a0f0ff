import { describe, expect, it } from 'vitest';
import { testT } from '../i18n/testT.ts';
import { channelLabel } from './channelLabel.ts';

describe('channel labels', () => {
  it('tells a Teams user from a web chat visitor on Bot Framework, in French and English', async () => {
    const [fr, en] = [await testT('fr'), await testT('en')];
    const teams = { channel: 'botframework' as const, platform: 'msteams' };
    const web = { channel: 'botframework' as const, platform: 'webchat' };
    expect([channelLabel(fr, teams), channelLabel(fr, web), channelLabel(fr, { channel: 'botframework', platform: 'directline' })]).toEqual(['Teams', 'Chat web', 'Chat web']);
    expect([channelLabel(en, teams), channelLabel(en, web)]).toEqual(['Teams', 'Web chat']);
  });

  it('names the channel when the client is unknown (a contact queued before it was kept, a client Griot has no name for)', async () => {
    const fr = await testT('fr');
    expect(channelLabel(fr, { channel: 'botframework' })).toBe('Bot Framework');
    expect(channelLabel(fr, { channel: 'botframework', platform: 'slack' })).toBe('Bot Framework');
    expect(channelLabel(fr, { channel: 'whatsapp' })).toBe('WhatsApp');
    expect(channelLabel(fr, { channel: 'webchat' })).toBe('Chat web');
  });
});
