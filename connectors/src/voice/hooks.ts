/** The paths jambonz calls; the same names serve as hook names over the WebSocket API. */
export const JAMBONZ_HOOKS = {
  call: '/jambonz/call',
  status: '/jambonz/status',
  gather: '/jambonz/gather',
  continue: '/jambonz/continue',
  queueWait: '/jambonz/queue-wait',
  queueAction: '/jambonz/queue-action',
  callbackOffer: '/jambonz/callback-offer',
  dialAction: '/jambonz/dial-action',
} as const;

export type HookName = keyof typeof JAMBONZ_HOOKS;

/** Action hooks as written into verbs: absolute URLs for webhooks, bare paths over the WebSocket. */
export type HookUrls = Record<Exclude<HookName, 'call' | 'status'>, string>;

/**
 * Over HTTP a relative hook resolves against the application's host only, so a Griot mounted
 * under a path prefix needs absolute URLs; over the WebSocket a relative hook is an event name
 * sent back on the same socket, and an absolute http URL would switch the call to webhooks.
 */
export function hookUrls(base = ''): HookUrls {
  const at = (path: string) => `${base.replace(/\/+$/, '')}${path}`;
  return {
    gather: at(JAMBONZ_HOOKS.gather),
    continue: at(JAMBONZ_HOOKS.continue),
    queueWait: at(JAMBONZ_HOOKS.queueWait),
    queueAction: at(JAMBONZ_HOOKS.queueAction),
    callbackOffer: at(JAMBONZ_HOOKS.callbackOffer),
    dialAction: at(JAMBONZ_HOOKS.dialAction),
  };
}

/** Which hook a path names, with or without a mount prefix or query string. */
export function hookNameOf(path: string): HookName | undefined {
  const clean = path.split('?', 1)[0] ?? '';
  for (const [name, hook] of Object.entries(JAMBONZ_HOOKS) as Array<[HookName, string]>) {
    if (clean === hook || clean.endsWith(hook)) return name;
  }
  return undefined;
}
