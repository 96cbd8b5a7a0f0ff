import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorPost {
  path: string;
  conversationId: string;
  replyToId?: string;
  authorization?: string;
  activity: any;
}

export interface FakeConnector {
  url: string;
  posts: ConnectorPost[];
  /** The next POSTs are answered with these statuses (and not recorded), in order: `[503, 404]`. */
  failNext(...statuses: number[]): void;
  close: () => Promise<void>;
}

/**
 * A loopback Bot Connector service: the `serviceUrl` of test activities. Records the replies
 * the adapter POSTs to `/v3/conversations/{id}/activities[/{replyToId}]` and answers with an id,
 * or with the statuses it was told to fail with.
 */
export async function startFakeConnector(): Promise<FakeConnector> {
  const posts: ConnectorPost[] = [];
  const failures: number[] = [];
  let sequence = 0;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) {
      res.writeHead(404).end();
      return;
    }
    const failure = failures.shift();
    if (failure !== undefined) {
      const code = failure === 404 ? 'ConversationNotFound' : failure === 403 ? 'BotNotInConversationRoster' : 'ServiceError';
      res.writeHead(failure, { 'content-type': 'application/json', ...(failure === 429 ? { 'retry-after': '7' } : {}) }).end(JSON.stringify({ error: { code, message: 'refused by the fake' } }));
      return;
    }
    posts.push({
      path: req.url ?? '',
      conversationId: decodeURIComponent(match[1]!),
      ...(match[2] ? { replyToId: decodeURIComponent(match[2]) } : {}),
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      activity: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'),
    });
    sequence += 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `reply-${sequence}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    posts,
    failNext: (...statuses) => {
      failures.push(...statuses);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
