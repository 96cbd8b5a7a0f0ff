import type { TFunction } from 'i18next';
import { isConfigurationFailure } from '@griot/flows';
import type { PreviewLookup } from '../api/types.ts';

export interface LookupDescription {
  /** Anything but a 2xx answer: a status, a timeout, a refusal. */
  failed: boolean;
  /** Not sent for want of Griot's own configuration (a secret unset, a backend without an address): not the operator's system. */
  misconfigured?: true;
  /** One line: what happened, e.g. "HTTP 401 — Non autorisé : …". */
  explanation: string;
  /** Source, time and the output the flow took. */
  details: string;
}

const KNOWN_STATUSES = new Set([400, 401, 403, 404, 405, 408, 409, 410, 415, 422, 429, 500, 501, 502, 503, 504]);

/** What an HTTP status means, in the editor's words. */
export function statusMeaning(status: number, t: TFunction): string {
  if (KNOWN_STATUSES.has(status)) return t(`lookup.status.${status}`);
  return t(status >= 500 ? 'lookup.status.server' : status >= 400 ? 'lookup.status.client' : 'lookup.status.other');
}

/**
 * A look-up of the simulator in the editor's language: a failed one says why (the status and
 * what it means, a timeout, the rule that refused the request), where the answer came from, how
 * long it took, and which way the flow went.
 */
export function describeLookup(lookup: PreviewLookup, t: TFunction): LookupDescription {
  const ms = Math.round(lookup.durationMs);
  const output = lookup.output ? t(`outputs.${lookup.output}`, { defaultValue: lookup.output }) : t('lookup.noOutput');
  const details = t('lookup.details', { source: t(`simulator.lookupSource.${lookup.source}`), ms, output });
  if (lookup.outcome === 'response' && lookup.status !== undefined) {
    const failed = lookup.status < 200 || lookup.status > 299;
    return { failed, explanation: t('lookup.status.line', { status: lookup.status, meaning: failed ? statusMeaning(lookup.status, t) : 'OK' }), details };
  }
  if (lookup.outcome === 'timeout') return { failed: true, explanation: t('lookup.timeout', { ms }), details };
  const reason = lookup.reason;
  if (reason) {
    const code = reason.code === 'http.unreachable' && !reason.params?.cause ? 'http.unreachableNoCause' : reason.code;
    // An unknown code (a newer server) still says something: the server's own message.
    const fallback = t('lookup.error', { message: lookup.message ?? reason.code });
    const misconfigured = isConfigurationFailure(reason.code) ? { misconfigured: true as const } : {};
    return { failed: true, ...misconfigured, explanation: t(`lookup.reason.${code}`, { ...reason.params, defaultValue: fallback }), details };
  }
  return { failed: true, explanation: t('lookup.error', { message: lookup.message ?? '—' }), details };
}
