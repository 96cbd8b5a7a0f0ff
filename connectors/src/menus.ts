/**
 * How channels show menus, without any server code: the designer's simulator imports this so a
 * tester sees exactly what a subscriber's phone will show.
 */
export { planMenu, numberedMenu, type MenuPresentation } from './messaging/planMenu.ts';
export { whatsappCapabilities } from './whatsapp/whatsappCapabilities.ts';
export { webchatCapabilities } from './webchat/webchatCapabilities.ts';
export type { ChannelCapabilities } from './messaging/capabilities.ts';
