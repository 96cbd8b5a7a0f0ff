import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { flowEgress } from './flowEgress.ts';

describe('flowEgress', () => {
  it('masks the password written in a backend URL like any secret: it goes out as Basic', () => {
    const config = loadConfig({ GRIOT_DEMO: '0', GRIOT_BACKENDS_STAGING: 'operator=https://griot:s3cr%40t-pw@gw.example/operator/v1', GRIOT_BACKENDS_PRODUCTION: 'crm=https://crm.example/v2' });
    expect(flowEgress(config).secretValues).toEqual(['s3cr@t-pw']);
  });

  it('refuses to start with a secret too short to be masked, naming where it is set, never its value', () => {
    const start = (env: Record<string, string>) => () => loadConfig({ GRIOT_DEMO: '0', ...env });
    expect(start({ GRIOT_FLOW_SECRETS: 'OPERATOR_API_TOKEN@operator', OPERATOR_API_TOKEN: 'x9z' })).toThrow(/^OPERATOR_API_TOKEN: .*shorter than 4 characters/);
    expect(start({ GRIOT_FLOW_SECRETS: 'OPERATOR_API_TOKEN@operator', OPERATOR_API_TOKEN: 'x9z' })).not.toThrow(/x9z/);
    expect(start({ GRIOT_BACKENDS_PRODUCTION: 'crm=https://crm.example/v2,operator=https://griot:q7@gw.example/v1' })).toThrow(
      /^GRIOT_BACKENDS_PRODUCTION: .*backend operator is shorter than 4 characters/,
    );
    expect(start({ GRIOT_BACKENDS_PRODUCTION: 'operator=https://griot:q7@gw.example/v1' })).not.toThrow(/q7/);
    // Four characters are masked: accepted.
    expect(flowEgress(start({ GRIOT_FLOW_SECRETS: 'OPERATOR_API_TOKEN@operator', OPERATOR_API_TOKEN: 'x9z4' })()).secretValues).toEqual(['x9z4']);
  });

  it('quotes a wrong backend list without the passwords in it', () => {
    const wrong = () => loadConfig({ GRIOT_DEMO: '0', GRIOT_BACKENDS_STAGING: 'operator=https://griot:Zq81-secret@gw.example/v1,crm' });
    expect(wrong).toThrow(/^GRIOT_BACKENDS_STAGING: /);
    expect(wrong).not.toThrow(/Zq81-secret/);
  });

  it("gives a flow only the secrets configured: {{secret.toString}} or {{secret.constructor}} name none of JavaScript's, with the demo on or off", () => {
    for (const demo of ['0', '1']) {
      const egress = flowEgress(loadConfig({ GRIOT_DEMO: demo, GRIOT_FLOW_SECRETS: 'OPERATOR_API_TOKEN@operator', OPERATOR_API_TOKEN: 'tok-5d21' }));
      for (const name of ['toString', 'constructor', 'hasOwnProperty', 'valueOf']) {
        expect(egress.secret(name)).toBeUndefined();
        expect(egress.secretFor({ operator: 'https://is.example/v1' })(name)).toBeUndefined();
      }
      expect(egress.secret('OPERATOR_API_TOKEN')).toBe('tok-5d21');
    }
  });

  it('starts with a secret an operator named like a JavaScript object method, and gives its value', () => {
    const egress = flowEgress(loadConfig({ GRIOT_DEMO: '0', GRIOT_FLOW_SECRETS: 'toString@operator,valueOf@operator', toString: 'tok-8e41' }));
    expect(egress.secret('toString')).toBe('tok-8e41');
    expect(egress.secret('valueOf')).toBeUndefined();
  });
});
