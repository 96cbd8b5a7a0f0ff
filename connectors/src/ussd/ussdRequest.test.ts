import { describe, expect, it } from 'vitest';
import { UssdRequest, wellFormedUssdRequest } from './ussdRequest.ts';

const form = { sessionId: 'ATUid_0a1b2c', serviceCode: '*919#', phoneNumber: '+2290197000001', networkCode: '61601', text: '1*00*2' };

/** Forms a gateway (or someone else) might send: each field well-formed, padded, missing, too long, repeated (a list), or of another type. */
function* forms(): Generator<Record<string, unknown>> {
  const variants: Record<keyof typeof form, unknown[]> = {
    sessionId: [form.sessionId, ` ${form.sessionId} `, '', 'a b', 'x'.repeat(128), 'x'.repeat(129), undefined, ['a', 'b'], 42],
    serviceCode: [form.serviceCode, ' *919*2# ', '919', '*919#x', '', undefined, ['*919#', '*919#']],
    phoneNumber: [form.phoneNumber, '2290197000001', ' +2290197000001 ', '+22901', '+229 01 97', '', undefined],
    networkCode: [form.networkCode, undefined, ' 61601 ', '', 'x'.repeat(20), ` ${'x'.repeat(20)} `, 'x'.repeat(21), ['1', '2']],
    text: [form.text, '', undefined, ' 1 ', 'x'.repeat(2000), 'x'.repeat(2001), ['1', '2']],
  };
  for (const name of Object.keys(variants) as Array<keyof typeof form>) {
    for (const value of variants[name]) {
      const fields: Record<string, unknown> = { ...form, extra: 'ignored' };
      if (value === undefined) delete fields[name];
      else fields[name] = value;
      yield fields;
    }
  }
}

describe('wellFormedUssdRequest', () => {
  it('reads every form UssdRequest accepts exactly as it does, and no other', () => {
    let accepted = 0;
    let refused = 0;
    for (const fields of forms()) {
      const parsed = UssdRequest.safeParse(fields);
      const read = wellFormedUssdRequest(fields);
      if (parsed.success) {
        expect(read, JSON.stringify(fields)).toEqual(parsed.data);
        accepted += 1;
      } else {
        expect(read, JSON.stringify(fields)).toBeUndefined();
        refused += 1;
      }
    }
    expect(accepted).toBeGreaterThan(10);
    expect(refused).toBeGreaterThan(10);
  });
});
