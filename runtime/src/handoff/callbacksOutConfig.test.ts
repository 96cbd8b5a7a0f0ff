import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';

const API = { JAMBONZ_API_BASE_URL: 'https://jambonz.example.bj', JAMBONZ_ACCOUNT_SID: 'acc', JAMBONZ_API_KEY: 'key' };
const COMPLETE = { ...API, GRIOT_CALLBACK_AGENT_TARGET: 'sip:{{agent}}@agents.example.bj', GRIOT_PUBLIC_URL: 'https://griot.example.bj/' };

const refusal = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return { variable: error.variable, message: error.message };
    throw error;
  }
  throw new Error('expected a configuration error');
};

describe('callbacks-out settings', () => {
  it('are off without the jambonz API settings (agents dial by hand)', () => {
    expect(loadConfig({}).callbacksOut).toBeUndefined();
  });

  it('read the API, the caller ID, the agent target, ringing time and fallback voice', () => {
    const config = loadConfig({ ...COMPLETE, GRIOT_CALLBACK_FROM: '+22921300000', GRIOT_CALLBACK_RING_SECONDS: '40', GRIOT_CALLBACK_SPEECH: 'google,fr-FR,fr-FR-Wavenet-A' });
    expect(config.callbacksOut).toEqual({
      api: { baseUrl: 'https://jambonz.example.bj', accountSid: 'acc', apiKey: 'key', timeoutMs: 5000 },
      from: '+22921300000',
      agentTarget: 'sip:{{agent}}@agents.example.bj',
      ringSeconds: 40,
      speech: { vendor: 'google', language: 'fr-FR', voice: 'fr-FR-Wavenet-A' },
      publicUrl: 'https://griot.example.bj',
    });
  });

  it('refuse to start half configured, naming the variable to set', () => {
    expect(refusal({ JAMBONZ_API_BASE_URL: 'https://jambonz.example.bj', JAMBONZ_API_KEY: 'key' })).toMatchObject({ variable: 'JAMBONZ_ACCOUNT_SID' });
    expect(refusal({ ...API, GRIOT_PUBLIC_URL: 'https://griot.example.bj' })).toMatchObject({ variable: 'GRIOT_CALLBACK_AGENT_TARGET' });
    expect(refusal({ ...API, GRIOT_CALLBACK_AGENT_TARGET: 'user:{{agent}}' })).toMatchObject({ variable: 'GRIOT_PUBLIC_URL' });
    expect(refusal({ ...COMPLETE, GRIOT_CALLBACK_AGENT_TARGET: 'agents.example.bj' })).toMatchObject({ variable: 'GRIOT_CALLBACK_AGENT_TARGET', message: expect.stringContaining('sip:') });
    expect(refusal({ ...COMPLETE, GRIOT_CALLBACK_SPEECH: 'google fr-FR' })).toMatchObject({ variable: 'GRIOT_CALLBACK_SPEECH' });
    expect(refusal({ ...COMPLETE, GRIOT_CALLBACK_FROM: 'operator' })).toMatchObject({ variable: 'GRIOT_CALLBACK_FROM' });
  });
});
