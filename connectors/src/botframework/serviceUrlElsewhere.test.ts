import { describe, expect, it } from 'vitest';
import { serviceUrlElsewhere } from './serviceUrlElsewhere.ts';

describe('serviceUrlElsewhere (anonymous Bot Framework)', () => {
  it('allows an http(s) URL on this machine', () => {
    for (const url of ['http://localhost:3978/', 'https://127.0.0.1/', 'http://127.0.0.5:9/x', 'http://[::1]:8080/']) expect(serviceUrlElsewhere(url), url).toBe(false);
  });

  it('refuses a serviceUrl off this machine', () => {
    for (const url of ['http://169.254.169.254/latest/', 'https://smba.trafficmanager.net/teams/', 'http://127.0.0.1.nip.io/']) expect(serviceUrlElsewhere(url), url).toBe(true);
  });

  it('refuses a missing, non-string, relative, unparseable or non-http(s) serviceUrl, rather than leave it to the SDK to interpret', () => {
    for (const value of [undefined, null, 42, { href: 'http://localhost/' }, '', '//evil.example/', 'evil.example:443', '/api', 'ftp://localhost/', 'file:///etc/passwd', 'http://']) {
      expect(serviceUrlElsewhere(value), JSON.stringify(value)).toBe(true);
    }
  });
});
