import type { Request, Response } from 'express';
import type { AuthConfiguration } from '@microsoft/agents-hosting';
import { createAgentRequestHandler } from '@microsoft/agents-hosting-express';
import { GriotAgent, type GriotAgentOptions } from './GriotAgent.ts';
import type { BotFrameworkConfig } from './botFrameworkConfig.ts';

/**
 * The Agents SDK's request handler around a `GriotAgent`: JWT validation (when an app id is
 * configured), then the activity through the CloudAdapter. Kept in its own module so the SDK
 * (about a second to load) is loaded on the first Bot Framework request, not at start-up.
 */
export function agentRequestHandler(config: BotFrameworkConfig, agentOptions: GriotAgentOptions): (req: Request, res: Response) => Promise<void> {
  const authConfig: AuthConfiguration = {
    ...(config.clientId ? { clientId: config.clientId } : {}),
    ...(config.clientSecret ? { clientSecret: config.clientSecret } : {}),
    ...(config.tenantId ? { tenantId: config.tenantId } : {}),
    ...(config.authorityEndpoint ? { authorityEndpoint: config.authorityEndpoint } : {}),
  };
  return createAgentRequestHandler(new GriotAgent(agentOptions), authConfig);
}
