import type { ChannelCapabilities } from '../messaging/capabilities.ts';

/**
 * What each Bot Framework channel shows. Suggested actions: Teams displays the first three only
 * (Microsoft's Teams documentation), so more options there go to numbered text; Web Chat and
 * Direct Line show them all, kept to 10 to stay readable. A channel not listed gets numbered
 * text, which every channel can show.
 */
export function botFrameworkCapabilities(channelId: string | undefined): ChannelCapabilities {
  const base = { textMaxLength: 4000, audio: true };
  const buttons = (max: number) => ({ max, titleMaxLength: 40, idMaxLength: 256, bodyMaxLength: 4000 });
  switch (channelId) {
    case 'msteams':
      return { ...base, buttons: buttons(3) };
    case 'webchat':
    case 'directline':
    case 'emulator':
    case 'test':
      return { ...base, buttons: buttons(10) };
    default:
      return base;
  }
}
