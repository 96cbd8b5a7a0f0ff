import type { AskEffect, Effect, SayEffect } from '../interpreter/types.ts';
import type { ChannelCapabilities } from './channelCapabilities.ts';
import type { Reply, ReplyOption } from './replies.ts';
import { numberedMenu, planMenu } from './planMenu.ts';
import { splitText } from './splitText.ts';
import { stripSsml } from './stripSsml.ts';
import { systemTexts, type SystemTexts } from './systemTexts.ts';

export interface RenderOptions {
  capabilities: ChannelCapabilities;
  /** Public URL of a flow's audio asset, or undefined when audio cannot be served. */
  audioUrl?: (name: string) => string | undefined;
  /** Channel words per locale (list button label…), defaults built in. */
  texts?: (locale: string) => SystemTexts;
}

export interface RenderResult {
  replies: Reply[];
  /** Prompts that could not be shown on this channel (audio-only prompt, no audio support). */
  dropped: { node: string; reason: string }[];
}

type Pending = { node: string; text: string } | { node: string; audio: string; url: string };

/**
 * The says a written channel leaves out of a turn: a language menu's own recordings (audio
 * without text), which `renderReplies` does not send (each says "for Fon, press 3" in its own
 * language; the buttons name every language). What a chat's transcript must not show as sent.
 */
export function languageMenuRecordings(effects: readonly Effect[]): Set<SayEffect> {
  const left = new Set<SayEffect>();
  effects.forEach((effect, index) => {
    if (effect.type !== 'ask' || effect.kind !== 'language') return;
    for (let i = index - 1; i >= 0; i -= 1) {
      const say = effects[i];
      if (say?.type !== 'say') continue;
      if (say.node !== effect.node) break;
      if ((say.text === undefined || stripSsml(say.text) === '') && say.audio) left.add(say);
    }
  });
  return left;
}

/**
 * Turns a turn's effects into the replies a messaging channel sends. Texts in a row become one
 * message (split past the channel's limit), SSML is stripped, a prompt with audio only is sent
 * as audio, and the texts said just before a menu become the menu's body when they fit (else
 * the menu's own prompt does, else everything is said first). Pure: the same effects and
 * capabilities give the same replies.
 */
export function renderReplies(effects: readonly Effect[], options: RenderOptions): RenderResult {
  const { capabilities } = options;
  const textsFor = options.texts ?? ((locale: string) => systemTexts(locale));
  const replies: Reply[] = [];
  const dropped: RenderResult['dropped'] = [];
  let pending: Pending[] = [];

  const flush = (items: Pending[]): void => {
    let buffer: string[] = [];
    const flushText = () => {
      if (buffer.length === 0) return;
      for (const part of splitText(buffer.join('\n\n'), capabilities.textMaxLength ?? Number.POSITIVE_INFINITY)) replies.push({ type: 'text', text: part });
      buffer = [];
    };
    for (const item of items) {
      if ('text' in item) buffer.push(item.text);
      else {
        flushText();
        replies.push({ type: 'audio', url: item.url, name: item.audio });
      }
    }
    flushText();
  };

  const queueSay = (say: SayEffect): void => {
    const text = say.text === undefined ? '' : stripSsml(say.text);
    if (text !== '') {
      pending.push({ node: say.node, text });
      return;
    }
    if (!say.audio) return;
    const extension = say.audio.split('.').pop()?.toLowerCase() ?? '';
    const playable = capabilities.audio && (!capabilities.audioFormats || capabilities.audioFormats.includes(extension));
    const url = playable ? options.audioUrl?.(say.audio) : undefined;
    if (url) pending.push({ node: say.node, audio: say.audio, url });
    else dropped.push({ node: say.node, reason: `prompt "${say.audio}" has audio only and this channel cannot ${playable ? 'link to it' : `play .${extension}`}` });
  };

  const menu = (ask: AskEffect & { options: NonNullable<AskEffect['options']> }): void => {
    const texts = textsFor(ask.locale);
    const choices: ReplyOption[] = ask.options.map((o) => ({ id: o.id, key: o.key, label: o.label }));
    const presentation = planMenu(choices, capabilities);
    // The menu's own prompts (the says of its node just before it): its recordings go out just
    // before the menu, its texts become the body. Not a language menu's recordings: each says
    // "for Fon, press 3" in its own language, which a call needs and a chat does not (the buttons
    // name every language), and a visitor who has not chosen yet must not get a Fon voice note.
    let split = pending.length;
    while (split > 0 && pending[split - 1]?.node === ask.node) split -= 1;
    const earlier = pending.slice(0, split);
    const ownAudio = ask.kind === 'language' ? [] : pending.slice(split).filter((item) => !('text' in item));
    const ownText = pending
      .slice(split)
      .flatMap((item) => ('text' in item ? [item.text] : []))
      .join('\n\n');
    pending = [];

    if (presentation === 'numbered' || presentation === 'spoken') {
      flush([...earlier, ...ownAudio, { node: ask.node, text: [ownText, numberedMenu(choices)].filter((t) => t !== '').join('\n\n') }]);
      return;
    }
    const bodyMax = presentation === 'buttons' ? capabilities.buttons!.bodyMaxLength : capabilities.list!.bodyMaxLength;
    // Texts said just before (a balance, a welcome) join the body when it all fits: one message
    // rather than several, so nothing can arrive out of order.
    let lead = earlier.length;
    // (Not across the menu's own recordings, which go first: the order would change.)
    while (ownAudio.length === 0 && lead > 0 && 'text' in (earlier[lead - 1] as Pending)) lead -= 1;
    const leading = earlier.slice(lead).map((item) => (item as { text: string }).text);
    const merged = [...leading, ownText].filter((t) => t !== '').join('\n\n');
    let body: string;
    if (merged !== '' && merged.length <= bodyMax) {
      flush([...earlier.slice(0, lead), ...ownAudio]);
      body = merged;
    } else if (ownText !== '' && ownText.length <= bodyMax) {
      flush([...earlier, ...ownAudio]);
      body = ownText;
    } else {
      // Too long to sit above the buttons: said first, whole, then the buttons.
      flush([...earlier, ...ownAudio, ...(ownText !== '' ? [{ node: ask.node, text: ownText }] : [])]);
      body = texts.chooseOption;
    }
    // An overridden label that does not fit the list button falls back to one that does.
    const listButtonLabel = texts.listButton.length <= (capabilities.list?.buttonLabelMaxLength ?? Infinity) ? texts.listButton : 'Menu';
    replies.push({ type: 'choice', presentation, body, options: choices, listButtonLabel, node: ask.node });
  };

  for (const effect of effects) {
    if (effect.type === 'say') queueSay(effect);
    else if (effect.type === 'ask' && effect.options && effect.options.length > 0) menu({ ...effect, options: effect.options });
  }
  flush(pending);
  return { replies, dropped };
}
