import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.ts';
import { createLogger, type Logger } from './logger.ts';
import { openStore, storeOptionsOf } from './store/openStore.ts';
import type { Store } from './store/types.ts';
import { createServices, type AppServices } from './services.ts';
import express, { type Express } from 'express';
import { createApp, type AppDeps } from './app.ts';
import { bootstrapAdmin } from './auth/bootstrapAdmin.ts';
import { seedDemo } from './demo/seedDemo.ts';
import { applyDemoBackendDefaults } from './demo/demoDefaults.ts';
import { startRetentionJob } from './callers/purgeExpired.ts';
import { mountChannels, type MountedChannels } from './channels/mountChannels.ts';
import { HotRoutes } from '@griot/connectors';
import { expressClientView } from './channels/expressClientView.ts';
import { startArchivePurgeJob } from './flows/archivePurgeJob.ts';
import { startAnalyticsJob } from './analytics/analyticsJob.ts';

/** How long in-flight requests get to finish on shutdown before their connections are cut. */
const DRAIN_MS = 10_000;

export interface StartOptions {
  logger?: Logger;
  /** Where the one-time admin password is shown (default: a framed block on stderr, outside the JSON log on stdout). */
  announce?: (text: string) => void;
  designerDir?: string;
  extraRouters?: AppDeps['extraRouters'];
  /** Flow file the demo seeds (tests point it elsewhere). */
  demoFlowPath?: string;
  /** The services' clock (ISO-8601); tests move it past throttling windows. */
  now?: () => string;
  /** An open store to serve instead of the one the configuration names (tests: a store that, like MongoDB, is not in DATA_DIR). */
  store?: Store;
}

export interface RunningServer {
  /** Base URL reachable from this machine, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** Stops accepting, lets in-flight requests finish, then closes the store. */
  close(): Promise<void>;
  store: Store;
  services: AppServices;
  /** The express app, so tests can read its router (test/accessControl.test.ts). */
  app: Express;
  /** The channels mounted (voice, WhatsApp…), each with its capabilities. */
  channels: MountedChannels['channels'];
}

/**
 * Opens the store, creates the first admin if needed, seeds the demo, and listens. Tests and
 * benchmarks start exactly this on port 0.
 */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config);
  const store = options.store ?? (await openStore(storeOptionsOf(config)));
  const services = createServices({ config, store, logger, ...(options.now ? { now: options.now } : {}) });
  let shuttingDown = false;
  let server: Server;
  let app: Express;
  const closers: Array<() => Promise<void>> = [];
  let channels: MountedChannels | undefined;
  try {
    await bootstrapAdmin(services.ctx, options.announce ?? ((text) => process.stderr.write(`${text}\n`)));
    if (config.demo) await seedDemo(services, logger, options.demoFlowPath, config.env);
    // Channels (connectors): their routes go here, before /api; mountChannels fills it once the server exists (WebSocket upgrades).
    const channelRouter = express.Router();
    app = createApp({
      closers,
      config,
      logger,
      services,
      isShuttingDown: () => shuttingDown,
      ...(options.designerDir ? { designerDir: options.designerDir } : {}),
      channels: channelRouter,
      ...(options.extraRouters ? { extraRouters: options.extraRouters } : {}),
    });
    // Channel webhooks (jambonz…) are answered ahead of express; the rest goes to the app.
    const hotRoutes = new HotRoutes(expressClientView(app));
    server = createServer(hotRoutes.listener(app));
    channels = mountChannels({ config, services, logger, router: channelRouter, server, hotRoutes });
    // While draining, a keep-alive connection whose request just finished would otherwise hold
    // the shutdown until its idle timeout: close it as soon as it is idle.
    server.on('request', (_req, res) => res.once('finish', () => shuttingDown && setImmediate(() => server.closeIdleConnections())));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await channels?.close();
    await store.close();
    throw error;
  }

  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (config.demo) applyDemoBackendDefaults(config, url);
  logger.info({ url, store: store.kind, demo: config.demo }, 'griot listening');
  const retention = startRetentionJob({ store, logger, clock: () => new Date(), retentionDays: config.retentionDays });
  const archivePurge = startArchivePurgeJob({ purge: (now) => services.flows.purgeArchived(now), logger, clock: () => new Date() });
  const analyticsJob = startAnalyticsJob({ store, logger, clock: () => new Date(), config: config.analytics });

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      shuttingDown = true;
      retention.stop();
      archivePurge.stop();
      analyticsJob.stop();
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
      // Channels stop as the server does: WebSockets close (upgraded sockets are not the HTTP
      // server's to drain), messages already queued are processed before the store closes.
      await channels?.close();
      await drained;
      clearTimeout(timer);
      for (const closeOne of closers) await closeOne().catch((error: unknown) => logger.error({ error: String(error) }, 'closing a channel failed'));
      await store.close();
      logger.info('griot stopped');
    })());
  return { url, close, store, services, app, channels: channels?.channels ?? [] };
}
