import { CONFIGURATION_FAILURE_CODES, isConfigurationFailure } from '@griot/flows';

/**
 * Why a look-up failed, as a code the designer translates (the message stays English, for the
 * operator's log). `params` name the secret, backend, host or cause; never a secret's value.
 */
export type LookupFailureCode =
  | 'secret.outsideBackend'
  | 'secret.notBound'
  | 'secret.notConfigured'
  | 'secret.notSet'
  | 'backend.noUrl'
  | 'http.badUrl'
  | 'http.pathEscape'
  | 'http.routingHeader'
  | 'http.tooLarge'
  | 'http.tooDeep'
  | 'http.protocol'
  | 'http.noOutsideHosts'
  | 'http.hostNotAllowed'
  | 'http.privateAddress'
  | 'http.redirectElsewhere'
  | 'http.unreachable'
  | 'lookup.interrupted'
  | 'preview.noFixture'
  | 'preview.notTestNumber';

export interface LookupFailure {
  code: LookupFailureCode;
  params?: Record<string, string>;
}

/**
 * Failures that are Griot's configuration, not the operator's system (`CONFIGURATION_FAILURE_CODES`
 * in `@griot/flows`, shared with the designer's simulator): a secret listed but unset, a secret not
 * listed or bound elsewhere, a backend without an address in this environment, a host not allowed.
 * Nothing was sent; the administrator of the Griot server fixes them (its environment variables),
 * and the system itself may well be up. The look-up's analytics fact, its Prometheus metrics and
 * its transcript say `misconfigured` for them (`lookupOutcome`), so that the supervisor is not told
 * the operator's system is down.
 */
export const CONFIGURATION_FAILURES: ReadonlySet<LookupFailureCode> = new Set<LookupFailureCode>(CONFIGURATION_FAILURE_CODES);

/** A look-up's outcome as analytics, metrics and transcripts count it: `misconfigured` when Griot's configuration kept it from being sent, else the node's own (`response`, `timeout`, `error`…). */
export function lookupOutcome(lookup: { outcome: string; cause?: string }): string {
  return isConfigurationFailure(lookup.cause) ? 'misconfigured' : lookup.outcome;
}
