// The channel seam: one interface, one port, one queue (connectors/src/channel). Every channel
// is a folder exporting create<X>Channel(config); createChannels builds the enabled ones.
export type { Channel, ChannelConfig, ChannelFactory, ChannelHost, ChannelMetrics, ChannelReplies, ReplyTarget, BotTurn } from './channel/Channel.ts';
export type { AudioReader } from './channel/AudioReader.ts';
export { channelFactories, createChannels, enabledChannels } from './channel/createChannels.ts';
export type { BindingDirectory, ChannelBinding, ConversationPort, ConversationTurn, EndOptions, StartConversation } from './channel/ConversationPort.ts';
export { silentLogger, type ChannelLogger } from './channel/ChannelLogger.ts';
export { RefusalLog, refusalLogOf, flushRefusalLogs, isMarkedRefusal, markRefusal, REFUSAL_SUMMARY_MS } from './channel/refusalLog.ts';
export type { ChannelRateLimits, RateBudget, RateRefusal } from './channel/ChannelRateLimits.ts';
export { ChannelConfigError } from './channel/ChannelConfigError.ts';
export { KeyedQueue } from './channel/KeyedQueue.ts';
export { HmacKey } from './channel/HmacKey.ts';
export { logDigest, logDigestsOf, logKeyOf, useLogDigestKey, visitorDigest, webchatVisitorDigest } from './channel/logDigest.ts';
export type { ChannelState, ChannelStates } from './channel/ChannelStates.ts';
export { MemoryChannelStates } from './channel/MemoryChannelStates.ts';
export { createVoiceChannel } from './voice/createVoiceChannel.ts';
export { createWhatsAppChannel } from './whatsapp/createWhatsAppChannel.ts';
export { createBotFrameworkChannel } from './botframework/createBotFrameworkChannel.ts';
export { createWebchatChannel } from './webchat/createWebchatChannel.ts';
export { createSmsChannel } from './sms/createSmsChannel.ts';
export { createTelegramChannel } from './telegram/createTelegramChannel.ts';
export { setTelegramWebhook } from './telegram/setTelegramWebhook.ts';
export { createMessengerChannel } from './messenger/createMessengerChannel.ts';
export { ReplyNotDeliveredError } from './channel/ReplyNotDeliveredError.ts';
export { createUssdChannel } from './ussd/createUssdChannel.ts';
export { readUssdConfig, type UssdConfig } from './ussd/ussdConfig.ts';
export { readWebchatLimits, type WebchatLimits } from './webchat/webchatLimits.ts';

// Reading JSON bodies: one bounded, prototype-safe parser for every inbound path
export { jsonBody, hasBody, isJsonRequest, type JsonBodyOptions } from './http/jsonBody.ts';
export { declaresMoreThan, closeAfterAnswer, TOO_LARGE } from './http/declaredBodyLimit.ts';
export { boundedBodyParser } from './http/boundedBodyParser.ts';
export { HotRoutes, type ClientView, type HotHandler } from './http/HotRoutes.ts';
export { readJson, MAX_JSON_DEPTH, type JsonReading } from './http/readJson.ts';
export { afterAnswer, runAfterAnswer } from './http/afterAnswer.ts';

// Voice (jambonz): what the runtime reads beside the channel (its configuration, callbacks out)
export { voiceEnv, type VoiceEnv, type VoiceNotice } from './voice/voiceEnv.ts';
export { voiceAccess, type VoiceAccess, type VoiceCredentials } from './voice/voiceAccess.ts';
export { signJambonz, verifyJambonzSignature } from './voice/signature.ts';
export type { Verb as JambonzVerb } from './voice/verbs.ts';
// Callbacks out: calls Griot places through jambonz's REST API; their hooks are the voice channel's
export { JambonzCalls, JambonzApiError, jambonzApiRoot, type CreateCallBody, type JambonzApiSettings } from './voice/jambonzCalls.ts';
export { planCallbackCall, type CallbackCallInput, type CallbackCallPlan, type SpeechDefaults } from './voice/planCallbackCall.ts';
export type { CallbackCallOutcome, CallbackCallPort, CallbackCallRef } from './voice/callbackCallPort.ts';
export { agentTargetFor, checkAgentTarget } from './voice/agentTarget.ts';
export { parseVoiceSettings } from '@griot/flows';

// Messaging channels' durable ledger (the runtime's Store implements it)
export type { MessagingLedger, DeliveryReport, InboundLease, InboundOutcome, InboundRecord, InboundState, NewInbound, OutboundRecord } from './messaging/ledger.ts';
export { isNewerStatus } from './messaging/ledger.ts';
export { MemoryLedger } from './messaging/MemoryLedger.ts';
export { refOf as inboundRefOf } from './messaging/InboundWorker.ts';
export { readWhatsAppConfig, type WhatsAppConfig } from './whatsapp/whatsappConfig.ts';
export { readBotFrameworkConfig, type BotFrameworkConfig } from './botframework/botFrameworkConfig.ts';
export { readSmsConfig, type SmsConfig } from './sms/smsConfig.ts';
export { readMessengerConfig, messengerConfigured, type MessengerConfig } from './messenger/messengerConfig.ts';
