import { channelCapabilities, renderReplies, systemTexts, writtenLocaleFor, type ChannelCapabilities, type Effect, type ReplyOption } from '@griot/flows';

export type WhatsAppMessage =
  | { kind: 'text'; text: string }
  | { kind: 'audio'; audio: string }
  | { kind: 'menu'; presentation: 'buttons' | 'list'; body: string; options: ReplyOption[]; listButtonLabel: string }
  | { kind: 'note'; text: string }
  /** A recording the phone does not get (a format WhatsApp cannot play): said to the tester. */
  | { kind: 'unsent'; audio: string };

/**
 * A turn's effects as the subscriber's phone shows them, by the connector's own rendering
 * (`renderReplies` over the channel table's WhatsApp row): the same texts, split at
 * the same length, the same menus (buttons, a list or numbered text) with the same bodies.
 * Sensitive values stay masked here. Then notes for what happens outside the chat (a handoff,
 * the end) and for prompts the phone would not get (a recording WhatsApp cannot play). Another
 * chat channel's row (Telegram's inline keyboards, the web chat page's ten buttons) gives what
 * that channel shows.
 */
export function whatsappMessages(effects: readonly Effect[], capabilities: ChannelCapabilities = channelCapabilities.whatsapp, writtenIn?: readonly { code: string }[]): WhatsAppMessage[] {
  const shown = effects.map((e) => (e.type === 'say' && e.redacted !== undefined ? { ...e, text: e.redacted } : e));
  // The asset name stands for its URL: the phone shows a player for it. With the flow's locales
  // (`writtenIn`), a language without written words (Fon) has its menus worded in the flow's
  // first written language, as the WhatsApp connector sends them (`writtenLocaleFor`).
  const { replies, dropped } = renderReplies(shown, {
    capabilities,
    audioUrl: (name) => name,
    ...(writtenIn ? { texts: (locale: string) => systemTexts(writtenLocaleFor(locale, writtenIn)) } : {}),
  });
  const messages: WhatsAppMessage[] = replies.map((reply): WhatsAppMessage => {
    switch (reply.type) {
      case 'text':
        return { kind: 'text', text: reply.text };
      case 'audio':
        return { kind: 'audio', audio: reply.name };
      case 'choice':
        return { kind: 'menu', presentation: reply.presentation, body: reply.body, options: reply.options, listButtonLabel: reply.listButtonLabel };
    }
  });
  for (const problem of dropped) {
    const say = effects.find((e) => e.type === 'say' && e.node === problem.node && e.audio);
    if (say?.type === 'say' && say.audio) messages.push({ kind: 'unsent', audio: say.audio });
  }
  for (const effect of effects) {
    if (effect.type === 'handoff') messages.push({ kind: 'note', text: `🎧 ${effect.queue}` });
    else if (effect.type === 'end') messages.push({ kind: 'note', text: `■ ${effect.reason}` });
  }
  return messages;
}
