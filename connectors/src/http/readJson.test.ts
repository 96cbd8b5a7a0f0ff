import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, readJson } from './readJson.ts';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('readJson, the bounded JSON reader of every inbound path', () => {
  it('reads JSON from text or bytes', () => {
    expect(readJson('{"a":[1,"x"]}')).toEqual({ ok: true, value: { a: [1, 'x'] } });
    expect(readJson(Buffer.from('{"texte":"Désolé"}'))).toEqual({ ok: true, value: { texte: 'Désolé' } });
  });

  it('refuses nesting deeper than the bound before parsing, whatever the mix of arrays and objects', () => {
    expect(readJson(nested(MAX_JSON_DEPTH)).ok).toBe(true);
    expect(readJson(nested(MAX_JSON_DEPTH + 1))).toMatchObject({ ok: false, code: 'json_too_deep' });
    expect(readJson(Buffer.from(`${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`))).toMatchObject({ ok: false, code: 'json_too_deep' });
  });

  it('counts arrays and objects together, from text or bytes, whatever few brackets the body holds', () => {
    // 65 levels made of 33 arrays and 32 objects: neither kind alone is past the bound.
    const mixed = `${'[{"a":'.repeat(32)}[1]${'}]'.repeat(32)}`;
    expect(readJson(mixed)).toMatchObject({ ok: false, code: 'json_too_deep' });
    expect(readJson(Buffer.from(mixed))).toMatchObject({ ok: false, code: 'json_too_deep' });
    const atTheBound = `${'[{"a":'.repeat(32)}1${'}]'.repeat(32)}`;
    expect(readJson(Buffer.from(atTheBound))).toEqual({ ok: true, value: JSON.parse(atTheBound) });
    expect(readJson(Buffer.from(nested(MAX_JSON_DEPTH + 1)))).toMatchObject({ ok: false, code: 'json_too_deep' });
    // A shallow body with many brackets (a prompt, a list) is read whole, as one with few.
    const wide = JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ i, tags: [i] })) });
    expect(readJson(Buffer.from(wide))).toEqual({ ok: true, value: JSON.parse(wide) });
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ prompt: '['.repeat(500), tricky: 'say \\"[[[[\\" then {{caller.number}}' });
    expect(readJson(text)).toEqual({ ok: true, value: JSON.parse(text) });
    expect(readJson(Buffer.from(JSON.stringify({ fon: 'Ɖɔ [ɖo] {xó}'.repeat(100) })))).toMatchObject({ ok: true });
  });

  it('lets the deepest real flow document through', () => {
    const path = createRequire(import.meta.url).resolve('@griot/flows/examples/1919-selfcare.json');
    const text = readFileSync(path, 'utf8');
    expect(readJson(JSON.stringify({ document: JSON.parse(text) }))).toMatchObject({ ok: true });
  });

  it('drops prototype-poisoning keys, escaped spellings too, and leaves Object.prototype alone', () => {
    const reading = readJson('{"__proto__":{"polluted":true},"a":{"constructor":{"prototype":{"polluted":true}}},"b":{"\\u005f_proto__":{"polluted":true}},"keep":1}');
    expect(reading).toEqual({ ok: true, value: { a: {}, b: {}, keep: 1 } });
    const value = (reading as { value: Record<string, unknown> }).value;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.assign({}, value, value.a, value.b)).not.toHaveProperty('polluted');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('says what is wrong with a text that is not JSON, without throwing', () => {
    for (const bad of ['', '{"document":', 'undefined', "{'a':1}", '\u0000']) {
      expect(readJson(bad)).toMatchObject({ ok: false, code: 'invalid_json', message: expect.stringContaining('not valid JSON') });
    }
  });
});
