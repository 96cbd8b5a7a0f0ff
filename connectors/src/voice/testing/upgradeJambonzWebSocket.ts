import WebSocket from 'ws';

/**
 * What a WebSocket client gets when it asks to upgrade with subprotocol ws.jambonz.org (with
 * these Basic credentials, if any): 101 when it is in (the socket is closed at once), else the
 * refusal's status and its `WWW-Authenticate` challenge.
 */
export function upgradeJambonzWebSocket(
  url: string,
  auth?: { username: string; password: string } | string,
  /** Sent with the upgrade (`X-Forwarded-For` from a proxy Griot trusts). */
  headers: Record<string, string> = {},
): Promise<{ status: number; challenge?: string; retryAfter?: string }> {
  const credentials = typeof auth === 'string' ? auth : auth ? `${auth.username}:${auth.password}` : undefined;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, ['ws.jambonz.org'], { headers, ...(credentials === undefined ? {} : { auth: credentials }) });
    ws.once('open', () => {
      ws.close();
      resolve({ status: 101 });
    });
    ws.once('unexpected-response', (_req, res) => {
      const challenge = res.headers['www-authenticate'];
      const retryAfter = res.headers['retry-after'];
      res.resume();
      resolve({ status: res.statusCode ?? 0, ...(challenge ? { challenge } : {}), ...(retryAfter ? { retryAfter } : {}) });
    });
    ws.once('error', reject);
  });
}
