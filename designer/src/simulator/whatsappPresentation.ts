import { channelCapabilities, planMenu, type AskOption, type MenuPresentation } from '@griot/flows';

export type WhatsAppMenu = Exclude<MenuPresentation, 'spoken'>;

/** How WhatsApp shows a menu: the renderer's own rule over the WhatsApp row of the channel table. */
export function whatsappMenuOf(options: readonly AskOption[]): WhatsAppMenu {
  return planMenu(options, channelCapabilities.whatsapp) as WhatsAppMenu;
}
