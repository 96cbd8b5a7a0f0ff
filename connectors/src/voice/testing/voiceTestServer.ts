import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { jambonzRouter } from '../jambonzRouter.ts';
import { attachJambonzWebSocket } from '../jambonzWebSocket.ts';
import type { VoiceDeps } from '../voiceCallHandler.ts';

export interface VoiceTestServer {
  url: string;
  wsUrl: string;
  server: Server;
  close(): Promise<void>;
}

/** The voice routes and WebSocket on a loopback port, as the runtime mounts them. */
export async function startVoiceTestServer(deps: VoiceDeps): Promise<VoiceTestServer> {
  const app = express();
  app.use(jambonzRouter(deps));
  const server = createServer(app);
  const ws = attachJambonzWebSocket(server, deps);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/jambonz/ws`,
    server,
    close: async () => {
      await ws.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
