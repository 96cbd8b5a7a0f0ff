/** A conversation key a caller's id identifies: it starts with `prefix` (may be empty) and ends with `suffix`. */
export interface ConversationKeyPattern {
  prefix: string;
  suffix: string;
}

/** A web chat visitor's caller id: their conversation id. */
const WEBCHAT_VISITOR = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Which conversation (session) keys belong to these callers, for the right to erasure: channels
 * key a conversation `<channel>:<address>:<subscriber>`, the subscriber being the number without
 * its `+` (WhatsApp's wa_id, SMS, USSD) or a platform id (`telegram:<user id>` is the caller
 * `telegram:…:<user id>`). The messaging ledger keeps such keys for days after the session ended.
 */
export function conversationKeyPatterns(callers: string[]): ConversationKeyPattern[] {
  const patterns: ConversationKeyPattern[] = [];
  for (const caller of callers) {
    if (/^\+\d{6,}$/.test(caller)) patterns.push({ prefix: '', suffix: `:${caller.slice(1)}` });
    // A web chat visitor is their conversation id: `webchat:<binding>:<id>`, its outbox `webchat:outbox:<binding>:<id>`.
    else if (WEBCHAT_VISITOR.test(caller)) patterns.push({ prefix: 'webchat:', suffix: `:${caller}` });
    // A Bot Framework key is `botframework:<conversation id>`: the user's id is not in it (their conversations are known from their transcripts).
    else if (caller.startsWith('botframework:')) continue;
    else {
      const colon = caller.indexOf(':');
      if (colon > 0 && colon < caller.length - 1) patterns.push({ prefix: caller.slice(0, colon + 1), suffix: caller.slice(colon) });
    }
  }
  return patterns;
}

/**
 * The channel states kept for these conversations (`channelStateTypes.ts`): the conversation's own
 * (USSD screens), a web chat conversation's outbox (`webchat:outbox:<binding>:<id>`: the replies
 * and turns it was sent) and its live part (`webchat:live:<binding>:<id>`: those that held a
 * sensitive value or an agent's words, as sent) and a Bot Framework conversation's reference (`botframework:reference:<id>`:
 * the user's and bot's ids, kept 30 days).
 */
export function channelStateKeysOf(conversationKeys: Iterable<string>): string[] {
  const keys = new Set<string>();
  for (const key of conversationKeys) {
    keys.add(key);
    if (key.startsWith('webchat:') && !key.startsWith('webchat:outbox:') && !key.startsWith('webchat:live:')) {
      keys.add(`webchat:outbox:${key.slice('webchat:'.length)}`);
      keys.add(`webchat:live:${key.slice('webchat:'.length)}`);
    }
    if (key.startsWith('botframework:') && !key.startsWith('botframework:reference:')) keys.add(`botframework:reference:${key.slice('botframework:'.length)}`);
  }
  return [...keys];
}
