import type { Flow } from '../schema/flow.ts';
import type { Channel } from '../schema/common.ts';
import type { CallerInfo, Session } from './types.ts';

export interface NewSession {
  channel: Channel;
  caller: CallerInfo;
  /** Published version number, or null for a draft. */
  flowVersion: number | null;
  /** Start in this locale (a tester's choice); otherwise the remembered one, else the default. */
  locale?: string;
}

export function createSession(flow: Flow, options: NewSession): Session {
  const codes = flow.locales.map((l) => l.code);
  const wanted = [options.locale, options.caller.knownLocale].find((l) => l !== undefined && codes.includes(l));
  return {
    v: 1,
    flowId: flow.id,
    flowVersion: options.flowVersion,
    channel: options.channel,
    locale: wanted ?? codes[0] ?? 'fr',
    caller: options.caller,
    vars: {},
    wait: null,
    path: [],
    status: 'new',
    turns: 0,
  };
}

/** Sessions keep only the latest nodes of their path, so they stay small however long the call. */
export const PATH_LIMIT = 24;
