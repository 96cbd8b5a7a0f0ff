import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeEntra {
  /** The authority with its tenant, as `authorityEndpoint` (the signing keys are at `<authority>/discovery/v2.0/keys`). */
  authority: string;
  /** A token for `audience` (the bot's app id), signed with the published key, valid for an hour. */
  token(audience: string, claims?: Record<string, unknown>): string;
  /** The same token signed with a key the authority never published (a forgery). */
  forgedToken(audience: string): string;
  /** How many times the keys were fetched. */
  readonly keyRequests: number;
  /**
   * The bots' access tokens it gave (client-credentials grant at `<authority>/oauth2/v2.0/token`,
   * for the Bot Connector's scope), signed with the published key; only to a client whose secret
   * is in `clients`.
   */
  readonly issued: string[];
  /** Client id → secret of the bots that may get a token. */
  readonly clients: Map<string, string>;
  close(): Promise<void>;
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

function signJwt(key: KeyObject, kid: string, claims: Record<string, unknown>): string {
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const payload = base64url(JSON.stringify(claims));
  const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(key);
  return `${header}.${payload}.${base64url(signature)}`;
}

/**
 * A loopback stand-in for the Microsoft Entra authority that signs Bot Framework tokens: it
 * publishes one RSA key as a JWKS (the OpenID keys document, as login.microsoftonline.com does)
 * and signs RS256 tokens with it, so the Agents SDK's own JWT check runs for real.
 */
export async function startFakeEntra(tenant = '00000000-0000-0000-0000-0000000000aa'): Promise<FakeEntra> {
  const kid = randomUUID();
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  let keyRequests = 0;
  const issued: string[] = [];
  const clients = new Map<string, string>();
  const server = createServer(async (req, res) => {
    if (req.method === 'POST' && req.url === `/${tenant}/oauth2/v2.0/token`) {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const clientId = form.get('client_id') ?? '';
      if (form.get('grant_type') !== 'client_credentials' || form.get('scope') !== 'https://api.botframework.com/.default') {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_request' }));
        return;
      }
      if (!clients.has(clientId) || clients.get(clientId) !== form.get('client_secret')) {
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_client' }));
        return;
      }
      const token = signJwt(privateKey, kid, { ...claims('https://api.botframework.com'), appid: clientId });
      issued.push(token);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token_type: 'Bearer', expires_in: 3600, access_token: token }));
      return;
    }
    if (req.method === 'GET' && req.url === `/${tenant}/discovery/v2.0/keys`) {
      keyRequests += 1;
      const jwk = publicKey.export({ format: 'jwk' });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [{ ...jwk, kid, use: 'sig', alg: 'RS256', kty: 'RSA' }] }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const authority = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${tenant}`;
  const claims = (audience: string, extra: Record<string, unknown> = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return { aud: audience, iss: `${authority}/v2.0`, iat: now, nbf: now, exp: now + 3600, ...extra };
  };
  return {
    authority,
    token: (audience, extra) => signJwt(privateKey, kid, claims(audience, extra)),
    forgedToken: (audience) => signJwt(attacker, kid, claims(audience)),
    get keyRequests() {
      return keyRequests;
    },
    issued,
    clients,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
