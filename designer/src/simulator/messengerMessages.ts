import { channelCapabilities, renderReplies, type Effect, type ReplyOption } from '@griot/flows';

export type MessengerMessage =
  | { kind: 'text'; text: string }
  | { kind: 'audio'; audio: string }
  /** A text with quick replies above the composer (Messenger's buttons for a menu). */
  | { kind: 'quickReplies'; text: string; options: ReplyOption[] }
  | { kind: 'note'; text: string }
  /** A recording Messenger does not get (a format it cannot play): said to the tester. */
  | { kind: 'unsent'; audio: string };

/**
 * A turn's effects as Messenger shows them, by the Messenger connector's own rendering
 * (`renderReplies` over the channel table's Messenger row): the same texts, split at 2,000
 * characters, menus as quick replies (13 at most, titles of 20) or numbered text. Sensitive
 * values stay masked here. Then notes for a handoff or the end, and for recordings the
 * subscriber would not get.
 */
export function messengerMessages(effects: readonly Effect[]): MessengerMessage[] {
  const shown = effects.map((e) => (e.type === 'say' && e.redacted !== undefined ? { ...e, text: e.redacted } : e));
  const { replies, dropped } = renderReplies(shown, { capabilities: channelCapabilities.messenger, audioUrl: (name) => name });
  const messages: MessengerMessage[] = replies.map((reply): MessengerMessage => {
    switch (reply.type) {
      case 'text':
        return { kind: 'text', text: reply.text };
      case 'audio':
        return { kind: 'audio', audio: reply.name };
      case 'choice':
        return { kind: 'quickReplies', text: reply.body, options: reply.options };
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
