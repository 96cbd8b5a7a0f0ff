import { describe, expect, it } from 'vitest';
import { readSmsConfig } from './smsConfig.ts';

describe('readSmsConfig', () => {
  it('is off without SMPP_URL, and reads the SMSC with its defaults', () => {
    expect(readSmsConfig({}).smsc).toBeUndefined();
    const config = readSmsConfig({ SMPP_URL: 'smpp://smsc.example:2776', SMPP_SYSTEM_ID: 'griot', SMPP_PASSWORD: 'pw' });
    expect(config.smsc).toEqual({ host: 'smsc.example', port: 2776, tls: false, systemId: 'griot', password: 'pw', systemType: '' });
    expect(config).toMatchObject({ window: 10, enquireLinkMs: 30_000, deliveryReceipts: true, moMessageIdTlv: 0x1e, source: { ton: 0, npi: 0 } });
    expect(readSmsConfig({ SMPP_URL: 'ssmpp://smsc.example', SMPP_SYSTEM_ID: 'g', SMPP_PASSWORD: 'p' }).smsc).toMatchObject({ port: 3550, tls: true });
  });

  it('names the variable that is wrong, never its value', () => {
    expect(() => readSmsConfig({ SMPP_URL: 'http://smsc' })).toThrow(/^SMPP_URL: /);
    expect(() => readSmsConfig({ SMPP_URL: 'smpp://smsc:2775', SMPP_SYSTEM_ID: 'griot' })).toThrow('SMPP_PASSWORD: is required with SMPP_URL');
    expect(() => readSmsConfig({ SMPP_URL: 'smpp://smsc:2775', SMPP_SYSTEM_ID: 'griot', SMPP_PASSWORD: 'much-too-long-secret' })).toThrow(/^SMPP_PASSWORD: (?!.*much-too-long)/);
    expect(() => readSmsConfig({ SMPP_WINDOW: '0' })).toThrow(/^SMPP_WINDOW: /);
  });
});
