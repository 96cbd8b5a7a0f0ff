import { randomUUID } from 'node:crypto';
import { plainHttpBackends } from './webhooks/plainHttpBackends.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { Store } from './store/types.ts';
import type { ServiceContext } from './context.ts';
import { lintBackendNames } from './demo/demoDefaults.ts';
import { createAuditLog } from './audit/auditLog.ts';
import { createAuthService, type AuthService } from './auth/authService.ts';
import { createUserService, type UserService } from './auth/userService.ts';
import { createFlowService, type FlowService } from './flows/flowService.ts';
import { createPublicationService, type PublicationService } from './publication/publicationService.ts';
import { createBindingService, type BindingService } from './bindings/bindingService.ts';
import { isTestNumber } from './bindings/testNumbers.ts';
import { flowEgress } from './webhooks/flowEgress.ts';
import { ConversationService } from './conversations/ConversationService.ts';
import { CallerRecords } from './callers/CallerRecords.ts';
import type { WebhookTarget } from './webhooks/performWebhook.ts';
import type { LintContext } from '@griot/flows';
import { AudioLibrary } from './audio/audioLibrary.ts';
import { audioUsageIn } from './audio/audioUsage.ts';
import { HandoffService } from './handoff/HandoffService.ts';
import { CallbacksOut } from './handoff/CallbacksOut.ts';
import { classifierFromConfig } from './intents/classifierFromConfig.ts';
import { SessionVault } from './sensitive/SessionVault.ts';
import { AnalyticsRecorder } from './analytics/AnalyticsRecorder.ts';
import { HandoffFacts } from './analytics/HandoffFacts.ts';
import { GriotMetrics } from './metrics/GriotMetrics.ts';
import { ClusterEvents } from './cluster/ClusterEvents.ts';
import { withQuotaLock } from './cluster/quotaLock.ts';

export interface ServiceDeps {
  config: Config;
  store: Store;
  logger: Logger;
  now?: () => string;
  newId?: () => string;
}

export interface AppServices {
  ctx: ServiceContext;
  auth: AuthService;
  users: UserService;
  flows: FlowService;
  /** Editors' requests that a publisher publish their draft. */
  publication: PublicationService;
  bindings: BindingService;
  /** Base URLs of named backends per environment (`config.backends`, completed by the demo). */
  backends: Config['backends'];
  /** A secret for http nodes, by name, from the environment (the demo supplies its own token). */
  secret: (name: string) => string | undefined;
  /** Where flows' requests may go: the backends each secret may be sent to, the hosts absolute URLs may call. */
  egress: Required<Omit<LintContext, 'boundChannels' | 'previous' | 'recordings' | 'backendNames' | 'plainHttpBackends'>>;
  /** The conversation engine: preview sessions here, channels through the connectors. */
  conversations: ConversationService;
  callers: CallerRecords;
  /** Recorded prompts, in the Store (SQLite blobs, MongoDB GridFS). */
  audio: AudioLibrary;
  /** Agent queues: handed-over contacts, callbacks, queue settings (runtime/src/handoff). */
  handoff: HandoffService;
  /** Places the call when an agent takes a callback request (JAMBONZ_API_*); absent: agents dial by hand. */
  callbacksOut?: CallbacksOut;
  /** Facts from every contact (runtime/src/analytics), and the turns' listeners. */
  analytics: AnalyticsRecorder;
  /** Prometheus metrics of this process (GET /metrics). */
  metrics: GriotMetrics;
  /** Events between the instances sharing the store (agent inbox, binding changes); the server starts reading them. */
  cluster: ClusterEvents;
}

/** The topic of binding changes among the events between instances (voice's binding cache forgets them). */
export const BINDINGS_TOPIC = 'bindings';

/** Builds every service over one store; shared by the HTTP app, the demo seeding and the CLI. */
export function createServices(deps: ServiceDeps): AppServices {
  const now = deps.now ?? (() => new Date().toISOString());
  const newId = deps.newId ?? randomUUID;
  const { secret, secretFor, secretValues, maxResponseBytes, rules: egress } = flowEgress(deps.config, deps.logger);
  const backends = deps.config.backends;
  // What lint knows of the configuration: the egress rules, and the backends each environment has
  // (read at each check: the demo fills `operator` once the port is known; `griot validate` asks
  // the same function), so that the server's own answers (a save, the draft, a publication
  // request's checks) say a look-up naming a backend it lacks (`http.unknownBackend`), as the designer does.
  const lintContext: LintContext = {
    ...egress,
    get backendNames() {
      return lintBackendNames(deps.config);
    },
    get plainHttpBackends() {
      return plainHttpBackends(deps.config.backends);
    },
  };
  const ctx: ServiceContext = { store: deps.store, now, newId, audit: createAuditLog(deps.store, now, newId), logger: deps.logger, lintContext };
  // Production sessions call production backends; staging, drafts, pinned versions and previews
  // call the test systems. Read at each call: the demo fills its URL once the port is known.
  const webhookTargetFor = (environment: string): WebhookTarget => ({
    backends: environment === 'production' ? backends.production : backends.staging,
    secret: secretFor(environment === 'production' ? backends.production : backends.staging),
    secretValues,
    maxResponseBytes,
    ...egress,
    // Someone wrote a request Griot will not send: the operator's security team wants to know.
    onRefused: (effect, reason) => deps.logger.warn({ event: 'webhook.refused', environment, node: effect.node, backend: effect.backend ?? null, reason }, 'request refused'),
  });
  const classify = classifierFromConfig(deps.config, deps.logger);
  const cluster = new ClusterEvents({ events: deps.store.events, logger: deps.logger.child({ component: 'cluster' }), pollMs: deps.config.cluster.eventsPollMs });
  const vault = new SessionVault(deps.config.dataKeys, deps.logger.child({ component: 'sessions' }));
  const handoff = new HandoffService({ store: deps.store, logger: deps.logger, now, newId, defaultTimezone: deps.config.env.GRIOT_TIMEZONE || 'Africa/Porto-Novo', cluster, vault });
  // ---- analytics and metrics (runtime/src/analytics, runtime/src/metrics): they listen to turns and agent queues ----
  const analytics = new AnalyticsRecorder(deps.store, deps.config.analytics, deps.logger);
  const metrics = new GriotMetrics(deps.store);
  analytics.onTurnSaved((turn, report, timing) => metrics.turnSaved(turn, report, timing));
  if (deps.config.analytics.enabled) handoff.observe(new HandoffFacts(deps.store, analytics.hasher, now, (key) => analytics.runningContact(key)));
  const conversations = new ConversationService({
    handoffs: handoff.hooks,
    store: deps.store,
    logger: deps.logger,
    // The system clock without a round trip through text (it is read several times a turn); a test's `now` as given.
    clock: deps.now ? () => new Date(now()) : () => new Date(),
    sessionTtlMinutes: deps.config.sessionTtlMinutes,
    defaultRegion: deps.config.defaultRegion,
    webhookTargetFor,
    // A preview reaches the real backends only as a test number (bindings/testNumbers.ts), checked at each look-up.
    previewBackendAllowed: async (number) => isTestNumber(await deps.store.listBindings(), number, deps.config.defaultRegion),
    vault,
    observer: analytics,
    // The store's failures the channels meet, counted per channel (griot_store_failures_total).
    metrics,
    // ---- intent classification (runtime/src/intents): the model, when configured ----
    ...(classify ? { classify } : {}),
  });
  handoff.attach(conversations);
  const audio = new AudioLibrary(deps.store.audio, now, audioUsageIn(deps.store), {
    ...deps.config.audioQuota,
    serialize: (work) => withQuotaLock(deps.store.leases, 'audio', work),
  });
  return {
    ctx,
    auth: createAuthService(ctx, { adminToken: deps.config.adminToken, throttle: deps.config.authThrottle, hasher: analytics.hasher, idleMinutes: deps.config.loginIdleMinutes }),
    users: createUserService(ctx, { hasher: analytics.hasher }),
    flows: createFlowService(ctx, {
      archiveDays: deps.config.archiveDays,
      maxFlows: deps.config.maxFlows,
      removeAudio: (flowId) => audio.removeFlow(flowId),
      withinAudioQuota: (flowId, bytes, write) => audio.withinQuota(flowId, bytes, write),
    }),
    publication: createPublicationService(ctx, { selfApproval: deps.config.publicationSelfApproval }),
    bindings: createBindingService(ctx, {
      defaultRegion: deps.config.defaultRegion,
      changed: (binding) => void cluster.publish(BINDINGS_TOPIC, { id: binding.id, channel: binding.channel, address: binding.address }),
      hasher: analytics.hasher,
    }),
    backends,
    secret,
    egress,
    conversations,
    callers: new CallerRecords({ store: deps.store, defaultRegion: deps.config.defaultRegion, audit: ctx.audit, hasher: analytics.hasher }),
    audio,
    handoff,
    ...(deps.config.callbacksOut ? { callbacksOut: new CallbacksOut(handoff, deps.config.callbacksOut) } : {}),
    analytics,
    metrics,
    cluster,
  };
}
