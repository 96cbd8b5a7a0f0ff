import { describe, expect, it } from 'vitest';
import { readBotFrameworkConfig } from './botFrameworkConfig.ts';
import { serviceUrlAllowed } from './serviceUrlAllowed.ts';

const APP = { MicrosoftAppId: '11111111-2222-3333-4444-555555555555' };

describe('the serviceUrls a bot with an app id posts its token to', () => {
  it('takes the Bot Connector’s hosts, public and sovereign, over https', () => {
    const config = readBotFrameworkConfig(APP, true);
    for (const url of [
      'https://smba.trafficmanager.net/emea/',
      'https://smba.trafficmanager.net/teams/',
      'https://webchat.botframework.com/',
      'https://europe.directline.botframework.com/',
      'https://smba.infra.gcc.teams.microsoft.com/teams',
      'https://smba.infra.gov.teams.microsoft.us/teams',
      'https://webchat.botframework.azure.us/',
      'https://SMBA.TrafficManager.net./amer/',
    ]) {
      expect(serviceUrlAllowed(config, url), url).toBe(true);
    }
  });

  it('refuses any other host, look-alikes, http in production, and credentials in the URL', () => {
    const config = readBotFrameworkConfig(APP, true);
    for (const url of [
      'https://evil.example/',
      'https://botframework.com.evil.example/',
      'https://evilbotframework.com/',
      'https://botframework.com/',
      // Any Azure customer can create a Traffic Manager name of their own: only Teams' is the Bot Connector.
      'https://attacker.trafficmanager.net/emea/',
      'https://smba-evil.trafficmanager.net/',
      'http://smba.trafficmanager.net/emea/',
      'https://user:pw@smba.trafficmanager.net/emea/',
      'http://127.0.0.1:3978/',
      'not a url',
      42,
    ]) {
      expect(serviceUrlAllowed(config, url), String(url)).toBe(false);
    }
  });

  it('takes the hosts BOTFRAMEWORK_SERVICE_HOSTS names, and names a wrong one', () => {
    const config = readBotFrameworkConfig({ ...APP, BOTFRAMEWORK_SERVICE_HOSTS: 'bots.operator.bj, *.proxy.operator.bj' }, true);
    expect(serviceUrlAllowed(config, 'https://bots.operator.bj/v3/')).toBe(true);
    expect(serviceUrlAllowed(config, 'https://eu.proxy.operator.bj/')).toBe(true);
    expect(serviceUrlAllowed(config, 'https://operator.bj/')).toBe(false);
    expect(() => readBotFrameworkConfig({ ...APP, BOTFRAMEWORK_SERVICE_HOSTS: 'https://bots.operator.bj/' }, true)).toThrow(/BOTFRAMEWORK_SERVICE_HOSTS/);
  });

  it('anonymous (no app id): only this machine', () => {
    const config = readBotFrameworkConfig({}, false);
    expect(serviceUrlAllowed(config, 'http://localhost:3978/')).toBe(true);
    expect(serviceUrlAllowed(config, 'https://smba.trafficmanager.net/emea/')).toBe(false);
  });
});
