import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.ts';
import { createLogger, type Logger } from './logger.ts';
import { openStore } from './store/openStore.ts';
import type { Store } from './store/types.ts';
import { createServices, type AppServices } from './services.ts';
import type { Express } from 'express';
import { createApp, type AppDeps } from './app.ts';
import { bootstrapAdmin } from './auth/bootstrapAdmin.ts';
import { seedDemo } from './demo/seedDemo.ts';
import { applyDemoBackendDefaults } from './demo/demoDefaults.ts';
import { startRetentionJob } from './callers/purgeExpired.ts';
import { attachJambonzWebSocket, callbackCallRouter, conversationPortOf, jambonzRouter, type JambonzWebSocket, type VoiceDeps } from '@griot/connectors';
import { startArchivePurgeJob } from './flows/archivePurgeJob.ts';

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
}

/**
 * Opens the store, creates the first admin if needed, seeds the demo, and listens. Tests and
 * benchmarks start exactly this on port 0.
 */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config);
  const store = options.store ?? (await openStore({ dataDir: config.dataDir, ...(config.mongodbUri ? { mongodbUri: config.mongodbUri } : {}) }));
  const services = createServices({ config, store, logger, ...(options.now ? { now: options.now } : {}) });
  let shuttingDown = false;
  let server: Server;
  let app: Express;
  const closers: Array<() => Promise<void>> = [];
  let jambonzWs: JambonzWebSocket | undefined;
  try {
    await bootstrapAdmin(services.ctx, options.announce ?? ((text) => process.stderr.write(`${text}\n`)));
    if (config.demo) await seedDemo(services, logger, options.demoFlowPath);
    // ---- Voice channel (jambonz, connectors/src/voice): webhooks under /jambonz, WebSocket API at /jambonz/ws ----
    const voice: VoiceDeps = {
      conversations: conversationPortOf(services.conversations, (channel, address) => store.findBinding(channel, address)),
      logger: logger.child({ component: 'voice' }),
      ...config.voice.credentials,
      ...(config.publicUrl ? { publicBaseUrl: config.publicUrl } : {}),
    };
    // Once per start: an open (development) or refusing voice channel must not go unnoticed.
    for (const notice of config.voice.notices) logger[notice.level]({ component: 'voice', notice: 'jambonzAccess' }, notice.message);
    // Callbacks out: the hooks of the calls Griot places when an agent takes a callback (/jambonz/callback/*).
    const callbacksOut = services.callbacksOut && config.callbacksOut ? { port: services.callbacksOut.port, ...config.callbacksOut } : undefined;
    const callbackRouters = callbacksOut
      ? [() => callbackCallRouter({ port: callbacksOut.port, publicBaseUrl: callbacksOut.publicUrl, agentRingSeconds: callbacksOut.ringSeconds, ...pick(voice, 'webhookSecret', 'wsAuth', 'allowAnonymous', 'logger') })]
      : [];
    const extraRouters = [() => jambonzRouter(voice), ...callbackRouters, ...(options.extraRouters ?? [])];
    // ---- end voice ----
    app = createApp({
      closers,
      config,
      logger,
      services,
      isShuttingDown: () => shuttingDown,
      ...(options.designerDir ? { designerDir: options.designerDir } : {}),
      extraRouters,
    });
    server = createServer(app);
    jambonzWs = attachJambonzWebSocket(server, voice); // voice: jambonz WebSocket API
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

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      shuttingDown = true;
      retention.stop();
      archivePurge.stop();
      await jambonzWs?.close(); // voice: upgraded sockets are not the HTTP server's to close
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
      await drained;
      clearTimeout(timer);
      for (const closeOne of closers) await closeOne().catch((error: unknown) => logger.error({ error: String(error) }, 'closing a channel failed'));
      await store.close();
      logger.info('griot stopped');
    })());
  return { url, close, store, services, app };
}

/** The named fields that are set (exactOptionalPropertyTypes-friendly spreading). */
function pick<T extends object, K extends keyof T>(from: T, ...keys: K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((k) => from[k] !== undefined).map((k) => [k, from[k]])) as Partial<Pick<T, K>>;
}
