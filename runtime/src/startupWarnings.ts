import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import { unknownGriotVariables } from './unknownGriotVariables.ts';

/**
 * What start-up says about settings that are accepted but probably not what the operator meant:
 * a `GRIOT_*` variable Griot does not read (one line each, with the closest known name, never
 * the value); in production, session cookies that would go without `Secure` behind a TLS proxy.
 */
export function warnAboutSettings(config: Config, logger: Logger): void {
  for (const { name, suggestion } of unknownGriotVariables(config.env)) {
    logger.warn(
      { event: 'config.unknownVariable', variable: name, ...(suggestion ? { suggestion } : {}) },
      `${name} is not a Griot setting and is ignored${suggestion ? `: did you mean ${suggestion}?` : ''}`,
    );
  }
  if (config.nodeEnv === 'production' && !config.publicUrl?.startsWith('https://') && config.trustProxy === false) {
    logger.warn(
      { event: 'config.insecureCookies' },
      'session cookies lack the Secure flag unless the request reaches Griot itself over https: behind a TLS proxy, set GRIOT_PUBLIC_URL=https://… or GRIOT_TRUST_PROXY (the proxy sends X-Forwarded-Proto), or the cookie may travel in clear',
    );
  }
}
