import { join } from 'node:path';
import express, { type Router } from 'express';
import { readBotFrameworkConfig } from '../botframework/botFrameworkConfig.ts';
import { createBotFramework } from '../botframework/createBotFramework.ts';
import { createWhatsApp } from '../whatsapp/createWhatsApp.ts';
import type { ProcessedEvent, WhatsAppChannel } from '../whatsapp/WhatsAppChannel.ts';
import { readWhatsAppConfig } from '../whatsapp/whatsappConfig.ts';
import { MessagingConversations } from './MessagingConversations.ts';
import { KeyValueLedger } from './KeyValueLedger.ts';
import type { MessagingLedger } from './ledger.ts';
import type { BindingDirectory, ConversationPort, MessagingLogger } from './port.ts';
import { SqliteKeyValue } from './SqliteKeyValue.ts';
import { webchatRouter } from '../webchat/webchatRouter.ts';

export interface MessagingDeps {
  /** The conversation engine (the runtime's `ConversationService` fits as is). */
  port: ConversationPort;
  /** Bindings by channel and address, and by id (the runtime's store fits as is). */
  bindings: BindingDirectory;
  /** The environment: WHATSAPP_*, MicrosoftAppId/clientId…, BOTFRAMEWORK_BINDING_ADDRESS. */
  env: Record<string, string | undefined>;
  production: boolean;
  /** Where the durable ledger file goes (`<dataDir>/messaging-ledger.sqlite`), unless `ledger` is given. */
  dataDir?: string;
  ledger?: MessagingLedger;
  /** Minutes of silence after which the next message starts over (a binding's settings win). */
  defaultInactivityMinutes: number;
  /** Public base URL of Griot, for audio prompts sent by link. */
  publicBaseUrl?: string;
  logger?: MessagingLogger;
  /** Called after each WhatsApp message is handled, with its timings (metrics). */
  onWhatsAppProcessed?: (event: ProcessedEvent) => void;
  /** Called for every webhook refused for its signature (metrics). */
  onSignatureFailure?: (failure: { channel: 'whatsapp'; reason: string }) => void;
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
  /** Waits for queued WhatsApp messages, then closes the ledger. */
  close(): Promise<void>;
}

/** Builds every messaging channel from the environment and the runtime's engine. */
export function createMessaging(deps: MessagingDeps): Messaging {
  let ownedLedger: KeyValueLedger | undefined;
  const ledger = deps.ledger ?? (ownedLedger = new KeyValueLedger(new SqliteKeyValue(join(deps.dataDir ?? '.', 'messaging-ledger.sqlite'))));
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
    ...(deps.onSignatureFailure ? { onSignatureFailure: deps.onSignatureFailure } : {}),
  });
  // One conversation driver for Bot Framework and web chat (keys are prefixed by channel).
  const conversations = new MessagingConversations(common);
  const botFramework = createBotFramework({
    conversations,
    config: readBotFrameworkConfig(deps.env, deps.production),
    ...(deps.publicBaseUrl ? { publicBaseUrl: deps.publicBaseUrl } : {}),
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  const router = express.Router();
  router.use(whatsapp.router, botFramework.router, webchatRouter({ ...common, conversations }));
  return {
    router,
    whatsapp: whatsapp.channel,
    ledger,
    close: async () => {
      await whatsapp.channel.close();
      await ownedLedger?.close();
    },
  };
}
