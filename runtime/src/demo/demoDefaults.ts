import type { SecretBinding } from '@griot/flows';
import type { Config } from '../config.ts';

/** The Bearer token the demo operator backend expects, unless OPERATOR_API_TOKEN is set. */
export const DEMO_OPERATOR_TOKEN = 'demo-operator-token';
export const demoSecrets: Record<string, string> = { OPERATOR_API_TOKEN: DEMO_OPERATOR_TOKEN };
/** The demo's token goes to the demo's operator backend and nowhere else (GRIOT_FLOW_SECRETS may say otherwise). */
export const demoSecretBackends: Record<string, SecretBinding> = { OPERATOR_API_TOKEN: ['operator'] };

/** The demo's voice number and WhatsApp phone number id. */
export const DEMO_VOICE_NUMBER = '1919';
export const DEMO_WHATSAPP_PHONE_NUMBER_ID = '100000000000001';
/** The demo's SMS short code, bound when an SMSC is configured (SMPP_URL). */
export const DEMO_SMS_SHORT_CODE = '1919';

/** The demo's Telegram bot, when TELEGRAM_BOT_TOKEN is set: its id, the digits before the colon of the token. */
export function demoTelegramBotId(env: Record<string, string | undefined>): string | undefined {
  return /^\s*([0-9]{1,20}):/.exec(env.TELEGRAM_BOT_TOKEN ?? '')?.[1];
}
/** The demo's Facebook Page id, bound when Messenger is configured (MESSENGER_APP_SECRET and MESSENGER_PAGE_ACCESS_TOKEN). */
export const DEMO_MESSENGER_PAGE_ID = '200000000000001';
/**
 * The demo's test number: a tester on the voice binding, so a designer preview may call the
 * (demo) operator backend as it (only test numbers may), and a call from it reaches staging.
 */
export const DEMO_TEST_NUMBER = '+2290197000090';
/** The demo's USSD service code: any gateway pointed at POST /ussd reaches the 1919 flow with it. */
export const DEMO_USSD_SERVICE_CODE = '*919#';

/**
 * Once the port is known, points backend `operator` at the in-process demo backend in each
 * environment that has no URL for it, so the 1919 flow answers without any configuration.
 */
export function applyDemoBackendDefaults(config: Config, localUrl: string): void {
  const url = `${localUrl.replace(/\/+$/, '')}/demo-backend`;
  config.demoBackendUrl = url;
  for (const environment of ['staging', 'production'] as const) {
    config.backends[environment].operator ??= url;
  }
}

/**
 * The backends a look-up may name in each environment, as lint reads them (`http.unknownBackend`):
 * the configured ones (GRIOT_BACKENDS_*), plus the demo's `operator` when the demo is on (filled in
 * once the port is known, applyDemoBackendDefaults). The server's lint and `griot validate` both ask here.
 */
export function lintBackendNames(config: Pick<Config, 'backends' | 'demo'>): { staging: string[]; production: string[] } {
  const names = (environment: 'staging' | 'production') => {
    const configured = Object.keys(config.backends[environment]);
    return [...new Set(config.demo ? [...configured, 'operator'] : configured)].sort();
  };
  return { staging: names('staging'), production: names('production') };
}

/**
 * Whether a backend URL is Griot's own demo backend, the only place the demo's well-known token
 * goes: the one this server filled in (applyDemoBackendDefaults), or `/demo-backend` on this
 * machine (`griot chat --backend operator=http://localhost:3000/demo-backend`). A URL the
 * operator configured elsewhere gets nothing: it would receive a token the whole world knows.
 */
export function isBuiltInDemoBackend(url: string | undefined, demoBackendUrl: string | undefined): boolean {
  if (url === undefined) return false;
  if (demoBackendUrl !== undefined && url.replace(/\/+$/, '') === demoBackendUrl) return true;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const loopback = parsed.hostname === 'localhost' || parsed.hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(parsed.hostname);
  return loopback && parsed.pathname.replace(/\/+$/, '') === '/demo-backend' && parsed.username === '' && parsed.search === '';
}
