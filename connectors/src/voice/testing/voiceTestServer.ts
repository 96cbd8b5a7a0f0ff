import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { jambonzRouter } from '../jambonzRouter.ts';
import { attachJambonzWebSocket } from '../jambonzWebSocket.ts';
import { VoiceCallHandler, type VoiceDeps } from '../voiceCallHandler.ts';
import { jambonzHotPath } from '../jambonzHotPath.ts';
import { HotRoutes } from '../../http/HotRoutes.ts';

export interface VoiceTestServer {
  url: string;
  wsUrl: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * The voice routes and WebSocket on a loopback port, as the runtime mounts them: the webhooks'
 * hot path ahead of express, the router behind it (`{ hotPath: false }`: the router alone).
 */
export async function startVoiceTestServer(deps: VoiceDeps, options: { hotPath?: boolean; heartbeatMs?: number } = {}): Promise<VoiceTestServer> {
  const handler = new VoiceCallHandler(deps);
  const app = express();
  app.use(jambonzRouter(deps, handler));
  const hot = new HotRoutes();
  if (options.hotPath !== false) hot.add(jambonzHotPath(deps, handler, hot.client));
  const server = createServer(hot.listener(app));
  const ws = attachJambonzWebSocket(server, deps, handler, undefined, options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {});
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
