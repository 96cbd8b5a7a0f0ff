import { describe, expect, it } from 'vitest';
import { backendUrl } from './backendUrl.ts';
import { RequestRefusedError } from './RequestRefusedError.ts';

const BASE = 'http://127.0.0.1:4515/operator/v1';
const refusal = (relative: string, base = BASE) => {
  try {
    return backendUrl('operator', base, relative).href;
  } catch (error) {
    expect(error).toBeInstanceOf(RequestRefusedError);
    return (error as RequestRefusedError).failure;
  }
};

describe('backendUrl', () => {
  it('puts the node’s path under the backend’s base path, with or without slashes either side', () => {
    expect(backendUrl('operator', BASE, '/subscribers/%2B22901970001').href).toBe('http://127.0.0.1:4515/operator/v1/subscribers/%2B22901970001');
    expect(backendUrl('operator', `${BASE}/`, 'subscribers/1?lang=fr&next=../x').href).toBe('http://127.0.0.1:4515/operator/v1/subscribers/1?lang=fr&next=../x');
    expect(backendUrl('operator', 'https://gw.example', '/v1.2/report.json').href).toBe('https://gw.example/v1.2/report.json');
    expect(backendUrl('operator', BASE, '/').href).toBe('http://127.0.0.1:4515/operator/v1/');
  });

  it.each([
    ['/../readyz'],
    ['/../../internal-admin/users'],
    ['/a/../../x'],
    ['/%2e%2e/x'],
    ['/%2E%2E/x'],
    ['/.%2e/x'],
    ['/%252e%252e/x'],
    ['/./x'],
    ['/..;/x'],
    ['/a/..;/x'],
    ['/%2e%2e;/x'],
    ['/a/..;jsessionid=1/x'],
    ['/a/.%3b/x'],
    ['/a%2F..%2F..%2Fx'],
    ['/a%2fb'],
    ['/a%5Cb'],
    ['/a\\..\\x'],
    ['/a b'],
    ['/a\r\nHost: admin'],
    ['/a#fragment'],
  ])('refuses %j, which could leave the base path', (relative) => {
    expect(refusal(relative)).toEqual({ code: 'http.pathEscape', params: { backend: 'operator' } });
  });

  it('keeps the credentials written in the backend’s address', () => {
    expect(backendUrl('operator', 'https://griot:p%40ss@gw.example/base/', '/subscribers/1').href).toBe('https://griot:p%40ss@gw.example/base/subscribers/1');
  });

  it('refuses a caller’s `..`, as the template writes it into the URL', () => {
    // encodeURIComponent leaves dots alone: `{{answer}}` = `..` gives `/subscribers/..`.
    expect(refusal(`/subscribers/${encodeURIComponent('..')}`)).toMatchObject({ code: 'http.pathEscape' });
    expect(refusal(`/subscribers/${encodeURIComponent('../../admin')}`)).toMatchObject({ code: 'http.pathEscape' });
    expect(refusal(`/subscribers/${encodeURIComponent('%2e%2e')}`)).toMatchObject({ code: 'http.pathEscape' });
    // Dots inside a value are only dots.
    expect(refusal(`/subscribers/${encodeURIComponent('a..b')}`)).toBe('http://127.0.0.1:4515/operator/v1/subscribers/a..b');
  });
});
