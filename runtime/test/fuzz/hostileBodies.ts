import fc from 'fast-check';

/** One request body as sent on the wire: its bytes and the content type it claims. */
export interface HostileBody {
  text: string | Uint8Array;
  contentType: string | undefined;
  /** What kind of hostility, for the figures. */
  kind: string;
}

const JSON_TYPE = 'application/json';
const OTHER_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=utf-16',
  'application/vnd.griot+json',
  'application/octet-stream',
  undefined,
] as const;

/** `{"a":{"a":…}}` or `[[…]]`, written as text: JSON.stringify itself overflows on the deepest ones. */
export const nestedText = (depth: number, arrays = false, leaf = '1') => (arrays ? '['.repeat(depth) + leaf + ']'.repeat(depth) : '{"a":'.repeat(depth) + leaf + '}'.repeat(depth));

/** Values of every JSON type, some of them odd (huge numbers, control characters, long strings). */
export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    1e308,
    -1e-308,
    Number.MAX_SAFE_INTEGER + 2,
    '',
    ' ',
    '\u0000',
    '\ud7ff\ue000',
    '../../etc/passwd',
    '{{secret.OPERATOR_API_TOKEN}}',
    '<script>alert(1)</script>',
    "' OR 1=1 --",
  ),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.integer({ min: 1_000, max: 70_000 }).map((n) => 'x'.repeat(n)),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 30 }),
);

/** An object that uses the route's own field names, each given a value of the wrong kind (or a right one by chance). */
const shapedObject = (fields: readonly string[]) =>
  fields.length === 0
    ? fc.dictionary(fc.string({ maxLength: 8 }), oddValue, { maxKeys: 5 })
    : fc
        .tuple(fc.subarray([...fields]), fc.array(oddValue, { minLength: fields.length, maxLength: fields.length }), fc.dictionary(fc.string({ maxLength: 8 }), oddValue, { maxKeys: 2 }))
        .map(([chosen, values, extra]) => Object.fromEntries([...chosen.map((f, i) => [f, values[i]] as const), ...Object.entries(extra)]));

/** Prototype-pollution keys, at the top and nested, written as text so they survive serialisation. */
const pollutingText = (fields: readonly string[]) =>
  fc.tuple(fc.constantFrom('__proto__', 'constructor', 'prototype', '\\u005f_proto__'), fc.constantFrom(...(fields.length ? fields : ['a'])), fc.boolean()).map(([key, field, nested]) => {
    const poison = key === 'constructor' ? '{"prototype":{"polluted":"yes","isAdmin":true}}' : '{"polluted":"yes","isAdmin":true,"roles":["admin"]}';
    return nested ? `{"${field}":{"${key}":${poison}},"${key}":${poison}}` : `{"${key}":${poison},"${field}":"x"}`;
  });

/** Bodies that are not JSON at all, or broken JSON. */
const brokenText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.constantFrom('', '{', '{"a":', '[1,2', 'null', 'undefined', 'NaN', '{"a":1}}', "{'a':1}", '\ufeff{}', '{"a":1,}', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--'),
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v).slice(0, -1)),
);

/** Invalid UTF-8 and other raw bytes. */
const rawBytes = fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.constant(Uint8Array.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0xff, 0xfe, 0x22, 0x7d])));

/**
 * Hostile bodies for a route whose JSON body has these top-level fields: wrong types, odd
 * values, huge and deeply nested values, prototype-pollution keys, malformed JSON, raw bytes,
 * and the wrong content type.
 */
export function hostileBody(fields: readonly string[]): fc.Arbitrary<HostileBody> {
  const json = (kind: string) => (text: string) => ({ text, contentType: JSON_TYPE, kind });
  return fc.oneof(
    {
      weight: 4,
      arbitrary: shapedObject(fields)
        .map((v) => JSON.stringify(v))
        .map(json('wrongTypes')),
    },
    { weight: 2, arbitrary: oddValue.map((v) => JSON.stringify(v) ?? 'null').map(json('oddValue')) },
    { weight: 2, arbitrary: pollutingText(fields).map(json('prototypePollution')) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...(fields.length ? fields : ['a'])), fc.integer({ min: 60, max: 70 }), fc.boolean())
        .map(([f, d, arrays]) => `{"${f}":${nestedText(d, arrays)}}`)
        .map(json('deep')),
    },
    // Every field nested thousands deep at once: whichever of them a recursive validator descends into.
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(10_000, 30_000), fc.boolean(), fc.boolean())
        .map(([depth, arrays, top]) => (top ? nestedText(depth, arrays) : `{${(fields.length ? fields : ['a']).map((f) => `"${f}":${nestedText(depth, arrays)}`).join(',')}}`))
        .map(json('veryDeep')),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(...(fields.length ? fields : ['a']))
        .map((f) => `{"${f}":"${'x'.repeat(1_100_000)}"}`)
        .map(json('huge')),
    },
    { weight: 2, arbitrary: brokenText.map(json('malformed')) },
    { weight: 1, arbitrary: rawBytes.map((text) => ({ text, contentType: JSON_TYPE, kind: 'rawBytes' })) },
    { weight: 2, arbitrary: fc.tuple(shapedObject(fields), fc.constantFrom(...OTHER_TYPES)).map(([v, contentType]) => ({ text: JSON.stringify(v), contentType, kind: 'wrongContentType' })) },
  );
}

/** A value where a path parameter goes: odd strings, very long ones, encoded separators, dots. */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
  fc.constantFrom('0', '-1', '1e309', 'NaN', '9007199254740993', '..', '.', '%', '%00', '%2F..%2F', ' ', '__proto__', 'constructor', 'null', 'undefined', '[object Object]'),
  fc.integer({ min: 101, max: 5_000 }).map((n) => 'x'.repeat(n)),
);

/** A query string: the route's own names with odd values, arrays (`a=1&a=2`) and bracket syntax. */
export function hostileQuery(names: readonly string[]): fc.Arbitrary<string> {
  const name = fc.oneof(fc.constantFrom(...(names.length ? names : ['q'])), fc.constantFrom('__proto__', 'constructor[prototype][x]', 'a[b][c]'), fc.string({ maxLength: 6 }));
  const value = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.constantFrom('', '-1', '0', '1.5', 'true', '1e400', 'x'.repeat(3_000)));
  return fc.array(fc.tuple(name, value), { maxLength: 4 }).map((pairs) => pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&'));
}

/** encodeURIComponent, except that lone surrogates (which it refuses) are sent as the replacement character. */
export function encode(text: string): string {
  return encodeURIComponent(text.replace(/[\ud800-\udfff]/g, (c, i: number) => (isPaired(text, i) ? c : '\ufffd')));
}

function isPaired(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code <= 0xdbff) return i + 1 < text.length && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff;
  return i > 0 && text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff;
}
