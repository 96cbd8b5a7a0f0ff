import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Channel as ChannelId } from '@griot/flows';
import type { ChannelHost, ChannelReplies } from '../../channel/Channel.ts';
import type { ChannelLogger } from '../../channel/ChannelLogger.ts';
import type { ChannelStates } from '../../channel/ChannelStates.ts';
import { MemoryChannelStates } from '../../channel/MemoryChannelStates.ts';
import { MemoryLedger } from '../../messaging/MemoryLedger.ts';
import { HotRoutes } from '../../http/HotRoutes.ts';
import type { InterpreterPort } from '../../messaging/testing/InterpreterPort.ts';
import { createUssdChannel } from '../createUssdChannel.ts';

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
  fields: Record<string, unknown>;
}

export interface MountedUssd {
  url: string;
  logs: LogLine[];
  refusals: string[];
  /** Requests answered "busy" (shed), by reason, as the host's metrics were told. */
  sheds: string[];
  close(): Promise<void>;
}

/**
 * The USSD channel on a loopback server with a host of the connectors' own test parts (the
 * interpreter as the engine, channel states in memory unless shared), as the runtime mounts it.
 * For connector tests: the runtime's tests use the real server.
 */
export async function mountUssdForTests(options: {
  port: InterpreterPort;
  env?: Record<string, string>;
  production?: boolean;
  states?: ChannelStates;
  /** The server's digest key (the host's `subscriberDigest`): the same for instances sharing `states`. */
  digestKey?: string;
  replies?: Partial<Record<ChannelId, ChannelReplies>>;
  /** Without the host's hot routes: every callback through the express route (default: both, as the runtime mounts it). */
  expressOnly?: boolean;
}): Promise<MountedUssd> {
  const logs: LogLine[] = [];
  const refusals: string[] = [];
  const sheds: string[] = [];
  const log = (level: LogLine['level']) => (fields: Record<string, unknown>, message?: string) => logs.push({ level, message: message ?? '', fields });
  const logger = { info: log('info'), warn: log('warn'), error: log('error'), debug: () => {}, child: () => logger } as unknown as ChannelLogger;
  const router = express.Router();
  const app = express().use(router);
  const hotRoutes = options.expressOnly ? undefined : new HotRoutes();
  const server: Server = createServer(hotRoutes ? hotRoutes.listener(app) : app);
  const channel = createUssdChannel({ env: options.env ?? {}, production: options.production ?? false });
  const host: ChannelHost = {
    router,
    server,
    ...(hotRoutes ? { hotRoutes } : {}),
    conversations: options.port,
    bindings: options.port,
    ledger: new MemoryLedger(),
    logger,
    defaultInactivityMinutes: 30,
    channelStates: options.states ?? new MemoryChannelStates(),
    subscriberDigest: (text) =>
      Promise.resolve(
        createHmac('sha256', options.digestKey ?? 'ussd-test-digest-key')
          .update(text)
          .digest('base64url')
          .slice(0, 22),
      ),
    repliesOf: (id) => options.replies?.[id],
    metrics: { signatureFailure: (failure) => refusals.push(failure.reason), requestShed: (shed) => sheds.push(shed.reason) },
  };
  channel.mount(host);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    logs,
    refusals,
    sheds,
    async close() {
      await channel.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
