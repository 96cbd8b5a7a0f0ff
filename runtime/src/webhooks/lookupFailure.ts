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
