import type { TFunction } from 'i18next';
import type { HandoffContact } from '@griot/flows';

/**
 * How the inbox names the channel a contact came through: on Bot Framework, the client the
 * subscriber writes from (`platform`: « Teams », « Chat web »…), else the channel's own name.
 */
export function channelLabel(t: TFunction, contact: Pick<HandoffContact, 'channel' | 'platform'>): string {
  const channel = t(`inbox.channels.${contact.channel}`, { defaultValue: contact.channel });
  if (contact.channel !== 'botframework' || !contact.platform) return channel;
  return t(`inbox.platforms.${contact.platform}`, { defaultValue: channel });
}
