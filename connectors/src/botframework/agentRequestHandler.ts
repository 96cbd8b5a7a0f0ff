import type { Request, Response } from 'express';
import { authorizeJWT, CloudAdapter, getAuthConfigWithDefaults, type AuthConfiguration } from '@microsoft/agents-hosting';
import { GriotAgent, type GriotAgentOptions } from './GriotAgent.ts';
import { activityProblem } from './activityProblem.ts';
import type { BotFrameworkConfig } from './botFrameworkConfig.ts';

/**
 * The Agents SDK's request handling around a `GriotAgent`, as its `createAgentRequestHandler`
 * does it, with one step more: JWT validation (when an app id is configured), then the activity
 * checked (400 naming the field, where the SDK would throw), then the CloudAdapter. Kept in its
 * own module so the SDK (about a second to load) is loaded on the first Bot Framework request,
 * not at start-up.
 */
export function agentRequestHandler(config: BotFrameworkConfig, agentOptions: GriotAgentOptions): (req: Request, res: Response) => Promise<void> {
  const authConfig = getAuthConfigWithDefaults({
    ...(config.clientId ? { clientId: config.clientId } : {}),
    ...(config.clientSecret ? { clientSecret: config.clientSecret } : {}),
    ...(config.tenantId ? { tenantId: config.tenantId } : {}),
    ...(config.authorityEndpoint ? { authorityEndpoint: config.authorityEndpoint } : {}),
    // The token's issuer checked too: the bot's tenant (or the authority's), the Bot Connector's, Microsoft's
    // own. The SDK leaves it off by default, and Entra signs every tenant's tokens with the same keys: a token
    // another tenant issued for the bot's app id (one where a multi-tenant app has a service principal, which
    // that tenant's admin can make) passed the signature and audience checks and could talk as any user.
    validateIssuer: true,
  } satisfies AuthConfiguration);
  const agent = new GriotAgent(agentOptions);
  // The SDK only warns, by default, when an activity's serviceUrl is not the host its token names
  // (the Bot Connector's `serviceurl` claim), and then posts the replies there with the bot's own
  // access token. Refused instead (400).
  const adapter = new CloudAdapter(authConfig, undefined, undefined, { validateServiceUrl: true });
  // The SDK's default would send "please fix the source code" to the subscriber, over the very
  // connector that may just have failed; the router answers instead (502 when replies could
  // not be delivered). GriotAgent already turns a failed turn into an apology.
  adapter.onTurnError = async (_context, error) => {
    throw error;
  };
  const jwt = authorizeJWT(authConfig);
  return async (req, res) => {
    let authorized = false;
    let failure: unknown;
    await jwt(req as never, res as never, (error?: unknown) => {
      authorized = true;
      failure = error;
    });
    if (failure) throw failure;
    // Refused (401) by the middleware itself.
    if (!authorized || res.headersSent) return;
    const problem = activityProblem(req.body);
    if (problem) {
      res.status(400).json({ error: { code: 'invalid_activity', message: problem.message, field: problem.field } });
      return;
    }
    await adapter.process(req as never, res as never, (context) => agent.run(context));
  };
}
