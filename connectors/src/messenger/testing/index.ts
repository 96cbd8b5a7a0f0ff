// Test helpers for the Messenger channel (`@griot/connectors/messenger/testing`): a fake Send
// API, webhook bodies as Meta sends them, signed posting. Not for production code.
export { startFakeMessengerGraph, type FakeMessengerGraph, type RecordedSendRequest, type SendFault } from './fakeMessengerGraph.ts';
export { validateSendRequest } from './validateSendRequest.ts';
export * as messengerWebhooks from './webhookFixtures.ts';
export { postMessengerWebhook } from './postWebhook.ts';
export { psidFor, screenOf } from './messengerDriver.ts';
export { inboxSettled as settled } from '../../conformance/inboxSettled.ts';
