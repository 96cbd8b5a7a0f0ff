import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { TrustProxy } from '../auth/throttle/authThrottleConfig.ts';
import { clientAddress } from '../auth/throttle/clientAddress.ts';

const whole = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** How long a client may take over a request, and how many connections it may hold; spread into config.ts's schema. */
export const connectionLimitsEnv = {
  /** Seconds a client has to send a request's headers, whole; then 408 and the connection is closed. */
  GRIOT_HEADERS_TIMEOUT_SECONDS: whole(1, 300).default(10),
  /**
   * Seconds a client has to send a whole request, headers and body (a 10 MB prompt or a 20 MB flow
   * over a slow uplink included); then 408 and the connection is closed. A body that stops coming is
   * cut sooner (bodyIdleDeadline).
   */
  GRIOT_REQUEST_TIMEOUT_SECONDS: whole(1, 3600).default(300),
  /** The most connections open at once on this instance; more are closed as they come. */
  GRIOT_MAX_CONNECTIONS: whole(1, 1_000_000).default(10_000),
  /**
   * The most connections one address holds at once (not this machine, nor a proxy GRIOT_TRUST_PROXY names by address),
   * and an IPv6 /64 in all NETWORK_CAP_FACTOR times that; 0: no limit.
   */
  GRIOT_MAX_CONNECTIONS_PER_ADDRESS: whole(0, 1_000_000).default(256),
};
type ConnectionLimitsEnv = z.output<z.ZodObject<typeof connectionLimitsEnv>>;

export interface ConnectionLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  maxConnections: number;
  /** 0: no limit per address. */
  maxConnectionsPerAddress: number;
}

export function connectionLimits(e: ConnectionLimitsEnv): ConnectionLimits {
  const headers = e.GRIOT_HEADERS_TIMEOUT_SECONDS;
  return {
    headersTimeoutMs: headers * 1000,
    // node refuses a headers timeout longer than the request's.
    requestTimeoutMs: Math.max(headers, e.GRIOT_REQUEST_TIMEOUT_SECONDS) * 1000,
    maxConnections: e.GRIOT_MAX_CONNECTIONS,
    maxConnectionsPerAddress: e.GRIOT_MAX_CONNECTIONS_PER_ADDRESS,
  };
}

/**
 * node's options for `createServer`: it checks for requests past their deadline every
 * `connectionsCheckingInterval` (30 s by default, so a slow client could hold a connection for
 * up to the deadline plus that): every 5 s here, or half the headers' deadline when shorter.
 */
export function serverTimeouts(limits: ConnectionLimits): { headersTimeout: number; requestTimeout: number; connectionsCheckingInterval: number } {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: Math.min(5000, Math.max(250, Math.floor(limits.headersTimeoutMs / 2))),
  };
}

/**
 * A request body that stops coming for `idleMs` (the headers' deadline) is answered 408 and its
 * connection closed: the whole request's deadline is minutes long, for uploads over a slow uplink,
 * so it cannot be what cuts a client that sends a few bytes and then nothing. Mounted ahead of
 * express's body parsing; the channels' webhooks read ahead of express have their own (readRawBody).
 */
export function bodyIdleDeadline(idleMs: number): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  return (req, res, next) => {
    if (req.readableEnded || (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) || req.headers['content-length'] === '0') {
      next();
      return;
    }
    const onIdle = () => {
      if (res.headersSent) {
        req.socket.destroy();
        return;
      }
      res.writeHead(408, { connection: 'close', 'content-type': 'text/plain; charset=utf-8' });
      res.end('the request body stopped coming', () => req.socket.destroy());
    };
    const done = () => {
      req.removeListener('timeout', onIdle);
      // Once the answer is finished node has set the keep-alive deadline on the socket (a body
      // drained after a 401, say, ends later): that one stays.
      if (!res.writableFinished) req.socket?.setTimeout(0);
    };
    req.setTimeout(idleMs, onIdle);
    req.once('end', done);
    req.once('close', done);
    next();
  };
}

/** Whether node handed this connection over as an upgrade (a WebSocket): its HTTP parser is gone. */
function upgraded(socket: Socket): boolean {
  return (socket as Socket & { parser?: unknown }).parser === null;
}

/**
 * This machine (127.0.0.0/8, ::1): a proxy on the same host, whether or not GRIOT_TRUST_PROXY
 * names it (one forgotten would otherwise put every client under one address's cap), the
 * benchmarks, a health check. Anyone there has the machine already.
 */
export function isLoopback(address: string): boolean {
  return address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.');
}

/**
 * The addresses capConnections counts only in the total: this machine, and the proxies
 * GRIOT_TRUST_PROXY names by address or range (`trusted`: express's compiled `trust proxy fn`).
 * A hop count names no address (express trusts any sender for it), so with one every peer is
 * counted per address: exempting them all would turn the cap off for everyone.
 */
export function exemptFromAddressCap(trustProxy: TrustProxy, trusted: (address: string, hop: number) => boolean): (address: string) => boolean {
  if (!Array.isArray(trustProxy)) return isLoopback;
  return (address) => isLoopback(address) || trusted(address, 0);
}

/** How many times one address's cap an IPv6 /64 holds in all: several hosts of one cloud network (jambonz feature servers, Meta's senders) each keep their own cap. */
export const NETWORK_CAP_FACTOR = 4;

/** The address a connection is counted by: an IPv6 peer's full address, an IPv4-mapped one as its IPv4 address. */
function peerAddress(ip: string): string {
  return ipaddr.isValid(ip) ? ipaddr.process(ip).toString() : ip;
}

/**
 * Caps the connections open at once, in all (`server.maxConnections`: node closes those past it
 * as they come) and per address: one client holding slow connections cannot take the process's
 * file descriptors, which `/healthz`, jambonz and the agents need. The connections of a proxy
 * Griot trusts (`isProxy`: GRIOT_TRUST_PROXY's, and this machine's) carry many clients: only the total counts them.
 * A client is counted by its address (an IPv4-mapped one as its IPv4 address), and an IPv6
 * address's /64 (which one subscriber line or host may hold whole, and spread its connections
 * over) by a looser ceiling too, NETWORK_CAP_FACTOR times the address's: the hosts of one cloud
 * /64 (several jambonz feature servers) are not held to one host's cap. `onRefused` hears of each
 * connection closed this way (for a throttled warning).
 */
export function capConnections(
  server: Server,
  limits: ConnectionLimits,
  isProxy: (address: string) => boolean,
  onRefused: (reason: 'perAddress' | 'perNetwork' | 'total', address: string | undefined) => void,
): void {
  server.maxConnections = limits.maxConnections;
  server.on('drop', (data?: { remoteAddress?: string }) => onRefused('total', data?.remoteAddress));
  const perAddress = limits.maxConnectionsPerAddress;
  if (perAddress === 0) return;
  const perNetwork = perAddress * NETWORK_CAP_FACTOR;
  const open = new Map<string, Set<Socket>>();
  /** Whether `key` holds fewer than `cap` connections (once those upgraded are let go). */
  const room = (key: string, cap: number): boolean => {
    const held = open.get(key);
    if (!held || held.size < cap) return true;
    // A WebSocket (jambonz's API: one per call, all from the feature server) is a call, not a
    // slow request: once upgraded (node then drops its HTTP parser) it no longer counts. Only
    // authenticated upgrades stay open: the others are answered and closed at once.
    for (const s of held) if (upgraded(s)) held.delete(s);
    return held.size < cap;
  };
  const hold = (key: string, socket: Socket) => {
    let held = open.get(key);
    if (!held) {
      held = new Set();
      open.set(key, held);
    }
    held.add(socket);
    socket.once('close', () => {
      const set = open.get(key);
      if (!set) return;
      set.delete(socket);
      if (set.size === 0) open.delete(key);
    });
  };
  server.on('connection', (socket: Socket) => {
    const peer = socket.remoteAddress;
    // Proxies are named by their own address, not their network.
    if (peer === undefined || isProxy(peer)) return;
    const address = peerAddress(peer);
    // An IPv6 address's /64 ('…/64'); an IPv4 address is its own network, held to the address's cap.
    const network = clientAddress(peer);
    const counted = network === address ? [address] : [address, network];
    if (!room(address, perAddress)) {
      onRefused('perAddress', peer);
      socket.destroy();
      return;
    }
    if (network !== address && !room(network, perNetwork)) {
      onRefused('perNetwork', peer);
      socket.destroy();
      return;
    }
    for (const key of counted) hold(key, socket);
  });
}
