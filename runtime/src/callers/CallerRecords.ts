import type { AuditLog } from '../audit/auditLog.ts';
import { auditedNumber, type AuditHasher } from '../audit/auditedNumber.ts';
import type { CallerProfile, Store, Transcript } from '../store/types.ts';
import { invalid } from '../errors.ts';
import { normalizeNumber } from './normalizeNumber.ts';
import { profileKey } from './CallerMemory.ts';

export interface ErasureResult {
  profiles: number;
  transcripts: number;
}

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

  profile(number: string, preview: boolean): Promise<CallerProfile | null> {
    return this.options.store.getCaller(profileKey(this.normalize(number, 'number'), preview));
  }

  /**
   * Right to erasure: the real and preview profiles and every transcript of the number. The
   * audit entry names a keyed digest of the number, not the number, so the log does not undo the erasure.
   */
  async erase(number: string, actor: string): Promise<ErasureResult> {
    const normalized = this.normalize(number, 'number');
    const { store } = this.options;
    const removed = await Promise.all([store.deleteCaller(profileKey(normalized, false)), store.deleteCaller(profileKey(normalized, true))]);
    let transcripts = await store.deleteTranscriptsOf(normalized);
    // The platform identities linked to the number (Telegram…) go too: their links, and what they left under their own id.
    for (const link of await store.listCallerLinks(normalized)) {
      if (await store.deleteCaller(link.key)) removed.push(true);
      transcripts += await store.deleteTranscriptsOf(link.key);
      await store.deleteCallerLink(link.key);
    }
    const result = { profiles: removed.filter(Boolean).length, transcripts };
    await this.options.audit?.record({ actor, action: 'caller.erase', target: `caller:${await auditedNumber(this.options.hasher, normalized)}`, details: { ...result } });
    return result;
  }

  transcripts(filter: { caller?: string | undefined; flowId?: string | undefined; limit: number }): Promise<Transcript[]> {
    return this.options.store.listTranscripts({
      ...(filter.caller !== undefined ? { callerNumber: this.normalize(filter.caller, 'caller') } : {}),
      ...(filter.flowId !== undefined ? { flowId: filter.flowId } : {}),
      limit: filter.limit,
    });
  }

  transcript(key: string): Promise<Transcript | null> {
    return this.options.store.getTranscript(key);
  }
}
