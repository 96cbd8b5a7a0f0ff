// Test helpers for the SMS channel (`@griot/connectors/sms/testing`): a fake SMSC speaking
// SMPP 3.4, for the runtime's tests and the benchmark. Not for production code.
export { FakeSmsc, type FakeSmscOptions, type HandsetMessage, type MobileSms, type SubmittedPart } from './fakeSmsc.ts';
