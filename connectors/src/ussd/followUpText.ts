import { channelCapabilities, renderReplies, type AskEffect, type Effect } from '@griot/flows';

/**
 * What the flow said after a look-up the USSD session could not wait for, as one text for the
 * follow-up channel (SMS): its texts in order, SSML gone, without the question it went on to ask
 * (the session is over: nobody can answer that menu). Empty when it said nothing.
 */
export function followUpText(effects: readonly Effect[]): string {
  const asked = [...effects].reverse().find((e): e is AskEffect => e.type === 'ask')?.node;
  const said = effects.filter((e) => e.type === 'say' && e.node !== asked);
  const { replies } = renderReplies(said, { capabilities: { ...channelCapabilities.ussd, textMaxLength: undefined } });
  return replies.flatMap((r) => (r.type === 'text' ? [r.text] : [])).join('\n\n');
}
