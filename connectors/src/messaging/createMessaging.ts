import express, { type Router } from 'express';
import { readBotFrameworkConfig } from '../botframework/botFrameworkConfig.ts';
import { createBotFramework } from '../botframework/createBotFramework.ts';
import { createWhatsApp } from '../whatsapp/createWhatsApp.ts';
import type { ProcessedEvent, WhatsAppChannel } from '../whatsapp/WhatsAppChannel.ts';
import { readWhatsAppConfig } from '../whatsapp/whatsappConfig.ts';
import { MessagingConversations } from './MessagingConversations.ts';
import type { MessagingLedger } from './ledger.ts';
import type { BindingDirectory, ConversationPort, MessagingLogger } from './port.ts';
import { webchatRouter } from '../webchat/webchatRouter.ts';

export interface MessagingDeps {
  /** The conversation engine (the runtime's `ConversationService` fits as is). */
  port: ConversationPort;
  /** Bindings by channel and address, and by id (the runtime's store fits as is). */
  bindings: BindingDirectory;
  /** The environment: WHATSAPP_*, MicrosoftAppId/clientId…, BOTFRAMEWORK_BINDING_ADDRESS. */
  env: Record<string, string | undefined>;
  production: boolean;
  /**
   * The durable ledger: the runtime's Store (`store.messaging`), shared by every instance and
   * part of its backups. Nothing of messaging is kept on local disk.
   */
  ledger: MessagingLedger;
  /** Minutes of silence after which the next message starts over (a binding's settings win). */
  defaultInactivityMinutes: number;
  /** Public base URL of Griot, for audio prompts sent by link. */
  publicBaseUrl?: string;
  logger?: MessagingLogger;
  /** Called after each WhatsApp message is handled, with its timings (metrics). */
  onWhatsAppProcessed?: (event: ProcessedEvent) => void;
}

export interface Messaging {
  /**
   * `GET/POST /whatsapp/webhook`, `POST /api/messages`, `GET /chat/:bindingId`,
   * `POST /chat/:bindingId/messages`. Mount it before any JSON body parser or authentication
   * on `/api`: WhatsApp signatures need the raw body and Bot Framework brings its own JWTs.
   */
  router: Router;
  whatsapp: WhatsAppChannel;
  ledger: MessagingLedger;
  /** Processes the WhatsApp messages queued here, lets go of the rest for the next process (the ledger is the Store's to close). */
  close(): Promise<void>;
}

/**
 * Builds every messaging channel from the environment and the runtime's engine, and starts the
 * WhatsApp inbox (messages an earlier process acknowledged but did not process are processed).
 */
export function createMessaging(deps: MessagingDeps): Messaging {
  const { ledger } = deps;
  const common = {
    port: deps.port,
    bindings: deps.bindings,
    ledger,
    defaultInactivityMinutes: deps.defaultInactivityMinutes,
    ...(deps.publicBaseUrl ? { publicBaseUrl: deps.publicBaseUrl } : {}),
    ...(deps.logger ? { logger: deps.logger } : {}),
  };
  const whatsapp = createWhatsApp({
    ...common,
    config: readWhatsAppConfig(deps.env),
    ...(deps.onWhatsAppProcessed ? { onProcessed: deps.onWhatsAppProcessed } : {}),
  });
  // One conversation driver for Bot Framework and web chat (keys are prefixed by channel).
  const conversations = new MessagingConversations(common);
  const botFramework = createBotFramework({
    conversations,
    config: readBotFrameworkConfig(deps.env, deps.production),
    ...(deps.publicBaseUrl ? { publicBaseUrl: deps.publicBaseUrl } : {}),
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  whatsapp.channel.start();
  const router = express.Router();
  router.use(whatsapp.router, botFramework.router, webchatRouter({ ...common, conversations }));
  return {
    router,
    whatsapp: whatsapp.channel,
    ledger,
    close: () => whatsapp.channel.close(),
  };
}
