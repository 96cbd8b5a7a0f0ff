import type { MetaWebhookHostOptions } from './metaWebhookRouter.ts';

/**
 * A Meta channel's (WhatsApp's, Messenger's) webhook settings from its configuration and host:
 * the handshake's verify token, the app secret (and the one being replaced) that sign each
 * notification, the logger and the counter of refused signatures. Unset values stay absent.
 */
export function metaWebhookHostOptions<C extends string>(
  config: { verifyToken?: string | undefined; appSecret?: string | undefined; previousAppSecret?: string | undefined },
  deps: Pick<MetaWebhookHostOptions<C>, 'logger' | 'onSignatureFailure'>,
): MetaWebhookHostOptions<C> {
  return {
    ...(config.verifyToken ? { verifyToken: config.verifyToken } : {}),
    ...(config.appSecret ? { appSecret: config.appSecret } : {}),
    ...(config.previousAppSecret ? { previousAppSecret: config.previousAppSecret } : {}),
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...(deps.onSignatureFailure ? { onSignatureFailure: deps.onSignatureFailure } : {}),
  };
}
