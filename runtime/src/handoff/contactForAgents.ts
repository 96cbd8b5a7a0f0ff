import { visitorDigest } from '@griot/connectors';
import type { BoardContact, BotTurn, CallbackRequest, HandoffContact, JsonValue } from '@griot/flows';

/**
 * Contacts and callback requests as agents read them: without what would let them act as the
 * subscriber. A web chat visitor's conversation id is their only credential (whoever has it writes
 * as them): it ends the session key, and the flow's caller "number" is made of its beginning.
 * Both become `#` and a digest wherever they appear, the same in every answer and on every
 * instance, so the inbox still tells visitors apart.
 */
export function contactForAgents<T extends HandoffContact | BoardContact>(contact: T): T {
  if (contact.channel !== 'webchat') return contact;
  const conversationId = contact.sessionKey.slice(contact.sessionKey.lastIndexOf(':') + 1);
  return withoutCredentials(contact, [conversationId, ...callerCredentials(contact.callerNumber)], agentDigest(contact.callerNumber));
}

/** The bot part of a web chat visitor's conversation: a prompt may repeat their caller "number". */
export function botTurnsForAgents(contact: HandoffContact, turns: BotTurn[]): BotTurn[] {
  if (contact.channel !== 'webchat') return turns;
  const conversationId = contact.sessionKey.slice(contact.sessionKey.lastIndexOf(':') + 1);
  return withoutCredentials(turns, [conversationId, ...callerCredentials(contact.callerNumber)], agentDigest(contact.callerNumber));
}

/** A web chat visitor's callback request: its "number" is the beginning of their conversation id. */
export function callbackForAgents(request: CallbackRequest): CallbackRequest {
  return request.context.channel === 'webchat' ? withoutCredentials(request, callerCredentials(request.number), agentDigest(request.number)) : request;
}

/** The caller "number" of a web chat visitor (`webchat:` and the conversation id's beginning), and that beginning alone. */
const callerCredentials = (number: string) => [number, number.replace(/^webchat:/, '')];

/** A digest of a credential: long enough to tell conversations apart, never the credential. */
export function agentDigest(credential: string): string {
  return visitorDigest(credential);
}

function withoutCredentials<T extends HandoffContact | CallbackRequest | BotTurn[]>(value: T, credentials: string[], digest: string): T {
  let masked = value as unknown as JsonValue;
  // Longest first: a credential's beginning would otherwise leave its end in place.
  for (const credential of [...credentials].sort((a, b) => b.length - a.length)) {
    if (credential.length >= 8) masked = replaceIn(masked, credential, digest);
  }
  return masked as unknown as T;
}

function replaceIn(value: JsonValue, credential: string, digest: string): JsonValue {
  if (typeof value === 'string') return value.split(credential).join(digest);
  if (Array.isArray(value)) return value.map((v) => replaceIn(v, credential, digest));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [replaceIn(k, credential, digest) as string, v === undefined ? v : replaceIn(v, credential, digest)]));
  return value;
}
