import type { Router } from 'express';
import type { MessagingConversations } from '../messaging/MessagingConversations.ts';
import type { ChannelLogger } from '../channel/ChannelLogger.ts';
import type { BotFrameworkConfig } from './botFrameworkConfig.ts';
import { botFrameworkRouter } from './botFrameworkRouter.ts';
import type { ConversationReferences } from './conversationReferences.ts';

export interface BotFrameworkDeps {
  conversations: MessagingConversations;
  config: BotFrameworkConfig;
  publicBaseUrl?: string;
  logger?: ChannelLogger;
  references?: ConversationReferences;
}

/** Wires the Bot Framework channel: the agent behind `POST /api/messages`. */
export function createBotFramework(deps: BotFrameworkDeps): { router: Router } {
  const router = botFrameworkRouter({
    config: deps.config,
    agent: {
      conversations: deps.conversations,
      bindingAddress: deps.config.bindingAddress,
      ...(deps.publicBaseUrl ? { publicBaseUrl: deps.publicBaseUrl } : {}),
      ...(deps.logger ? { logger: deps.logger } : {}),
      ...(deps.references ? { references: deps.references } : {}),
    },
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  return { router };
}
