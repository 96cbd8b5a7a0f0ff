import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { WebSocketServer } from 'ws';

/** A fixed answer of the size Griot gives at a menu: speech config, a tag, a gather with its prompt. */
export const FIXED_VERBS = [
  { verb: 'tag', data: { griot: { v: 1, session: 'voice:bench', locale: 'fr', node: 'mainMenu' } } },
  {
    verb: 'gather',
    actionHook: '/jambonz/gather',
    input: ['digits', 'speech'],
    timeout: 8,
    numDigits: 1,
    recognizer: { vendor: 'google', language: 'fr-FR', hints: ['Code PUK', 'Solde', 'Mobile Money', 'Conseiller'] },
    say: { text: 'Choisissez un service : 1 pour votre code PUK, 2 pour votre solde crédit et internet, 3 pour votre compte Mobile Money, 4 pour parler à un conseiller.' },
  },
];

/**
 * The floor to compare Griot with: an express endpoint that reads the body and returns a fixed
 * verb array, and a WebSocket that acks every frame with it. No parsing, no state, no store.
 */
export async function startBareEndpoints(): Promise<{ url: string; wsUrl: string; close(): Promise<void> }> {
  const app = express();
  const body = JSON.stringify(FIXED_VERBS);
  app.post('/bare', express.raw({ type: () => true }), (_req, res) => {
    res.type('application/json').send(body);
  });
  const server: Server = createServer(app);
  const wss = new WebSocketServer({ server, path: '/bare-ws', handleProtocols: () => 'ws.jambonz.org' });
  wss.on('connection', (ws) => {
    ws.on('message', (raw) => {
      const frame = JSON.parse(raw.toString()) as { msgid?: string; type: string };
      if (frame.msgid && frame.type !== 'call:status') ws.send(JSON.stringify({ type: 'ack', msgid: frame.msgid, data: FIXED_VERBS }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/bare-ws`,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
