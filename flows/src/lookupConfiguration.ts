/**
 * Why a look-up was not sent, when the reason is Griot's own configuration and not the operator's
 * system: a secret listed but unset, a secret not listed or bound to another backend, a backend
 * without an address in this environment, a host not allowed. The administrator of the Griot
 * server fixes them (its environment variables); the system itself may well be up. Analytics,
 * metrics, transcripts and the simulator say `misconfigured` for them, apart from the system's
 * errors. The runtime's look-up failure codes (`lookupFailure.ts`) these are among.
 */
export const CONFIGURATION_FAILURE_CODES = ['secret.notSet', 'secret.notConfigured', 'secret.notBound', 'backend.noUrl', 'http.noOutsideHosts', 'http.hostNotAllowed'] as const;

const configurationFailures: ReadonlySet<string> = new Set(CONFIGURATION_FAILURE_CODES);

/** Whether a failed look-up's code (or cause) says Griot's configuration kept it from being sent. */
export function isConfigurationFailure(code: string | undefined): boolean {
  return code !== undefined && configurationFailures.has(code);
}
