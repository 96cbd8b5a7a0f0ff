// The channel conformance suite's parts (`@griot/connectors/conformance`): the drivers of every
// channel and the flow they run. The suite itself is runtime/test/channels.conformance.test.ts.
// Test support only: not for production code.
export { channelDrivers } from './channelDrivers.ts';
export type { ChannelDriver, GriotUnderTest, MenuChoice, Screen, Subscriber } from './ChannelDriver.ts';
export { conformanceFlow, CONFORMANCE_FLOW_ID, CONFORMANCE_MENU, CONFORMANCE_QUEUE, CONFORMANCE_TERMS, CONFORMANCE_TOPIC } from './conformanceFlow.ts';
