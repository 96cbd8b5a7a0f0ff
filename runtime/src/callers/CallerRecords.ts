import type { AuditLog } from '../audit/auditLog.ts';
import { auditedNumber, type AuditHasher } from '../audit/auditedNumber.ts';
import type { CallerProfile, ConversationErasure, Store, Transcript } from '../store/types.ts';
import { conflict, invalid } from '../errors.ts';
import { normalizeNumber } from './normalizeNumber.ts';
import { ADMIN_TOKEN_PRINCIPAL } from '../auth/adminTokenPrincipal.ts';
import { previewOwnerOf, profileKey } from './CallerMemory.ts';
import { readableBy, transcriptForReaders } from './transcriptForReaders.ts';

/** What an erasure removed, by kind (the API's answer and the audit entry's details). */
export interface ErasureResult extends ConversationErasure {
  profiles: number;
  transcripts: number;
  /** Raw analytics facts that named the caller by its keyed digest, and now name nobody. */
  analyticsFacts: number;
}

/** Transcripts first read per identity to learn the keys of its conversations (an erasure, rare): doubled until all are read. */
const TRANSCRIPT_KEYS_READ = 10_000;

/**
 * What supervisors and administrators read and erase about callers: profiles by number (in any
 * spelling), transcripts, and the right to erasure. Numbers are normalized before use.
 */
export class CallerRecords {
  constructor(private readonly options: { store: Store; defaultRegion: string; audit?: AuditLog | undefined; hasher?: AuditHasher | undefined }) {}

  /** E.164, or a 400 naming `field` when it is not a phone number. */
  normalize(number: string, field: string): string {
    const normalized = normalizeNumber(number, this.options.defaultRegion);
    if (!normalized) throw invalid('invalid_number', `${JSON.stringify(number)} is not a phone number`, { field, params: { number } });
    return normalized;
  }

  /**
   * The profile of a number; with `preview`, what `readerId`'s own previews taught (another
   * user's preview memory, an admin's too, reads as unknown, as their preview transcripts do),
   * named `preview:<number>`.
   */
  async profile(number: string, preview: boolean, readerId: string): Promise<CallerProfile | null> {
    const normalized = this.normalize(number, 'number');
    const profile = await this.options.store.getCaller(profileKey(normalized, preview ? readerId : null));
    return profile && preview ? { ...profile, number: `preview:${normalized}` } : profile;
  }

  /**
   * The keys of every preview memory of `number`: each user's (users are disabled, never
   * deleted), the admin token's, the starters of the number's preview transcripts (`sessionKeys`),
   * one whose key named nobody, and the single shared one Griot kept before previews were their starter's.
   */
  private async previewProfileKeys(number: string, sessionKeys: Iterable<string>): Promise<string[]> {
    const users = await this.options.store.listUsers();
    const starters = [...sessionKeys].filter((key) => key.startsWith('preview:')).map(previewOwnerOf);
    const owners = new Set(['', ADMIN_TOKEN_PRINCIPAL, ...users.map((user) => user.id), ...starters]);
    return [`preview:${number}`, ...[...owners].map((owner) => profileKey(number, owner))];
  }

  /**
   * Right to erasure, for the number and the platform ids (Telegram…) linked to it: the real and
   * preview profiles, every transcript, the contacts with agents and what was written in them,
   * callback requests, sessions live or ended, and the messaging ledger's records of their
   * conversations, and their digest in raw analytics facts. Refused (409, naming it) while one of their contacts waits for or is with an
   * agent, or an agent has taken one of their callbacks: the agent closes it, then the erasure
   * is asked again. The audit entry counts each kind and names a keyed digest of the number, not
   * the number, so the log does not undo the erasure.
   */
  async erase(number: string, actor: string): Promise<ErasureResult> {
    const normalized = this.normalize(number, 'number');
    const { store } = this.options;
    const links = await store.listCallerLinks(normalized);
    const identities = [normalized, ...links.map((link) => link.key)];
    const sessionKeys = new Set<string>();
    for (const id of identities)
      for (let limit = TRANSCRIPT_KEYS_READ; ; limit *= 2) {
        const transcripts = await store.listTranscripts({ callerNumber: id, limit });
        for (const t of transcripts) sessionKeys.add(t.sessionKey);
        if (transcripts.length < limit) break;
      }
    // First, as it may refuse: nothing is erased while an agent is still handling the caller.
    const conversations = await store.eraseConversations(identities, [...sessionKeys]);
    if (!conversations.ok) {
      const { kind, id, status } = conversations.open;
      const message = `the ${kind} ${id} is ${status}: an agent must close it before the caller is erased`;
      if (kind === 'contact') throw conflict('contact_in_progress', message, { params: { contact: id, status } });
      throw conflict('callback_in_progress', message, { params: { callback: id, status } });
    }
    const { ok: _ok, ...removedConversations } = conversations;
    const removed = await Promise.all([normalized, ...(await this.previewProfileKeys(normalized, sessionKeys))].map((key) => store.deleteCaller(key)));
    let transcripts = await store.deleteTranscriptsOf(normalized);
    // The platform identities linked to the number (Telegram…) go too: their links, and what they left under their own id.
    for (const link of links) {
      if (await store.deleteCaller(link.key)) removed.push(true);
      transcripts += await store.deleteTranscriptsOf(link.key);
      await store.deleteCallerLink(link.key);
    }
    const analyticsFacts = await this.eraseFacts(identities);
    const result: ErasureResult = { profiles: removed.filter(Boolean).length, transcripts, ...removedConversations, analyticsFacts };
    await this.options.audit?.record({ actor, action: 'caller.erase', target: `caller:${await auditedNumber(this.options.hasher, normalized)}`, details: { ...result } });
    return result;
  }

  /**
   * The caller's keyed digest out of the raw analytics facts (kept for days), so their contacts
   * can no longer be linked together; counters never held it and stay. Without the key (analytics
   * never ran, the store did not answer), no fact can name the caller by it: nothing to do.
   */
  private async eraseFacts(identities: string[]): Promise<number> {
    const hasher = await this.options.hasher?.catch(() => undefined);
    if (!hasher) return 0;
    return this.options.store.eraseCallerFacts(identities.map((id) => hasher.caller(id)));
  }

  /**
   * Transcripts as `readerId` may read them: live ones, and the previews they started (another
   * user's preview is theirs alone), a web chat visitor's credential replaced by a digest.
   */
  async transcripts(filter: { caller?: string | undefined; flowId?: string | undefined; limit: number }, readerId: string): Promise<Transcript[]> {
    const transcripts = await this.options.store.listTranscripts({
      ...(filter.caller !== undefined ? { callerNumber: this.normalize(filter.caller, 'caller') } : {}),
      ...(filter.flowId !== undefined ? { flowId: filter.flowId } : {}),
      previewsOf: readerId,
      limit: filter.limit,
    });
    return transcripts.map(transcriptForReaders);
  }

  /** The latest transcript of a session key, as `transcripts` shows it; null for another user's preview, as for an unknown key. */
  async transcript(key: string, readerId: string): Promise<Transcript | null> {
    const transcript = await this.options.store.getTranscript(key);
    return transcript && readableBy(transcript, readerId) ? transcriptForReaders(transcript) : null;
  }
}
