import express, { type Request, type Response, type Router } from 'express';
import { jsonBody } from '../http/jsonBody.ts';
import { silentLogger, type ChannelLogger } from '../channel/ChannelLogger.ts';
import { ReplyDeliveryError } from './ReplyDeliveryError.ts';
import type { BotFrameworkConfig } from './botFrameworkConfig.ts';
import type { GriotAgentOptions } from './GriotAgent.ts';
import { serviceUrlAllowed } from './serviceUrlAllowed.ts';

export interface BotFrameworkRouterOptions {
  config: BotFrameworkConfig;
  agent: GriotAgentOptions;
  logger?: ChannelLogger;
}

type Handler = (req: Request, res: Response) => Promise<void>;

/**
 * `POST /api/messages`, the Bot Framework / Azure Bot Service endpoint, through the Agents SDK's
 * request handler: JWT validation when an app id is configured, anonymous otherwise but only
 * outside production (in production without an app id every request is refused), and then
 * only with replies to a `serviceUrl` on this machine.
 */
export function botFrameworkRouter(options: BotFrameworkRouterOptions): Router {
  const logger = options.logger ?? silentLogger;
  const router = express.Router();
  const { config } = options;
  if (!config.clientId && config.production) {
    logger.warn({}, 'Bot Framework disabled: set MicrosoftAppId (clientId) to accept /api/messages in production');
    router.post('/api/messages', (_req: Request, res: Response) => {
      res.status(401).json({ 'jwt-auth-error': 'this server does not accept anonymous Bot Framework requests' });
    });
    return router;
  }
  if (config.anonymous) {
    logger.warn(
      { notice: 'botFrameworkAccess' },
      'BOT FRAMEWORK CHANNEL OPEN TO ANYONE (development default): no MicrosoftAppId (clientId), so POST /api/messages takes activities from anyone, ' +
        'who can then talk to the bots as any user. Replies go only to a serviceUrl on this machine (localhost, 127.0.0.1, [::1]): other activities are refused (403). ' +
        'Set MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId before exposing Griot; with NODE_ENV=production the channel refuses every request until they are set.',
    );
  }
  let handler: Promise<Handler> | undefined;
  const load = () => (handler ??= import('./agentRequestHandler.ts').then((m) => m.agentRequestHandler(config, options.agent)));
  router.post('/api/messages', jsonBody({ limit: '256kb' }), async (req: Request, res: Response) => {
    // The replies (and an agent's, later, from the reference kept) are POSTed where the activity says:
    // anonymous, only this machine; with an app id, only the Bot Connector's hosts, with the bot's
    // token (the SDK takes a token without a `serviceurl` claim for any serviceUrl). No request made otherwise.
    // An activity that cannot be read is left to the handler's 400 naming the field: it runs no turn, posts nothing.
    const serviceUrl = (req.body as { serviceUrl?: unknown } | undefined)?.serviceUrl;
    const refused = config.anonymous ? true : serviceUrl !== undefined;
    if (refused && (await readable(req.body)) && !serviceUrlAllowed(config, serviceUrl)) {
      logger.warn({ event: 'botframework.serviceUrlRefused' }, 'Bot Framework activity refused: its serviceUrl is not one this bot may post to');
      res.status(403).json({
        error: {
          code: 'service_url_refused',
          message: config.anonymous
            ? 'without MicrosoftAppId, replies go only to a serviceUrl on this machine (localhost, 127.0.0.1, [::1])'
            : 'replies go only to the Bot Connector’s hosts (*.botframework.com, Teams’ smba.trafficmanager.net, the sovereign clouds’) or those of BOTFRAMEWORK_SERVICE_HOSTS',
        },
      });
      return;
    }
    try {
      await (await load())(req, res);
    } catch (error) {
      if (error instanceof ReplyDeliveryError) {
        logger.warn({ serviceUrl: error.serviceUrl, error: error.message }, 'Bot Framework replies could not be delivered');
        if (!res.headersSent) res.status(502).json({ error: { code: 'connector_failed', message: error.message } });
        return;
      }
      logger.error({ error: error instanceof Error ? error.message : String(error) }, 'Bot Framework request failed');
      if (!res.headersSent) res.status(500).json({ error: { code: 'bot_error', message: 'the activity could not be processed' } });
    }
  });
  return router;
}

/** Whether a body is an activity the handler would run (loaded on first use, as the SDK's schema is). */
async function readable(body: unknown): Promise<boolean> {
  const { activityProblem } = await import('./activityProblem.ts');
  return activityProblem(body) === undefined;
}
