import type { LintContext } from '@griot/flows';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { demoSecretBackends, demoSecrets } from '../demo/demoDefaults.ts';

export interface FlowEgress {
  /** A secret's value by name: GRIOT_FLOW_SECRETS's, or the demo's token when the demo is on. */
  secret: (name: string) => string | undefined;
  /** Where requests may go: the backends each secret may be sent to, the hosts absolute URLs may call. */
  rules: Required<Omit<LintContext, 'boundChannels'>>;
}

/** The secrets flows may use and where their requests may go, from the configuration (server and `griot chat` alike). */
export function flowEgress(config: Config, logger?: Logger): FlowEgress {
  const fallbackSecrets: Record<string, string> = config.demo ? demoSecrets : {};
  if (logger && config.unboundSecrets.length > 0) {
    logger.warn(
      { event: 'config.unboundSecrets', secrets: config.unboundSecrets },
      `GRIOT_FLOW_SECRETS lists ${config.unboundSecrets.join(', ')} without a backend: any named backend may receive them; bind each to the backends that need it (${config.unboundSecrets[0]}@operator)`,
    );
  }
  return {
    secret: (name) => config.flowSecrets[name] ?? fallbackSecrets[name],
    rules: {
      secretBackends: { ...(config.demo ? demoSecretBackends : {}), ...config.secretBackends },
      allowedHosts: config.httpAllowedHosts,
    },
  };
}
