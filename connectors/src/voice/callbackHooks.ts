/**
 * The webhooks of a callback call Griot places through jambonz's REST API: the call hook when
 * the subscriber answers, the call status hook, and the action hook of the `dial` to the agent.
 * They sit beside the inbound hooks, one path segment deeper, and are signed the same way.
 */
export const CALLBACK_HOOKS = {
  answer: '/jambonz/callback/answer',
  status: '/jambonz/callback/status',
  dial: '/jambonz/callback/dial',
} as const;

export type CallbackHookName = keyof typeof CALLBACK_HOOKS;

/** Absolute hook URLs under Griot's public URL (jambonz's API refuses relative ones). */
export function callbackHookUrls(publicBaseUrl: string): Record<CallbackHookName, string> {
  const base = publicBaseUrl.replace(/\/+$/, '');
  return { answer: `${base}${CALLBACK_HOOKS.answer}`, status: `${base}${CALLBACK_HOOKS.status}`, dial: `${base}${CALLBACK_HOOKS.dial}` };
}
