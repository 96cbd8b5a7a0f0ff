import type { AskOption } from '@griot/flows';
import { numberedMenu as numberedLines, planMenu, whatsappCapabilities, type ChannelCapabilities, type MenuPresentation } from '@griot/connectors/menus';

export type WhatsAppMenu = MenuPresentation;

/** How WhatsApp (or another chat, by its capabilities) shows a menu: the messaging connector's own rule and limits. */
export function whatsappMenuOf(options: readonly AskOption[], capabilities: ChannelCapabilities = whatsappCapabilities): WhatsAppMenu {
  return planMenu(options, capabilities);
}

/** `1. Code PUK` lines: the key is what the subscriber types back. */
export function numberedMenu(options: readonly AskOption[]): string {
  return numberedLines(options);
}
