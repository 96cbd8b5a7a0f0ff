import { describe, expect, it } from 'vitest';
import { JsonPath, readJsonPath } from '@griot/flows';
import { parseSample, sampleFields, variableFor, withPicked } from './sampleAnswer.ts';

const answer = {
  status: 'ok',
  data: { msisdn: '+2290197000001', balance: 1250, currency: 'XOF', 'remaining-mb': 734, bundles: [{ name: 'Internet 1 Go', remainingMb: 734 }], tags: [] },
  'not a key': 1,
};

describe('a sample answer’s fields, offered instead of a JSON path written by heart', () => {
  it('lists each field with the path the look-up reads it by, and its value', () => {
    const fields = sampleFields(answer);
    expect(fields.map((f) => f.path)).toEqual([
      '$.status',
      '$.data.msisdn',
      '$.data.balance',
      '$.data.currency',
      '$.data.remaining-mb',
      '$.data.bundles[0].name',
      '$.data.bundles[0].remainingMb',
      '$.data.tags',
    ]);
    expect(fields.find((f) => f.path === '$.data.balance')).toEqual({ path: '$.data.balance', shown: '1250', variable: 'balance' });
    // Every path offered is one the flow accepts, and reads the value shown.
    for (const field of fields) {
      expect(JsonPath.safeParse(field.path).success, field.path).toBe(true);
      expect(JSON.stringify(readJsonPath(answer, field.path))).toBe(field.shown);
    }
  });

  it('names the variable after the field, as a flow may name one', () => {
    expect(variableFor('remaining-mb')).toBe('remainingMb');
    expect(variableFor('2fa')).toBe('valeur');
    expect(sampleFields([{ 'solde-total': 3 }])).toEqual([{ path: '$[0].solde-total', shown: '3', variable: 'soldeTotal' }]);
  });

  it('shows a list’s first items only, and a long value cut short', () => {
    const fields = sampleFields({ items: Array.from({ length: 50 }, (_, i) => i), text: 'x'.repeat(100) });
    expect(fields.map((f) => f.path)).toEqual(['$.items[0]', '$.items[1]', '$.items[2]', '$.text']);
    expect(fields[3]!.shown).toHaveLength(40);
  });

  it('a hostile paste thousands of levels deep lists the fields near the top, without overflowing the stack', () => {
    const deep = parseSample(`{"status":"ok","data":${'['.repeat(5000)}1${']'.repeat(5000)}}`);
    expect(deep).toHaveProperty('value');
    const fields = sampleFields((deep as { value: unknown }).value);
    expect(fields.map((f) => f.path)).toEqual(['$.status']);
    const nested = parseSample(`${'{"a":'.repeat(2500)}1${'}'.repeat(2500)}`);
    expect(sampleFields((nested as { value: unknown }).value)).toEqual([]);
  });

  it('says why a paste is not JSON', () => {
    expect(parseSample('{ "data": ')).toHaveProperty('error');
    expect(parseSample('{"a":1}')).toEqual({ value: { a: 1 } });
  });

  it('fills the row still without a path, else adds one; never the same path twice', () => {
    const balance = { path: '$.data.balance', shown: '1250', variable: 'balance' };
    expect(withPicked([{ variable: 'solde', path: '' }], balance)).toEqual([{ variable: 'solde', path: '$.data.balance' }]);
    expect(withPicked([{ variable: 'balance', path: '$.old' }], balance)).toEqual([
      { variable: 'balance', path: '$.old' },
      { variable: 'balance2', path: '$.data.balance' },
    ]);
    expect(withPicked([{ variable: 'solde', path: '$.data.balance' }], balance)).toEqual([{ variable: 'solde', path: '$.data.balance' }]);
  });
});
