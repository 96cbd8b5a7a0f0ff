import type { BotFrameworkConfig } from './botFrameworkConfig.ts';
import { serviceUrlElsewhere } from './serviceUrlElsewhere.ts';

/**
 * The Bot Connector's hosts, where a bot with an app id posts its replies with its token: the
 * public cloud's (`*.botframework.com`: Web Chat, Direct Line and the other channels;
 * `smba.trafficmanager.net`: Teams; never any `*.trafficmanager.net`, a name any Azure customer
 * can create for their own endpoint), and the sovereign
 * clouds' (Azure Government `*.botframework.azure.us`, Azure China `*.botframework.azure.cn`,
 * Teams GCC `smba.infra.gcc.teams.microsoft.com`, GCC High and DoD `*.teams.microsoft.us`).
 * `*.` matches any name below the domain, never the domain alone. More through
 * `BOTFRAMEWORK_SERVICE_HOSTS` (a proxy of one's own, a test connector).
 */
export const BOT_CONNECTOR_HOSTS: readonly string[] = [
  '*.botframework.com',
  'smba.trafficmanager.net',
  '*.botframework.azure.us',
  '*.botframework.azure.cn',
  'smba.infra.gcc.teams.microsoft.com',
  '*.teams.microsoft.us',
];

const matches = (host: string, pattern: string) => (pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1 : host === pattern);

/**
 * Whether the bot may post to `serviceUrl` (an agent's reply, the replies of a turn) with its
 * token. Anonymous (no app id): only this machine (`serviceUrlElsewhere`). With an app id: a
 * Bot Connector host (`BOT_CONNECTOR_HOSTS`) or one of `config.serviceHosts`, over https (http
 * too outside production): the SDK accepts a token without a `serviceurl` claim (an Entra
 * token) for any serviceUrl, and a stored reference must not send the bot's token elsewhere.
 */
export function serviceUrlAllowed(config: BotFrameworkConfig, serviceUrl: unknown): boolean {
  if (config.anonymous || !config.clientId) return !serviceUrlElsewhere(serviceUrl);
  if (typeof serviceUrl !== 'string') return false;
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return false;
  }
  if (!(url.protocol === 'https:' || (!config.production && url.protocol === 'http:'))) return false;
  // No user name nor password in it: what the host is must be plain.
  if (url.username || url.password) return false;
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  return [...BOT_CONNECTOR_HOSTS, ...(config.serviceHosts ?? [])].some((pattern) => matches(host, pattern.toLowerCase()));
}
