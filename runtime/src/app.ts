import express, { type Express, type Router } from 'express';
import { fileURLToPath } from 'node:url';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { AppServices } from './services.ts';
import { authenticate, principalOf } from './auth/authenticate.ts';
import { requireRole } from './auth/requireRole.ts';
import { notFound } from './errors.ts';
import { ApiRegistry } from './api/openapi/apiRegistry.ts';
import { buildOpenApi } from './api/openapi/buildOpenApi.ts';
import { requestLogger } from './api/requestLogger.ts';
import { apiJsonBody } from './api/apiJsonBody.ts';
import { privateAnswers } from './api/privateAnswers.ts';
import { errorMiddleware } from './api/errorMiddleware.ts';
import { createHealthRoutes } from './api/healthRoutes.ts';
import { createAuthRoutes } from './api/authRoutes.ts';
import { createUserRoutes } from './api/userRoutes.ts';
import { userContactsRoutes } from './api/userContactsRoutes.ts';
import { channelReadinessRoutes, type LinkState } from './api/channelReadinessRoutes.ts';
import { createFlowRoutes } from './api/flowRoutes.ts';
import { createArchiveRoutes } from './api/archiveRoutes.ts';
import { createTranslationRoutes } from './api/translationRoutes.ts';
import { translationSuggesterFromConfig } from './intents/translationSuggesterFromConfig.ts';
import { createEnvironmentRoutes } from './api/environmentRoutes.ts';
import { createPublicationRoutes } from './api/publicationRoutes.ts';
import { createBackendRoutes } from './api/backendRoutes.ts';
import { createBindingRoutes } from './api/bindingRoutes.ts';
import { createAuditRoutes } from './api/auditRoutes.ts';
import { createBackupRoutes } from './api/backupRoutes.ts';
import { createBackupShelf } from './backups/backupShelf.ts';
import { createMessagingRoutes } from './api/messagingRoutes.ts';
import { createDesignerRoutes } from './api/designerRoutes.ts';
import { previewRoutes } from './api/previewRoutes.ts';
import { callerRoutes } from './api/callerRoutes.ts';
import { createAudioRoutes } from './api/audioRoutes.ts';
import { agentRoutes } from './api/agentRoutes.ts';
import { DEFAULT_PAUSE_REASONS } from './handoff/pauseReasons.ts';
import { PresenceDesk } from './handoff/PresenceDesk.ts';
import { createDemoBackend } from './demo/demoBackend.ts';
import { demoSubscribers } from './demo/demoSubscribers.ts';
import { analyticsRoutes } from './api/analyticsRoutes.ts';
import { metricsRoutes } from './metrics/metricsRoutes.ts';
import { bodyIdleDeadline } from './http/connectionLimits.ts';
import { readableTestNumbers } from './bindings/testNumbers.ts';

export const DEFAULT_DESIGNER_DIR = fileURLToPath(new URL('../../designer/dist', import.meta.url));

/** What a router factory mounted from outside (channel connectors, tests) receives. */
export interface RouteDeps {
  requireRole: typeof requireRole;
  registry: ApiRegistry;
  logger: Logger;
  config: Config;
  services: AppServices;
}

export interface AppDeps {
  config: Config;
  logger: Logger;
  services: AppServices;
  /**
   * Where the channels' routes go (`runtime/src/channels/mountChannels.ts` fills it once the
   * server exists): before `/api`'s JSON parser and authentication, because webhooks are checked
   * on their raw bytes and bring their own credentials.
   */
  channels?: Router;
  /** The links the mounted channels keep open, by channel (SMS's SMPP bind), for the bindings' readiness. */
  channelLinks?: () => Partial<Record<string, LinkState>>;
  /** Routers mounted after the built-in API, before the designer's fallback (tests…). */
  extraRouters?: Array<(deps: RouteDeps) => Router>;
  designerDir?: string;
  /** createApp adds what must be closed on shutdown, after requests drain and before the store closes. */
  closers?: Array<() => Promise<void>>;
  /** True while draining on shutdown: /readyz then answers 503. */
  isShuttingDown?: () => boolean;
}

/** The whole HTTP surface: health, demo backend, JSON API, then the designer. */
export function createApp(deps: AppDeps): Express {
  const { config, logger, services } = deps;
  const app = express();
  app.disable('x-powered-by');
  // req.ip: the socket's peer, unless GRIOT_TRUST_PROXY names the proxies whose X-Forwarded-For counts (login throttling).
  app.set('trust proxy', config.trustProxy);
  app.use(requestLogger(logger));
  app.use(bodyIdleDeadline(config.connections.headersTimeoutMs));
  app.use(createHealthRoutes(services.ctx.store, deps.isShuttingDown ?? (() => false), logger));
  if (config.demo) {
    app.use('/demo-backend', createDemoBackend({ token: () => services.secret('OPERATOR_API_TOKEN'), subscribers: demoSubscribers, defaultRegion: config.defaultRegion }));
  }

  // ── Channels (connectors: voice /jambonz, WhatsApp /whatsapp/webhook, Bot Framework
  // /api/messages, web chat /chat): before /api's JSON parser and authentication.
  if (deps.channels) app.use(deps.channels);

  const registry = new ApiRegistry();
  // Prometheus (runtime/src/metrics): its own token or an admin, outside /api where scrapers look.
  app.use(metricsRoutes(services.metrics, { auth: services.auth, registry, metricsToken: config.metricsToken }));
  app.use('/api', privateAnswers, authenticate(services.auth, { publicUrl: config.publicUrl }), apiJsonBody(registry));
  let openApi: Record<string, unknown> | undefined;
  app.get('/api/openapi.json', (_req, res) => {
    openApi ??= buildOpenApi(registry, { version: '0.1.0' });
    res.json(openApi);
  });
  const presence = new PresenceDesk(services.handoff, services.ctx.audit, config.pauseReasons ?? DEFAULT_PAUSE_REASONS);
  // Signed out (here, everywhere, by an admin, or disabled): « Hors ligne » now, and their open inbox
  // streams check their credential again at once, so a tab of the ended session (on any instance)
  // ends instead of bringing them back « Disponible » at its next heartbeat.
  // The streams hear first, so an ended one is not told of the change it no longer opens.
  const signedOut = async (user: { userId: string; username: string }, by = user.username) => {
    services.handoff.events.publish({ type: 'assignment', id: user.userId, at: services.ctx.now() });
    await presence.signedOut(user.username, by);
  };
  app.use(
    createAuthRoutes(services.auth, registry, {
      secureCookie: config.publicUrl?.startsWith('https://') ?? false,
      signedOut,
    }),
  );
  app.use(createUserRoutes(services.users, registry, services.handoff.events, signedOut));
  app.use(userContactsRoutes(services.handoff, services.ctx.store, services.ctx.audit, registry));
  app.use(createFlowRoutes(services.flows, registry));
  app.use(createArchiveRoutes(services.flows, registry));
  app.use(createTranslationRoutes(services.flows, translationSuggesterFromConfig(config, logger), registry));
  app.use(createEnvironmentRoutes(services.flows, registry, { inactivityMinutes: config.sessionTtlMinutes }));
  app.use(createPublicationRoutes(services.publication, registry));
  app.use(createBackendRoutes(services.backends, services.egress, registry));
  // Before the bindings' /{id} routes: `readiness` is not a binding id.
  app.use(channelReadinessRoutes({ env: config.env, ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}), ...(deps.channelLinks ? { links: deps.channelLinks } : {}), registry }));
  app.use(createBindingRoutes(services.bindings, registry));
  app.use(createAuditRoutes(services.ctx.store, registry));
  app.use(createBackupRoutes(createBackupShelf(services.ctx.store, config.cluster.backup && { ...config.cluster.backup, dataKeys: config.dataKeys }), services.ctx.audit, registry));
  app.use(createMessagingRoutes(services.ctx.store, registry));
  app.use(
    previewRoutes(services.conversations, {
      registry,
      testNumbers: services.bindings,
      flows: services.flows,
      transcripts: { store: services.ctx.store, ...config.previewTranscripts, log: logger },
    }),
  );
  app.use(
    callerRoutes(services.callers, {
      registry,
      testNumbersOf: async (flowId, username) =>
        readableTestNumbers(
          (await services.ctx.store.listBindings()).filter((b) => b.flowId === flowId),
          username,
        ),
    }),
  );
  app.use(
    createAudioRoutes(
      services.audio,
      services.ctx.audit,
      registry,
      (flowId) => services.flows.getDraft(flowId),
      (req) => principalOf(services.auth, req, { publicUrl: config.publicUrl }),
      logger,
    ),
  );
  app.use(analyticsRoutes(services.ctx.store, { registry, config: config.analytics, now: services.ctx.now })); // ── analytics (runtime/src/analytics)
  app.use(
    agentRoutes(services.handoff, {
      registry,
      audit: services.ctx.audit,
      recheck: services.auth.recheck,
      maxStreams: config.cluster.agentStreamsMax,
      ...(config.pauseReasons ? { pauseReasons: config.pauseReasons } : {}),
      ...(services.callbacksOut ? { callbacksOut: services.callbacksOut } : {}),
    }),
  ); // ── handoff: agent API /api/agent/*, inbox page /agent (runtime/src/handoff)
  for (const makeRouter of deps.extraRouters ?? []) app.use(makeRouter({ requireRole, registry, logger, config, services }));
  app.use('/api', (req) => {
    throw notFound('route_not_found', `no route ${req.method} ${req.originalUrl.split('?')[0]}`, { params: { method: req.method, path: req.originalUrl.split('?')[0] ?? '' } });
  });

  app.use(createDesignerRoutes(deps.designerDir ?? DEFAULT_DESIGNER_DIR));
  app.use(errorMiddleware(logger));
  return app;
}
