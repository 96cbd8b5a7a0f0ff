import { channelCapabilities } from '@griot/flows';
import { secretGuessesFromEnv } from '../http/SecretGuesses.ts';
import type { Channel, ChannelConfig, ChannelHost } from '../channel/Channel.ts';
import { readUssdConfig } from './ussdConfig.ts';
import type { UssdRefusal } from './ussdAccess.ts';
import { ussdHotPath } from './ussdHotPath.ts';
import { ussdRouter } from './ussdRouter.ts';
import { UssdSessionEnds } from './UssdSessionEnds.ts';
import { UssdSessions, type UssdSessionsOptions } from './UssdSessions.ts';

/** Settings tests (and only tests) change: a clock. */
export type UssdOverrides = Pick<UssdSessionsOptions, 'now'>;

const HOW = 'see docs/configuration.md, "USSD"';

/**
 * USSD through an African gateway's callback (Africa's Talking's format): `POST /ussd`, one
 * screen per request, paged at 182 characters, the flow bound to the service code (`*919#`);
 * `POST /ussd/events`, the gateway's end-of-session notification, ends an abandoned contact.
 * Guarded by `USSD_CALLBACK_TOKEN` and/or `USSD_ALLOWED_IPS`; open in development without them
 * (said loudly at mount), refusing everything in production without a token. Answers within the
 * request, so it has no `replies`: an agent calls a USSD subscriber back.
 */
export function createUssdChannel(config: ChannelConfig, overrides: UssdOverrides = {}): Channel {
  const settings = readUssdConfig(config.env, config.production);
  const guesses = secretGuessesFromEnv(config.env);
  let sessions: UssdSessions | undefined;
  let ends: UssdSessionEnds | undefined;
  return {
    id: 'ussd',
    capabilities: channelCapabilities.ussd,
    mount(host: ChannelHost) {
      guesses.shareThrough(host.sharedGuessCounts, 'ussd');
      if (!host.channelStates) throw new Error("the USSD channel keeps its sessions in the host's channelStates, which this host does not give");
      const digest = host.subscriberDigest?.bind(host);
      if (!digest) throw new Error("the USSD channel binds a session to its subscriber with the host's subscriberDigest, which this host does not give");
      if (settings.access === 'open') {
        host.logger.warn(
          { notice: 'ussdAccess' },
          'USSD CHANNEL OPEN TO ANYONE (development default): no USSD_CALLBACK_TOKEN and no USSD_ALLOWED_IPS, so POST /ussd (and /ussd/events) answers anyone, ' +
            'who can then act as any subscriber (a PUK code, a balance). Set USSD_CALLBACK_TOKEN before exposing Griot; with NODE_ENV=production ' +
            `the USSD channel refuses every callback until it is set (${HOW}).`,
        );
      } else if (settings.access === 'refused') {
        host.logger.error(
          { notice: 'ussdAccess' },
          `USSD CHANNEL DISABLED: NODE_ENV=production and no USSD_CALLBACK_TOKEN, so every callback to POST /ussd is refused (403). Set USSD_CALLBACK_TOKEN and put it in the gateway's callback URL (?token=…) (${HOW}).`,
        );
      }
      if (settings.lookupBudgetMs >= settings.answerWithinMs) {
        host.logger.warn(
          { notice: 'ussdDeadline' },
          `USSD_LOOKUP_BUDGET_MS (${settings.lookupBudgetMs}) is not below the time Griot has to answer the gateway (${settings.answerWithinMs} ms, 80 % of USSD_GATEWAY_TIMEOUT_MS): ` +
            `a slow look-up ends its session "busy" instead of with its answer by SMS. Lower the budget (${HOW}).`,
        );
      }
      const repliesOf = host.repliesOf ? (channel: Parameters<NonNullable<ChannelHost['repliesOf']>>[0]) => host.repliesOf?.(channel) : undefined;
      sessions = new UssdSessions({
        port: host.conversations,
        bindings: host.bindings,
        states: host.channelStates,
        digest,
        config: settings,
        logger: host.logger,
        onShed: (reason) => host.metrics?.requestShed?.({ channel: 'ussd', reason }),
        // A session id presented with another subscriber's number: refused, as a forged credential is.
        onNotYours: () => host.metrics?.signatureFailure?.({ channel: 'ussd', reason: 'sessionNotYours' }),
        ...(repliesOf ? { repliesOf } : {}),
        ...overrides,
      });
      ends = new UssdSessionEnds({ states: host.channelStates, port: host.conversations, logger: host.logger, ...(overrides.now ? { now: overrides.now } : {}) });
      const onRefused = (reason: UssdRefusal['reason']) => host.metrics?.signatureFailure?.({ channel: 'ussd', reason });
      // The usual callbacks ahead of express where the host allows; the route takes the rest.
      if (host.hotRoutes) host.hotRoutes.add(ussdHotPath({ sessions, config: settings, client: host.hotRoutes.client, logger: host.logger, onRefused, guesses }));
      host.router.use(ussdRouter({ sessions, ends, config: settings, logger: host.logger, onRefused, guesses }));
    },
    close: async () => {
      await sessions?.close();
      await ends?.idle();
    },
  };
}
