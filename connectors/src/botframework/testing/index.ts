export { startFakeConnector, type ConnectorPost, type FakeConnector } from './fakeConnector.ts';
export { startFakeEntra, type FakeEntra } from './fakeEntra.ts';
