import type { Effect } from '../interpreter/types.ts';
import type { ChannelCapabilities } from './channelCapabilities.ts';
import { numberedMenu } from './planMenu.ts';
import type { RenderResult } from './renderReplies.ts';
import { stripSsml } from './stripSsml.ts';

/**
 * A turn's texts as one screen-at-a-time text, or undefined when `renderReplies` must decide:
 * on a row that shows neither buttons nor lists and plays no audio (USSD), a menu is always its
 * numbered lines under what was said before it, so the turn is every text said, SSML gone,
 * each menu's numbered lines after its prompt, joined by blank lines; an audio-only prompt is
 * dropped with the words `renderReplies` gives. The same text as `renderReplies` joined, without
 * its replies, buffers and per-menu plans: every USSD turn goes through here.
 */
export function screenText(effects: readonly Effect[], capabilities: ChannelCapabilities, dropped: RenderResult['dropped']): string | undefined {
  if (capabilities.buttons || capabilities.list || capabilities.audio) return undefined;
  let text = '';
  const add = (part: string) => {
    text = text === '' ? part : `${text}\n\n${part}`;
  };
  for (const effect of effects) {
    if (effect.type === 'say') {
      const said = effect.text === undefined ? '' : stripSsml(effect.text);
      if (said !== '') add(said);
      else if (effect.audio) dropped.push({ node: effect.node, reason: `prompt "${effect.audio}" has audio only and this channel cannot play .${effect.audio.split('.').pop()?.toLowerCase() ?? ''}` });
    } else if (effect.type === 'ask' && effect.options && effect.options.length > 0) add(numberedMenu(effect.options));
  }
  return text;
}
