import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { publicOnlyLookup } from './publicOnlyConnector.ts';
import { RequestRefusedError } from './RequestRefusedError.ts';

/** A resolver with a fixed answer per name, as the DNS would give it. */
const resolver = (answers: Record<string, LookupAddress[]>) =>
  ((hostname: string, _options: unknown, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => {
    const found = answers[hostname];
    if (found) callback(null, found);
    else callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
  }) as Parameters<typeof publicOnlyLookup>[0];

function look(lookup: ReturnType<typeof publicOnlyLookup>, hostname: string, all: boolean): Promise<{ error: Error | null; address: unknown; family?: number | undefined }> {
  return new Promise((resolve) => lookup(hostname, { all }, (error, address, family) => resolve({ error, address, family })));
}

describe('publicOnlyLookup', () => {
  const lookup = publicOnlyLookup(
    resolver({
      'api.example.com': [
        { address: '93.184.215.14', family: 4 },
        { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
      ],
      'rebound.example.com': [
        { address: '93.184.215.14', family: 4 },
        { address: '127.0.0.1', family: 4 },
      ],
      'metadata.example.com': [{ address: '169.254.169.254', family: 4 }],
      'mapped.example.com': [{ address: '::ffff:10.0.0.1', family: 6 }],
    }),
  );

  it('answers with the public addresses of a public name, in the shape net.connect asked for', async () => {
    expect(await look(lookup, 'api.example.com', false)).toEqual({ error: null, address: '93.184.215.14', family: 4 });
    expect(await look(lookup, 'api.example.com', true)).toMatchObject({ error: null, address: [{ address: '93.184.215.14', family: 4 }, { family: 6 }] });
  });

  it('refuses a name when any of its addresses is not public', async () => {
    for (const [name, message] of [
      ['rebound.example.com', 'rebound.example.com resolves to 127.0.0.1, which is in the loopback range'],
      ['metadata.example.com', 'metadata.example.com resolves to 169.254.169.254, which is in the linkLocal range'],
      ['mapped.example.com', 'mapped.example.com resolves to ::ffff:10.0.0.1, which is in the private range'],
    ]) {
      for (const all of [false, true]) {
        const { error } = await look(lookup, name!, all);
        expect(error).toBeInstanceOf(RequestRefusedError);
        expect(error?.message).toContain(message);
      }
    }
  });

  it('passes DNS failures on as they are', async () => {
    expect((await look(lookup, 'nowhere.example.com', false)).error?.message).toBe('getaddrinfo ENOTFOUND nowhere.example.com');
  });
});
