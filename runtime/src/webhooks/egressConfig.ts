import { z } from 'zod';
import type { SecretBinding } from '@griot/flows';
import { MIN_MASKED_SECRET } from './secretScrubber.ts';

const BACKEND_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
const HOST_PATTERN = /^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?$|^\[[0-9a-f:.]+\]$/;

/** Griot's own configuration: never readable by a flow, whatever GRIOT_FLOW_SECRETS lists. */
function isGriotVariable(name: string): boolean {
  return (
    /^(GRIOT|JAMBONZ|WHATSAPP|SMPP|TELEGRAM|MESSENGER|OPENAI|MONGODB|BOTFRAMEWORK|MICROSOFT|NODE)_/i.test(name) || ['PORT', 'HOST', 'DATA_DIR', 'LOG_LEVEL', 'MONGODB_URI'].includes(name.toUpperCase())
  );
}

const commaList = (text: string) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/**
 * `NAME@backend|backend,NAME2@crm`: each secret a flow may use, and the named backends allowed
 * to receive it. A name without `@` (the form before bindings existed) may go to every named
 * backend, never to an address written in a flow.
 */
const SecretList = z.string().transform((text, ctx) => {
  const secrets: Array<{ name: string; backends: SecretBinding }> = [];
  for (const item of commaList(text)) {
    const at = item.indexOf('@');
    const name = (at < 0 ? item : item.slice(0, at)).trim();
    const backends =
      at < 0
        ? '*'
        : item
            .slice(at + 1)
            .split('|')
            .map((b) => b.trim())
            .filter(Boolean);
    if (!/^[A-Za-z0-9_]+$/.test(name)) {
      ctx.addIssue({ code: 'custom', message: `"${item}": secret names are letters, digits and _ (expected a list such as OPERATOR_API_TOKEN@operator,CRM_TOKEN@crm|billing)` });
      return z.NEVER;
    }
    if (isGriotVariable(name)) {
      ctx.addIssue({
        code: 'custom',
        message: `${name}: Griot's own settings (GRIOT_*, JAMBONZ_*, WHATSAPP_*, SMPP_*, TELEGRAM_*, MESSENGER_*, OPENAI_*, MONGODB_*, BOTFRAMEWORK_*, …) are never given to flows`,
      });
      return z.NEVER;
    }
    if (backends !== '*' && (backends.length === 0 || backends.some((b) => !BACKEND_NAME.test(b)))) {
      ctx.addIssue({ code: 'custom', message: `"${item}": after @ come the backends that may receive ${name}, as named in GRIOT_BACKENDS_* (operator, or crm|billing)` });
      return z.NEVER;
    }
    secrets.push({ name, backends });
  }
  return secrets;
});

/** `api.example.com,*.operator.bj`: the hosts an http node may call by absolute URL. */
const HostList = z.string().transform((text, ctx) => {
  const hosts = commaList(text).map((h) => h.toLowerCase().replace(/\.$/, ''));
  const wrong = hosts.find((h) => !HOST_PATTERN.test(h));
  if (wrong !== undefined) {
    ctx.addIssue({ code: 'custom', message: `"${wrong}" is not a host name or *.domain (expected a list such as api.example.com,*.operator.bj; no scheme, port or path)` });
    return z.NEVER;
  }
  return hosts;
});

/** The environment variables of where flows' requests may go; spread into config.ts's schema. */
export const egressEnv = {
  GRIOT_FLOW_SECRETS: SecretList.default([]),
  GRIOT_HTTP_ALLOWED_HOSTS: HostList.default([]),
  /** The most bytes of a look-up's answer read (1 MiB); a longer answer takes the node's `error` output. */
  GRIOT_HTTP_MAX_RESPONSE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
};
type EgressEnv = z.output<z.ZodObject<typeof egressEnv>>;

export interface EgressConfig {
  /** The values of the listed secrets that are set. A flow editor cannot make Griot send any other variable. */
  flowSecrets: Record<string, string>;
  /** Secret name → the named backends that may receive it (`'*'`: every one). */
  secretBackends: Record<string, SecretBinding>;
  /** Hosts (and `*.domain`) an http node may call by absolute URL; empty: none. */
  httpAllowedHosts: string[];
  /** The most bytes of a look-up's answer read; past it the look-up fails (`http.tooLarge`). */
  httpMaxResponseBytes: number;
  /** Secrets listed without `@backend`: said at start-up, so the operator binds them. */
  unboundSecrets: string[];
}

export function egressConfig(e: EgressEnv, present: Record<string, string | undefined>): EgressConfig {
  const secretBackends: Record<string, SecretBinding> = {};
  for (const { name, backends } of e.GRIOT_FLOW_SECRETS) {
    // Own keys only: a secret named `toString` is the operator's, not JavaScript's method.
    const known = Object.hasOwn(secretBackends, name) ? secretBackends[name] : undefined;
    // The same name twice: the backends of both entries.
    secretBackends[name] = known === '*' || backends === '*' ? '*' : [...new Set([...(known ?? []), ...backends])];
  }
  return {
    flowSecrets: Object.fromEntries(Object.keys(secretBackends).flatMap((name) => (Object.hasOwn(present, name) && present[name] ? [[name, present[name] as string]] : []))),
    secretBackends,
    httpAllowedHosts: e.GRIOT_HTTP_ALLOWED_HOSTS,
    httpMaxResponseBytes: e.GRIOT_HTTP_MAX_RESPONSE_BYTES,
    unboundSecrets: Object.entries(secretBackends)
      .filter(([, b]) => b === '*')
      .map(([name]) => name),
  };
}

/**
 * A configured secret too short to be masked (`MIN_MASKED_SECRET`): masking every `123` in what a
 * backend answers would leave nothing readable, and not masking it would show it. Such a secret
 * protects nothing either, so Griot refuses to start, naming where it is set, never its value.
 */
export function tooShortSecret(flowSecrets: Record<string, string>, backends: { staging: Record<string, string>; production: Record<string, string> }): { variable: string; message: string } | null {
  for (const [name, value] of Object.entries(flowSecrets)) {
    if (value.length < MIN_MASKED_SECRET)
      return { variable: name, message: `listed in GRIOT_FLOW_SECRETS, its value is shorter than ${MIN_MASKED_SECRET} characters: too short to be kept out of what backends answer; set a real token` };
  }
  for (const [environment, variable] of [
    ['staging', 'GRIOT_BACKENDS_STAGING'],
    ['production', 'GRIOT_BACKENDS_PRODUCTION'],
  ] as const) {
    for (const [name, url] of Object.entries(backends[environment])) {
      const password = urlPassword(url);
      if (password !== undefined && password.length < MIN_MASKED_SECRET)
        return { variable, message: `the password in the URL of backend ${name} is shorter than ${MIN_MASKED_SECRET} characters: too short to be kept out of what backends answer; set a real one` };
    }
  }
  return null;
}

/** The password written in a backend's URL (`https://user:pw@host/base`), decoded; undefined when none. */
export function urlPassword(url: string): string | undefined {
  try {
    const password = new URL(url).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined;
  }
}
