import { channelCapabilities, type ChannelCapabilities } from './channelCapabilities.ts';

/**
 * What each Bot Framework channel shows. Suggested actions: Teams displays the first three only
 * (Microsoft's Teams documentation), so more options there go to numbered text; Web Chat and
 * Direct Line show them all (the `botframework` row). A channel not listed gets numbered text,
 * which every channel can show.
 */
export function botFrameworkCapabilities(channelId: string | undefined): ChannelCapabilities {
  const { buttons, ...base }: ChannelCapabilities = channelCapabilities.botframework;
  switch (channelId) {
    case 'msteams':
      return { ...base, buttons: { ...buttons!, max: 3 } };
    case 'webchat':
    case 'directline':
    case 'emulator':
    case 'test':
      return channelCapabilities.botframework;
    default:
      return base;
  }
}
