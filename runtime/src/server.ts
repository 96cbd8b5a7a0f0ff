import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, type Config } from './config.ts';
import { createLogger, type Logger } from './logger.ts';
import { openStore, storeOptionsOf } from './store/openStore.ts';
import type { Store } from './store/types.ts';
import { createServices, type AppServices } from './services.ts';
import express, { type Express } from 'express';
import { createApp, type AppDeps } from './app.ts';
import { bootstrapAdmin } from './auth/bootstrapAdmin.ts';
import { seedDemo } from './demo/seedDemo.ts';
import { applyDemoBackendDefaults } from './demo/demoDefaults.ts';
import { warnAboutSettings, warnAboutStoreFile, warnAboutUnassignedAgents } from './startupWarnings.ts';
import { mountChannels, type MountedChannels } from './channels/mountChannels.ts';
import { flushRefusalLogs, HotRoutes, RefusalLog, useLogDigestKey } from '@griot/connectors';
import { capConnections, exemptFromAddressCap, NETWORK_CAP_FACTOR, serverTimeouts } from './http/connectionLimits.ts';
import { expressClientView } from './channels/expressClientView.ts';
import { startAnalyticsJob } from './analytics/analyticsJob.ts';
import { startClusterJobs } from './cluster/clusterJobs.ts';
import { resendAgentReplies, resendGraceMs, sendBudgetsOf } from './handoff/resendAgentReplies.ts';
import { removeSupersededTakes, SUPERSEDED_TAKE_GRACE_MS } from './audio/removeSupersededTakes.ts';
import { audioUsageIn } from './audio/audioUsage.ts';
import { importAudioFolder } from './audio/importAudioFolder.ts';
import { recordAnalyticsKeyCheck } from './analytics/analyticsKeyCheck.ts';
import { eventLoopDelay } from './metrics/GriotMetrics.ts';
import { countsAsWork } from './metrics/eventLoopDelay.ts';

/** How long in-flight requests get to finish once the server stops accepting, before their connections are cut. */
const FINISH_MS = 10_000;

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
  /**
   * Graceful stop: /readyz answers 503 at once while Griot goes on serving for GRIOT_DRAIN_SECONDS
   * (the balancer stops sending work here), then timed jobs hand their leases over, the server
   * stops accepting, in-flight requests finish, channels hand back what they hold, and the store closes.
   */
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
  warnAboutSettings(config, logger);
  const store = options.store ?? (await openStore(storeOptionsOf(config)));
  if (!options.store) warnAboutStoreFile(config, logger);
  await refuseHalfRestored(store, !options.store);
  for (const repair of store.repairs ?? []) logger[repair.level ?? 'warn']({ event: repair.event, ...repair.counts }, repair.message);
  const services = createServices({ config, store, logger, ...(options.now ? { now: options.now } : {}) });
  let shuttingDown = false;
  /** Past the drain: no longer accepting. */
  let stopping = false;
  let server: Server;
  let app: Express;
  const closers: Array<() => Promise<void>> = [];
  let channels: MountedChannels | undefined;
  try {
    await bootstrapAdmin(services.ctx, options.announce ?? ((text) => process.stderr.write(`${text}\n`)));
    await warnAboutUnassignedAgents(store, logger);
    // What `griot users reset-password` compares its key with (its GRIOT_ANALYTICS_KEY may not be this one).
    await services.analytics.hasher.then(
      (hasher) => {
        // Logs name a subscriber by the same digest after a restart, on every instance, and in `griot log-key`.
        useLogDigestKey(hasher.logDigestKey());
        return recordAnalyticsKeyCheck(store, hasher, Date.now());
      },
      (error: unknown) => logger.warn({ err: error }, 'the analytics key is unavailable: login counters are named without it'),
    );
    // Prompts an older Griot kept in DATA_DIR/audio go into the store, once (before the demo looks for its own).
    await importAudioFolder({ dataDir: config.dataDir, store: store.audio, logger, library: services.audio });
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
      channelLinks: () => Object.fromEntries((channels?.channels ?? []).flatMap((c) => (c.linkState?.() ? [[c.id, c.linkState()]] : []))),
      ...(options.extraRouters ? { extraRouters: options.extraRouters } : {}),
    });
    // Channel webhooks (jambonz…) are answered ahead of express; the rest goes to the app.
    const hotRoutes = new HotRoutes(expressClientView(app));
    // Deadlines for a request's headers and for the whole request (408, the connection closed), checked
    // every few seconds; node's own (60 s, 5 min, checked every 30 s) let one client hold hundreds for minutes.
    server = createServer(serverTimeouts(config.connections), hotRoutes.listener(app));
    const trusted = app.get('trust proxy fn') as (address: string, hop: number) => boolean;
    const refusedConnections = new RefusalLog(logger);
    capConnections(server, config.connections, exemptFromAddressCap(config.trustProxy, trusted), (reason, address) =>
      refusedConnections.refused(
        'http',
        reason === 'total' ? 'maxConnections' : reason === 'perNetwork' ? 'maxConnectionsPerNetwork' : 'maxConnectionsPerAddress',
        { ip: address },
        reason === 'total'
          ? `a connection was closed at once: ${config.connections.maxConnections} are open (GRIOT_MAX_CONNECTIONS)`
          : reason === 'perNetwork'
            ? `a connection was closed at once: its /64 holds ${config.connections.maxConnectionsPerAddress * NETWORK_CAP_FACTOR} (${NETWORK_CAP_FACTOR} × GRIOT_MAX_CONNECTIONS_PER_ADDRESS)`
            : `a connection was closed at once: its address holds ${config.connections.maxConnectionsPerAddress} (GRIOT_MAX_CONNECTIONS_PER_ADDRESS)`,
      ),
    );
    channels = mountChannels({ config, services, logger, router: channelRouter, server, hotRoutes });
    // Once it stops accepting, a keep-alive connection whose request just finished would
    // otherwise hold the shutdown until its idle timeout: close it as soon as it is idle.
    const closeIdle = () => server.closeIdleConnections();
    const onFinish = () => {
      if (stopping) setImmediate(closeIdle);
    };
    // One listener ahead of the application, with nothing made per request (no closure, no
    // `once` wrapper: a response finishes once), as every webhook passes here.
    server.prependListener('request', (req, res) => {
      // While draining (unready, still serving), every answer says `Connection: close`: clients and
      // the balancer open their next request elsewhere, and none reuses a connection this side is
      // closing (closing idle ones under them would fail requests they had just sent).
      if (shuttingDown && !res.headersSent) res.setHeader('connection', 'close');
      res.on('finish', onFinish);
      // The event-loop delay is sampled while the process serves, not while it idles (`EventLoopDelay`).
      if (countsAsWork(req.url)) eventLoopDelay.active();
    });
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

  // Work switches the process's event-loop delay monitor on while this server serves (let go once it stopped).
  const releaseDelayMonitor = eventLoopDelay.hold();
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (config.demo) applyDemoBackendDefaults(config, url);
  // Events from the other instances sharing the store (agent inbox, binding changes): read from now on.
  await services.cluster.start();
  // Its sign of life in the store: a call turn it took and never answered (it died) is answered by another on jambonz's retry.
  const stopAlive = services.conversations.keepAlive();
  logger.info({ url, store: store.kind, demo: config.demo, instance: services.cluster.instance }, 'griot listening');
  // Timed jobs, each run by one instance of those sharing the store (a lease each); folding analytics facts runs on every one.
  const takeUsage = audioUsageIn(store);
  // An agent's reply is left to its request for as long as the slowest channel's send can last.
  const resendGrace = resendGraceMs(sendBudgetsOf(config.env));
  const jobs = startClusterJobs({
    store,
    logger,
    holder: services.cluster.instance,
    cluster: config.cluster,
    dataKeys: config.dataKeys,
    retentionDays: config.retentionDays,
    handoffRetentionDays: config.handoffRetentionDays,
    analytics: config.analytics,
    purgeArchivedFlows: (now) => services.flows.purgeArchived(now),
    removeSupersededTakes: (now) => removeSupersededTakes(store, takeUsage, now, SUPERSEDED_TAKE_GRACE_MS, services.ctx.audit),
    resendAgentReplies: (now) => resendAgentReplies(services.handoff, now, resendGrace),
    resendBotTurns: (now) => services.handoff.resendBotTurns(now),
    announceDueCallbacks: (since, now) => services.handoff.announceDueCallbacks(since, now),
    maskClosedContacts: (shouldGoOn) => services.handoff.maskLeftOver(undefined, shouldGoOn),
  });
  const analyticsJob = startAnalyticsJob({ store, logger, clock: () => new Date(), config: config.analytics, purgeIntervalMs: null });

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      // First unready, still serving: the balancer sees /readyz fail and stops sending new work here.
      shuttingDown = true;
      if (config.cluster.drainMs > 0) {
        logger.info({ drainSeconds: config.cluster.drainMs / 1000 }, 'draining: /readyz answers 503, still serving');
        await new Promise((resolve) => setTimeout(resolve, config.cluster.drainMs));
      }
      stopping = true;
      // Jobs let their leases go: another instance takes them at its next tick.
      await jobs.stop();
      analyticsJob.stop();
      // Agents' event streams end: their browsers reconnect, through the balancer, to another instance.
      services.handoff.events.end();
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), FINISH_MS);
      // Channels stop as the server does: WebSockets close (upgraded sockets are not the HTTP
      // server's to drain), messages already queued are processed before the store closes.
      await channels?.close();
      await drained;
      clearTimeout(timer);
      releaseDelayMonitor();
      // Refusals counted but not yet summarised (a line a minute at most) are written before the log closes.
      flushRefusalLogs();
      // Slow look-ups still running here finish and leave their turn in the store for the
      // redirect (served by another instance) rather than being asked of the operator again there.
      const waited = await services.conversations.finishPending(FINISH_MS);
      if (waited > 0) logger.info({ event: 'shutdown.lookupsFinished', lookups: waited }, 'slow look-ups finished before stopping');
      for (const closeOne of closers) await closeOne().catch((error: unknown) => logger.error({ error: String(error) }, 'closing a channel failed'));
      stopAlive();
      await services.cluster.stop();
      await store.close();
      logger.info('griot stopped');
    })());
  return { url, close, store, services, app, channels: channels?.channels ?? [] };
}

/**
 * A store a `griot restore` left half written (MongoDB: its process died between two
 * collections) holds part of a backup: flows without their versions, users without their tokens.
 * Serving it would answer calls from it as if whole; the start is refused, naming what to do.
 */
async function refuseHalfRestored(store: Store, owned: boolean): Promise<void> {
  const startedAt = await store.interruptedRestore();
  if (startedAt === null) return;
  if (owned) await store.close().catch(() => undefined);
  throw new ConfigError(
    'MONGODB_URI',
    `a griot restore into this database began at ${startedAt} and never finished: it holds only part of that backup. Run \`npx griot restore <file>\` again with the same MONGODB_URI (it empties what the interrupted one wrote, then restores), or point MONGODB_URI at another database`,
  );
}
