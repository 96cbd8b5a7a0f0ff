import type { LintContext } from '@griot/flows';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { demoSecretBackends, demoSecrets, isBuiltInDemoBackend } from '../demo/demoDefaults.ts';
import { urlPassword } from './egressConfig.ts';

export interface FlowEgress {
  /** A secret's value by name: GRIOT_FLOW_SECRETS's, or the demo's token when the demo is on (what the demo backend checks). */
  secret: (name: string) => string | undefined;
  /**
   * The secrets requests to these backends (one environment's) may carry: GRIOT_FLOW_SECRETS's,
   * and the demo's own token only while every backend it is bound to is the built-in demo backend.
   * A URL the operator configured for `operator` never receives the demo's well-known token.
   */
  secretFor: (backends: Readonly<Record<string, string>>) => (name: string) => string | undefined;
  /** Every secret value set (the demo's included): masked in what look-ups bring back and in messages. */
  secretValues: readonly string[];
  /** The most bytes of a look-up's answer read (GRIOT_HTTP_MAX_RESPONSE_BYTES). */
  maxResponseBytes: number;
  /** Where requests may go: the backends each secret may be sent to, the hosts absolute URLs may call. */
  rules: Required<Omit<LintContext, 'boundChannels' | 'previous' | 'recordings' | 'backendNames' | 'plainHttpBackends'>>;
}

/** The secrets flows may use and where their requests may go, from the configuration (server and `griot chat` alike). */
export function flowEgress(config: Config, logger?: Logger): FlowEgress {
  const fallbackSecrets: Record<string, string> = config.demo ? demoSecrets : {};
  // A flow names secrets (`{{secret.toString}}`): only those configured, never JavaScript's object methods.
  const own = <T>(values: Readonly<Record<string, T>>, name: string): T | undefined => (Object.hasOwn(values, name) ? values[name] : undefined);
  if (logger && config.unboundSecrets.length > 0) {
    logger.warn(
      { event: 'config.unboundSecrets', secrets: config.unboundSecrets },
      `GRIOT_FLOW_SECRETS lists ${config.unboundSecrets.join(', ')} without a backend: any named backend may receive them; bind each to the backends that need it (${config.unboundSecrets[0]}@operator)`,
    );
  }
  // Read at each request: the demo fills its backend's URL once the port is known.
  const demoFallback = (name: string, backends: Readonly<Record<string, string>>): string | undefined => {
    const value = own(fallbackSecrets, name);
    const bound = own(demoSecretBackends, name);
    // Named in GRIOT_FLOW_SECRETS: the operator's secret, not the demo's, even when its variable is unset.
    if (value === undefined || bound === undefined || bound === '*' || Object.hasOwn(config.secretBackends, name)) return undefined;
    return bound.every((backend) => isBuiltInDemoBackend(backends[backend], config.demoBackendUrl)) ? value : undefined;
  };
  return {
    secretValues: [...new Set([...Object.values(fallbackSecrets), ...Object.values(config.flowSecrets), ...urlPasswords(config.backends)])],
    maxResponseBytes: config.httpMaxResponseBytes,
    secret: (name) => own(config.flowSecrets, name) ?? own(fallbackSecrets, name),
    secretFor: (backends) => (name) => own(config.flowSecrets, name) ?? demoFallback(name, backends),
    rules: {
      secretBackends: { ...(config.demo ? demoSecretBackends : {}), ...config.secretBackends },
      allowedHosts: config.httpAllowedHosts,
    },
  };
}

/** The passwords written in backends' URLs (`https://user:pw@host/base`): sent as Basic, so masked like any secret. */
function urlPasswords(backends: Config['backends']): string[] {
  return [...Object.values(backends.staging), ...Object.values(backends.production)].flatMap((url) => urlPassword(url) ?? []);
}
