// A USSD gateway as tests and the benchmark play it (`@griot/connectors/ussd/testing`): callbacks
// in Africa's Talking's format, screens read back, end-of-session notifications. Not for production code.
export { newSessionId, postUssd, readScreen, type CallbackFields, type GatewayAnswer } from './ussdGateway.ts';
export { postUssdEnd, type EndNoticeFields } from './postUssdEnd.ts';
export { ussdDriver } from './ussdDriver.ts';
