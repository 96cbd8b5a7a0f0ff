import { describe, expect, it, vi } from 'vitest';
import { Flow, MASK } from '@griot/flows';
import { maskLookupBody, SHOWN_BODY_CHARS } from './maskLookupBody.ts';
import { maskMessageText } from '../sensitive/maskMessageText.ts';
import { isSecretKey } from '../sensitive/sensitiveKeys.ts';

// The real masking, watched: how many values it searches is what a large answer costs.
vi.mock('../sensitive/maskMessageText.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../sensitive/maskMessageText.ts')>();
  return { ...actual, maskMessageText: vi.fn(actual.maskMessageText) };
});

vi.mock('../sensitive/sensitiveKeys.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../sensitive/sensitiveKeys.ts')>();
  return { ...actual, isSecretKey: vi.fn(actual.isSecretKey) };
});

const flow = Flow.parse({
  schemaVersion: 2,
  id: 'puk',
  name: 'PUK',
  locales: [{ code: 'fr', name: 'Français' }],
  variables: [
    { name: 'puk', type: 'digits', sensitive: true },
    { name: 'momo', type: 'json', sensitive: true },
    // Not account data, as the author says (a look-up's answer is sensitive by default).
    { name: 'segment', type: 'string', keptInClear: true },
  ],
  nodes: [
    { id: 'start', type: 'start' },
    {
      id: 'lookup',
      type: 'http',
      backend: 'operator',
      url: '/subscribers/{{caller.number}}',
      responseMapping: [
        { variable: 'puk', path: '$.data.code' },
        { variable: 'momo', path: '$.wallet' },
        { variable: 'segment', path: '$.segment' },
      ],
    },
    { id: 'end', type: 'end', reason: 'done' },
  ],
  edges: [
    { id: 'e1', source: 'start', output: 'next', target: 'lookup' },
    { id: 'e2', source: 'lookup', output: 'ok', target: 'end' },
  ],
});

describe('maskLookupBody', () => {
  it('masks what the node maps into a sensitive variable, keys named like one or like a credential, and keeps the rest readable', () => {
    const body = {
      data: { code: '80417263', note: 'ok' },
      wallet: { balance: 23500 },
      segment: 'vip',
      puk: '11112222',
      session: { access_token: 'abc.def', expires: 3600 },
      error: null,
    };
    const shown = maskLookupBody(flow, 'lookup', body);
    expect(JSON.parse(shown!.text)).toEqual({
      data: { code: MASK, note: 'ok' },
      wallet: MASK,
      segment: 'vip',
      puk: MASK,
      session: { access_token: MASK, expires: 3600 },
      error: null,
    });
    expect(shown!.text).not.toMatch(/80417263|11112222|23500|abc\.def/);
    // The answer the flow reads is untouched.
    expect(body.data.code).toBe('80417263');
  });

  it('masks a sensitive value wherever else the body repeats it: under another key, in a sentence, as a number', () => {
    const body = {
      data: { code: '80417263' },
      wallet: { balance: 23500, currency: 'XOF' },
      message: 'Votre code PUK est 80417263.',
      receipt: { ref: '80417263', amount: 23500 },
      callback: '+22980417263',
      segment: 'vip',
    };
    const shown = maskLookupBody(flow, 'lookup', body);
    expect(JSON.parse(shown!.text)).toEqual({
      data: { code: MASK },
      wallet: MASK,
      message: `Votre code PUK est ${MASK}.`,
      receipt: { ref: MASK, amount: MASK },
      // Inside a longer number it is chance, not a copy.
      callback: '+22980417263',
      segment: 'vip',
    });
  });

  it('shows an error answer as it came, text or JSON, and nothing for an empty body', () => {
    expect(maskLookupBody(flow, 'lookup', { error: 'invalid_token', message: 'Bearer token expired' })?.text).toBe('{\n  "error": "invalid_token",\n  "message": "Bearer token expired"\n}');
    expect(maskLookupBody(flow, 'lookup', 'Unauthorized')).toEqual({ text: 'Unauthorized', truncated: false });
    expect(maskLookupBody(flow, 'lookup', '')).toBeUndefined();
    expect(maskLookupBody(flow, 'lookup', undefined)).toBeUndefined();
  });

  it('cuts a long body', () => {
    const shown = maskLookupBody(flow, 'lookup', 'x'.repeat(SHOWN_BODY_CHARS * 3));
    expect(shown?.truncated).toBe(true);
    expect(shown?.text.length).toBe(SHOWN_BODY_CHARS + 1);
  });

  it('masks the whole body when the node maps all of it into a sensitive variable', () => {
    const whole = Flow.parse({ ...flow, nodes: flow.nodes.map((n) => (n.type === 'http' ? { ...n, responseMapping: [{ variable: 'puk', path: '$' }] } : n)) });
    expect(maskLookupBody(whole, 'lookup', '80417263')?.text).toBe(MASK);
  });

  it('searches only what the tester is shown: a large answer costs no more than its first 4,000 characters', () => {
    const searched = vi.mocked(maskMessageText);
    searched.mockClear();
    // 20,000 strings: each searched for the PUK held the event loop for seconds (15 s for 130 kB).
    const history = Array.from({ length: 20_000 }, (_, i) => `payment ${i} to merchant`);
    const shown = maskLookupBody(flow, 'lookup', { data: { code: '80417263' }, history: ['Votre code PUK est 80417263', ...history] });
    expect(shown?.truncated).toBe(true);
    expect(shown?.text).toContain(`Votre code PUK est ${MASK}`);
    expect(shown?.text).toContain('payment 0 to merchant');
    expect(searched.mock.calls.length).toBeLessThan(500);
  });

  it('masks every value shown when the sensitive part holds more than a few dozen (a list of transactions): none is searched for each', () => {
    const searched = vi.mocked(maskMessageText);
    searched.mockClear();
    const wallet = Array.from({ length: 200 }, (_, i) => ({ ref: `TX${100000 + i}`, label: `paiement ${i}` }));
    const shown = JSON.parse(maskLookupBody(flow, 'lookup', { wallet, receipt: 'TX100042 reçu', segment: 'vip' })!.text);
    expect(shown).toEqual({ wallet: MASK, receipt: MASK, segment: MASK });
    expect(searched).not.toHaveBeenCalled();
  });

  it('reads of a 1 MB answer only what it shows: keys past the cut are neither copied nor read, and the text is the same', () => {
    const readKeys = vi.mocked(isSecretKey);
    const searched = vi.mocked(maskMessageText);
    const history = Array.from({ length: 12_000 }, (_, i) => ({ ref: `TX${100000 + i}`, amount: 1500 + i, label: `Transfert ${i}: code 80417263` }));
    const body = { data: { code: '80417263' }, segment: 'vip', history };
    readKeys.mockClear();
    searched.mockClear();
    const shown = maskLookupBody(flow, 'lookup', body);
    // Copying the answer and reading every key (48,000) held the event loop ~0.5 s per MB.
    expect(readKeys.mock.calls.length).toBeLessThan(1000);
    expect(searched.mock.calls.length).toBeLessThan(500);
    expect(shown?.truncated).toBe(true);
    expect(shown?.text.length).toBe(SHOWN_BODY_CHARS + 1);
    expect(shown?.text).not.toContain('80417263');
    // What is shown is what indented JSON of the masked answer, cut, would show.
    const masked = { data: { code: MASK }, segment: 'vip', history: history.map((h) => ({ ...h, label: h.label.replace('80417263', MASK) })) };
    expect(shown?.text).toBe(`${JSON.stringify(masked, null, 2).slice(0, SHOWN_BODY_CHARS)}…`);
  });
});
