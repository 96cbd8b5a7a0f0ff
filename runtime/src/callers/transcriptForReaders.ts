import type { JsonValue } from '@griot/flows';
import { agentDigest } from '../handoff/contactForAgents.ts';
import { previewKeyPrefix, type Transcript } from '../store/types.ts';

/**
 * Whether `userId` may read a transcript: live traffic, or a preview they started themselves.
 * Another user's preview (an admin's too) is theirs alone, as the preview itself is
 * (runtime/src/api/previewRoutes.ts): it reads as unknown.
 */
export function readableBy(transcript: Transcript, userId: string): boolean {
  return !transcript.sessionKey.startsWith('preview:') || transcript.sessionKey.startsWith(previewKeyPrefix(userId));
}

/**
 * A transcript as supervisors and administrators read it. A web chat visitor's conversation id is
 * their only credential (whoever has it writes as them): it ends the session key, and the caller
 * "number" is `webchat:` and its beginning. Each becomes `#` and the digest the agents' inbox shows
 * for the same visitor, in the key, the number and the turns: a stable reference, never the secret.
 */
export function transcriptForReaders(transcript: Transcript): Transcript {
  // A preview's key is its tester's, already theirs alone.
  if (transcript.channel !== 'webchat' || transcript.sessionKey.startsWith('preview:')) return transcript;
  const conversationId = transcript.sessionKey.slice(transcript.sessionKey.lastIndexOf(':') + 1);
  const number = transcript.callerNumber;
  const digest = agentDigest(number);
  // Longest first: a credential's beginning would otherwise leave its end in place. Short ones are not ids.
  const credentials = [conversationId, number, number.replace(/^webchat:/, '')].filter((c) => c.length >= 8).sort((a, b) => b.length - a.length);
  let masked = transcript as unknown as JsonValue;
  for (const credential of credentials) masked = replaceIn(masked, credential, digest);
  return masked as unknown as Transcript;
}

function replaceIn(value: JsonValue, credential: string, digest: string): JsonValue {
  if (typeof value === 'string') return value.split(credential).join(digest);
  if (Array.isArray(value)) return value.map((v) => replaceIn(v, credential, digest));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [replaceIn(k, credential, digest) as string, v === undefined ? v : replaceIn(v, credential, digest)]));
  return value;
}
