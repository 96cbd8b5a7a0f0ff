export {};

// Reading JSON bodies: one bounded, prototype-safe parser for every inbound path
export { jsonBody, hasBody, isJsonRequest, type JsonBodyOptions } from './http/jsonBody.ts';
export { readJson, MAX_JSON_DEPTH, type JsonReading } from './http/readJson.ts';

// Voice (jambonz)
export { jambonzRouter, continuationVerb } from './voice/jambonzRouter.ts';
export { attachJambonzWebSocket, JAMBONZ_WS_PATH, JAMBONZ_SUBPROTOCOL, type JambonzWebSocket } from './voice/jambonzWebSocket.ts';
export { VoiceCallHandler, type VoiceDeps, type VoiceReply, type HookRequest } from './voice/voiceCallHandler.ts';
export type { ConversationPort, ConversationTurn, StartConversation, VoiceBinding, VoiceLogger } from './voice/conversationPort.ts';
export { conversationPortOf } from './voice/conversationPortOf.ts';
export { voiceEnv, type VoiceEnv, type VoiceNotice } from './voice/voiceEnv.ts';
export { voiceAccess, type VoiceAccess, type VoiceCredentials } from './voice/voiceAccess.ts';
export { JAMBONZ_HOOKS } from './voice/hooks.ts';
export { signJambonz, verifyJambonzSignature } from './voice/signature.ts';
export { renderTurn } from './voice/renderTurn.ts';
export type { Verb as JambonzVerb } from './voice/verbs.ts';
// Callbacks out: calls Griot places through jambonz's REST API, and their hooks
export { JambonzCalls, JambonzApiError, jambonzApiRoot, type CreateCallBody, type JambonzApiSettings } from './voice/jambonzCalls.ts';
export { planCallbackCall, type CallbackCallInput, type CallbackCallPlan, type SpeechDefaults } from './voice/planCallbackCall.ts';
export { callbackCallRouter, type CallbackCallDeps } from './voice/callbackCallRouter.ts';
export type { CallbackCallOutcome, CallbackCallPort, CallbackCallRef } from './voice/callbackCallPort.ts';
export { agentTargetFor, checkAgentTarget } from './voice/agentTarget.ts';
export { parseVoiceSettings } from './voice/voiceSettings.ts';

// Messaging (WhatsApp, Bot Framework, web chat)
export { createMessaging, type Messaging, type MessagingDeps } from './messaging/createMessaging.ts';
export type { BindingDirectory, ConversationPort as MessagingConversationPort, ConversationTurn as MessagingTurn, MessagingBinding, MessagingLogger } from './messaging/port.ts';
export type { MessagingLedger, InboundRecord, InboundState } from './messaging/ledger.ts';
export { MemoryLedger } from './messaging/MemoryLedger.ts';
export { refOf as inboundRefOf } from './messaging/InboundWorker.ts';
export { renderReplies } from './messaging/renderReplies.ts';
export { whatsappCapabilities } from './whatsapp/whatsappCapabilities.ts';
export { readWhatsAppConfig, type WhatsAppConfig } from './whatsapp/whatsappConfig.ts';
export { readBotFrameworkConfig, type BotFrameworkConfig } from './botframework/botFrameworkConfig.ts';
export { WhatsAppChannel } from './whatsapp/WhatsAppChannel.ts';
