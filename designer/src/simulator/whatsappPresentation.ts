import type { AskOption } from '@griot/flows';
import { numberedMenu as numberedLines, planMenu, whatsappCapabilities, type MenuPresentation } from '@griot/connectors/menus';

export type WhatsAppMenu = MenuPresentation;

/** How WhatsApp shows a menu: the messaging connector's own rule and limits. */
export function whatsappMenuOf(options: readonly AskOption[]): WhatsAppMenu {
  return planMenu(options, whatsappCapabilities);
}

/** `1. Code PUK` lines: the key is what the subscriber types back. */
export function numberedMenu(options: readonly AskOption[]): string {
  return numberedLines(options);
}
