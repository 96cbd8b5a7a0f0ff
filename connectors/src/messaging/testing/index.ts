// Test helpers for the messaging channels, for the runtime's tests and the benchmark
// (`@griot/connectors/messaging/testing`). Not for production code.
export { startFakeGraphServer, type FakeGraphServer, type RecordedGraphRequest, type GraphFault } from '../../whatsapp/testing/fakeGraphServer.ts';
export { validateGraphMessage } from '../../whatsapp/testing/validateGraphMessage.ts';
export * as whatsappWebhooks from '../../whatsapp/testing/webhookFixtures.ts';
export { signBody } from '../../whatsapp/testing/signBody.ts';
export { postWebhook } from '../../whatsapp/testing/postWebhook.ts';
export { startFakeConnector, type ConnectorPost } from '../../botframework/testing/fakeConnector.ts';
export { InterpreterPort, type TestLookup } from './InterpreterPort.ts';
export { menuFlow } from './menuFlow.ts';
export { startFakeTelegramApi, type FakeTelegramApi, type RecordedTelegramCall, type TelegramFault } from '../../telegram/testing/fakeTelegramApi.ts';
export * as telegramUpdates from '../../telegram/testing/telegramUpdates.ts';
export { SLOW_WEBHOOK_MS } from '../../http/webhookHotPath.ts';
export { rawPost, type RawAnswer, type RawPost } from '../../http/testing/rawPost.ts';
