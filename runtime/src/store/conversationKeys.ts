/** A conversation key a caller's id identifies: it starts with `prefix` (may be empty) and ends with `suffix`. */
export interface ConversationKeyPattern {
  prefix: string;
  suffix: string;
}

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
    else {
      const colon = caller.indexOf(':');
      if (colon > 0 && colon < caller.length - 1) patterns.push({ prefix: caller.slice(0, colon + 1), suffix: caller.slice(colon) });
    }
  }
  return patterns;
}
