import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { flowEgress } from './flowEgress.ts';

describe('flowEgress', () => {
  it('masks the password written in a backend URL like any secret: it goes out as Basic', () => {
    const config = loadConfig({ GRIOT_DEMO: '0', GRIOT_BACKENDS_STAGING: 'operator=https://griot:s3cr%40t-pw@gw.example/operator/v1', GRIOT_BACKENDS_PRODUCTION: 'crm=https://crm.example/v2' });
    expect(flowEgress(config).secretValues).toEqual(['s3cr@t-pw']);
  });
});
