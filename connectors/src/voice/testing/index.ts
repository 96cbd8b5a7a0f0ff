/** Test support for the voice channel: a simulated jambonz, recorded-shape payloads, jambonz's validators. */
export { SimulatedCall } from './simulatedCall.ts';
export { deliveredHttpLink, httpLink, sendHook, wsLink, wsReconnect, HttpStatusError, type HookAnswer, type JambonzLink, type SentHook } from './jambonzLinks.ts';
export { upgradeJambonzWebSocket } from './upgradeJambonzWebSocket.ts';
export { askUpgrade } from './askUpgrade.ts';
export * from './jambonzPayloads.ts';
export { gatherKeypad, type GatherKeypad } from './gatherKeypad.ts';
export { assertJambonzAccepts, assertWaitHookAnswer } from './jambonzOracles.ts';
export { FlowPort, type FlowPortOptions } from './flowPort.ts';
export { voiceTestFlow } from './voiceTestFlow.ts';
export { startVoiceTestServer, type VoiceTestServer } from './voiceTestServer.ts';
export { inProcessLink } from './inProcessLink.ts';
export { playTestCase, type PlayedCase } from './playTestCase.ts';
export { startFakeJambonzApi, type FakeJambonzApi, type FakeJambonzFailure, type PlacedCall } from './fakeJambonzApi.ts';
export { JAMBONZ_HOOKS } from '../hooks.ts';
export { SLOW_HOOK_MS } from '../jambonzHotPath.ts';
export { JAMBONZ_SUBPROTOCOL, JAMBONZ_WS_PATH } from '../jambonzWebSocket.ts';
