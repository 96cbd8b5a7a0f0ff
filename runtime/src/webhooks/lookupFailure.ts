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
 * Failures that are Griot's configuration, not the operator's system: a secret listed but unset,
 * a secret not listed or bound elsewhere, a backend without an address in this environment, a
 * host not allowed. Nothing was sent; the administrator of the Griot server fixes them (its
 * environment variables), and the system itself may well be up. The look-up's analytics fact
 * says `misconfigured` for them (`turnEvents.ts`), so that the supervisor is not told the
 * operator's system is down.
 */
export const CONFIGURATION_FAILURES: ReadonlySet<string> = new Set<LookupFailureCode>([
  'secret.notSet',
  'secret.notConfigured',
  'secret.notBound',
  'backend.noUrl',
  'http.noOutsideHosts',
  'http.hostNotAllowed',
]);
