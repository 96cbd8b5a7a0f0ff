import type { AuditLog } from '../audit/auditLog.ts';
import { auditedNumber, type AuditHasher } from '../audit/auditedNumber.ts';
import type { CallerLink, CallerProfile, ConversationErasure, Store, Transcript } from '../store/types.ts';
import { conflict, invalid } from '../errors.ts';
import { normalizeNumber } from './normalizeNumber.ts';
import { ADMIN_TOKEN_PRINCIPAL } from '../auth/adminTokenPrincipal.ts';
import { previewOwnerOf, profileKey } from './CallerMemory.ts';
import { readableBy, transcriptForReaders } from './transcriptForReaders.ts';
import { agentDigest } from '../handoff/contactForAgents.ts';

/** What an erasure removed, by kind (the API's answer and the audit entry's details). */
export interface ErasureResult extends ConversationErasure {
  profiles: number;
  transcripts: number;
  /** Raw analytics facts that named the caller by its keyed digest, and now name nobody. */
  analyticsFacts: number;
}

/** Who an erasure is about (`CallerRecords.subjectOf`). */
interface ErasureSubject {
  /** What the audit entry names by a keyed digest. */
  audited: string;
  /** The ids their records are kept under: a number, a platform id, a web chat visitor's caller "number" and conversation ids. */
  identities: string[];
  /**
   * The platform ids joined to a number by a verified link (a Telegram contact card of the
   * subscriber's own account): their profile is the number's, their records are the subscriber's.
   */
  links: CallerLink[];
  /**
   * The platform ids that merely typed the number (unverified links): a claim anyone can make,
   * which shares nothing with the number; only the claim (the link record) goes, their data is theirs.
   */
  claims: CallerLink[];
  /** The E.164 number, when the erasure is of one (its preview memories go too). */
  number: string | null;
  /** Conversations known to be theirs beyond their transcripts by caller. */
  sessionKeys: string[];
}

/** The digest transcripts and the agents' inbox show for a web chat visitor (`agentDigest`). */
const WEBCHAT_DIGEST = /^#[0-9a-f]{12}$/i;
/** A caller a platform names by its own id, as transcripts and the inbox show them (`platformCaller.ts`; a Bot Framework user id, named after the channel). */
const PLATFORM_ID = /^(telegram:[0-9]{1,20}|messenger:[0-9]{1,22}|botframework:\S{1,40})$/;

/** Transcripts first read per identity to learn the keys of its conversations (an erasure, rare): doubled until all are read. */
const TRANSCRIPT_KEYS_READ = 10_000;
/** What a web chat visitor's caller "number" starts with, and how many such numbers an erasure by #digest reads a page. */
const WEBCHAT_CALLER = 'webchat:';
const WEBCHAT_CALLERS_READ = 1_000;

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
   * Right to erasure, for a phone number and the platform ids (Telegram…) joined to it by a
   * verified link (an unverified claimant, who only typed the number, loses the link and keeps
   * their own records), a platform
   * id alone (`telegram:123`, `messenger:<psid>`, `botframework:<user id>`, as transcripts name
   * such callers), or a web chat visitor by the `#` digest transcripts and the agents' inbox show
   * for them (their conversation id, their credential, is never shown: it is found here): the real
   * and preview profiles, every transcript, the contacts with agents and what was written in them,
   * callback requests, sessions live or ended with their channel states (a web chat outbox, a Bot
   * Framework reference), the messaging ledger's records of their conversations, and their digest
   * in raw analytics facts. Refused (409, naming it) while one of their contacts waits for or is with an
   * agent, or an agent has taken one of their callbacks: the agent closes it, then the erasure
   * is asked again. The audit entry counts each kind and names a keyed digest of the caller, not
   * the caller, so the log does not undo the erasure.
   */
  async erase(caller: string, actor: string): Promise<ErasureResult> {
    const subject = await this.subjectOf(caller);
    const { store } = this.options;
    const { number, links } = subject;
    const identities = [...subject.identities, ...links.map((link) => link.key)];
    const sessionKeys = new Set(subject.sessionKeys);
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
    const profileKeys = number ? [number, ...(await this.previewProfileKeys(number, sessionKeys))] : subject.identities;
    const removed = await Promise.all(profileKeys.map((key) => store.deleteCaller(key)));
    let transcripts = 0;
    for (const id of subject.identities) transcripts += await store.deleteTranscriptsOf(id);
    // A platform id erased alone: its link to a number goes, the number's own records stay.
    if (!number) for (const id of subject.identities) await store.deleteCallerLink(id);
    // The platform identities joined to the number by a verified link (Telegram…) go too: their links, and what they left under their own id.
    for (const link of links) {
      if (await store.deleteCaller(link.key)) removed.push(true);
      transcripts += await store.deleteTranscriptsOf(link.key);
      await store.deleteCallerLink(link.key);
    }
    // Those who merely typed the number lose their claim to it, nothing of their own: typing a
    // stranger's number must not get the stranger's records erased, nor the number's owner erase theirs.
    for (const claim of subject.claims) await store.deleteCallerLink(claim.key);
    const analyticsFacts = await this.eraseFacts(identities);
    const result: ErasureResult = { profiles: removed.filter(Boolean).length, transcripts, ...removedConversations, analyticsFacts };
    await this.options.audit?.record({ actor, action: 'caller.erase', target: `caller:${await auditedNumber(this.options.hasher, subject.audited)}`, details: { ...result } });
    return result;
  }

  /**
   * Whom `caller` names: a phone number (any spelling) with the platform ids linked to it, a
   * platform id, or a web chat visitor by their digest (none found: nothing to erase, a 404).
   * Anything else is a 400 `invalid_caller`.
   */
  private async subjectOf(caller: string): Promise<ErasureSubject> {
    const given = caller.trim();
    if (WEBCHAT_DIGEST.test(given)) return this.webchatVisitor(given.toLowerCase());
    if (PLATFORM_ID.test(given)) return { audited: given, identities: [given], links: [], claims: [], number: null, sessionKeys: [] };
    const number = normalizeNumber(given, this.options.defaultRegion);
    if (!number)
      throw invalid('invalid_caller', `${JSON.stringify(caller)} is neither a phone number, a platform id (telegram:…) nor a web chat visitor's #digest`, {
        field: 'number',
        params: { number: caller },
      });
    const links = await this.options.store.listCallerLinks(number);
    const verified = links.filter((link) => link.verified);
    const claims = links.filter((link) => !link.verified);
    return { audited: number, identities: [number], links: verified, claims, number, sessionKeys: [] };
  }

  /**
   * A web chat visitor by the digest readers see (`transcriptForReaders`): the caller numbers of web
   * chat transcripts (`webchat:` and the conversation id's beginning) are read in pages of the
   * caller index, never the transcripts themselves, for the ones with that digest; then only their
   * transcripts. The visitor's ids are their caller "number" and each conversation id (the keys of
   * their sessions, outbox, inbox records).
   */
  private async webchatVisitor(digest: string): Promise<ErasureSubject> {
    const { store } = this.options;
    const candidates: string[] = [];
    for (let after = ''; ; ) {
      const page = await store.listTranscriptCallers(WEBCHAT_CALLER, after, WEBCHAT_CALLERS_READ);
      if (page.length === 0) break;
      for (const caller of page) if (agentDigest(caller) === digest) candidates.push(caller);
      after = page[page.length - 1] as string;
      // Other requests run between pages: many visitors are many pages.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const numbers = new Set<string>();
    const conversationIds = new Set<string>();
    const sessionKeys = new Set<string>();
    for (const candidate of candidates)
      for (let limit = TRANSCRIPT_KEYS_READ; ; limit *= 2) {
        const transcripts = await store.listTranscripts({ callerNumber: candidate, limit });
        for (const t of transcripts) {
          if (t.channel !== 'webchat' || t.sessionKey.startsWith('preview:')) continue;
          numbers.add(t.callerNumber);
          sessionKeys.add(t.sessionKey);
          conversationIds.add(t.sessionKey.slice(t.sessionKey.lastIndexOf(':') + 1));
        }
        if (transcripts.length < limit) break;
      }
    const [number] = numbers;
    return { audited: number ?? digest, identities: [...numbers, ...conversationIds], links: [], claims: [], number: null, sessionKeys: [...sessionKeys] };
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

  /**
   * The latest test calls of `flowId` from these numbers, newest first: contacts that were routed
   * as a tester's (never a subscriber's call from the same number, nor a preview), each number's
   * from its `since` on (a user's own phone: once an admin confirmed it). One store query.
   */
  async testCalls(flowId: string, numbers: ReadonlyArray<{ number: string; since?: string | undefined }>, limit: number): Promise<Transcript[]> {
    const transcripts = await this.options.store.listTranscripts({ flowId, testCallsFrom: numbers, limit });
    return transcripts.map(transcriptForReaders);
  }

  /** The latest transcript of a session key, as `transcripts` shows it; null for another user's preview, as for an unknown key. */
  async transcript(key: string, readerId: string): Promise<Transcript | null> {
    const transcript = await this.options.store.getTranscript(key);
    return transcript && readableBy(transcript, readerId) ? transcriptForReaders(transcript) : null;
  }
}
