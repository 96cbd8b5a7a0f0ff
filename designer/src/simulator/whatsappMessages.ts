import type { AskOption, Effect } from '@griot/flows';
import type { ChannelCapabilities } from '@griot/connectors/menus';
import { numberedMenu, whatsappMenuOf, type WhatsAppMenu } from './whatsappPresentation.ts';
import { stripSsml } from '../text/stripSsml.ts';

export type WhatsAppMessage =
  | { kind: 'text'; text: string; node: string }
  | { kind: 'audio'; audio: string; node: string }
  | { kind: 'menu'; presentation: Exclude<WhatsAppMenu, 'numbered'>; body: string; options: AskOption[]; node: string }
  | { kind: 'note'; text: string };

/**
 * A turn's effects as the subscriber's phone (WhatsApp, or the web chat with its capabilities) shows them: texts, recordings, and a menu whose
 * body is the prompt said just before it (buttons, a list, or numbered text).
 */
export function whatsappMessages(effects: readonly Effect[], chooseLabel: string, capabilities?: ChannelCapabilities): WhatsAppMessage[] {
  const messages: WhatsAppMessage[] = [];
  for (const effect of effects) {
    if (effect.type === 'say') {
      const text = stripSsml(effect.redacted ?? effect.text ?? '');
      if (text) messages.push({ kind: 'text', text, node: effect.node });
      else if (effect.audio) messages.push({ kind: 'audio', audio: effect.audio, node: effect.node });
    } else if (effect.type === 'ask' && effect.options && effect.options.length > 0) {
      const last = messages[messages.length - 1];
      const own = last?.kind === 'text' && last.node === effect.node ? (messages.pop() as { text: string }).text : '';
      const presentation = whatsappMenuOf(effect.options, capabilities);
      if (presentation === 'numbered') {
        messages.push({ kind: 'text', text: [own, numberedMenu(effect.options)].filter(Boolean).join('\n\n'), node: effect.node });
      } else {
        messages.push({ kind: 'menu', presentation, body: own || chooseLabel, options: effect.options, node: effect.node });
      }
    } else if (effect.type === 'handoff') {
      messages.push({ kind: 'note', text: `🎧 ${effect.queue}` });
    } else if (effect.type === 'end') {
      messages.push({ kind: 'note', text: `■ ${effect.reason}` });
    }
  }
  return messages;
}
