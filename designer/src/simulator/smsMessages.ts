import { channelCapabilities, planSms, renderReplies, type Effect, type SmsEncoding } from '@griot/flows';

export type SmsMessage =
  /** One SMS as the handset shows it (concatenated parts joined), with what it costs: its parts and alphabet. */
  { kind: 'sms'; text: string; parts: number; encoding: SmsEncoding } | { kind: 'note'; text: string };

/**
 * A turn's effects as the subscriber's handset shows them, by the SMS connector's own rendering
 * (`renderReplies` over the channel table's SMS row, `planSms` for the parts): numbered menus,
 * texts past one concatenated SMS split at sentences. Sensitive values stay masked. Recordings
 * never go by SMS: noted for the tester, with handoffs and the end.
 */
export function smsMessages(effects: readonly Effect[]): SmsMessage[] {
  const shown = effects.map((e) => (e.type === 'say' && e.redacted !== undefined ? { ...e, text: e.redacted } : e));
  const { replies, dropped } = renderReplies(shown, { capabilities: channelCapabilities.sms });
  const messages: SmsMessage[] = replies.flatMap((reply): SmsMessage[] => {
    if (reply.type !== 'text') return [];
    const plan = planSms(reply.text);
    return [{ kind: 'sms', text: reply.text, parts: plan.parts.length, encoding: plan.encoding }];
  });
  for (const problem of dropped) messages.push({ kind: 'note', text: `🔇 ${problem.node}` });
  for (const effect of effects) {
    if (effect.type === 'handoff') messages.push({ kind: 'note', text: `🎧 ${effect.queue}` });
    else if (effect.type === 'end') messages.push({ kind: 'note', text: `■ ${effect.reason}` });
  }
  return messages;
}
