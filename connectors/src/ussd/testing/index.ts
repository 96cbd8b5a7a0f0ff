// A USSD gateway as tests and the benchmark play it (`@griot/connectors/ussd/testing`): callbacks
// in Africa's Talking's format, screens read back. Not for production code.
export { newSessionId, postUssd, readScreen, type CallbackFields, type GatewayAnswer } from './ussdGateway.ts';
export { ussdDriver } from './ussdDriver.ts';
