/// <reference path="./smpp.d.ts" />
import smpp from 'smpp';
import { describe, expect, it } from 'vitest';
import { readDeliverSm } from './readDeliverSm.ts';

/** A deliver_sm as it comes off the wire: encoded by the `smpp` package, then decoded by it. */
const wire = (fields: Record<string, unknown>) => new smpp.PDU((new smpp.PDU('deliver_sm', fields) as unknown as { toBuffer(): Buffer }).toBuffer() as unknown as string);
const options = { moMessageIdTlv: 0x001e };

describe('readDeliverSm', () => {
  it("reads a subscriber's SMS in GSM 03.38, from an international number, with the SMSC's id", () => {
    const pdu = wire({
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: '2290197000001',
      destination_addr: '1919',
      data_coding: 0,
      short_message: 'Bonjour à vous',
      receipted_message_id: 'abc123',
    });
    expect(readDeliverSm(pdu, options)).toEqual({ kind: 'message', from: '2290197000001', fromTon: 1, to: '1919', text: 'Bonjour à vous', smscMessageId: 'abc123' });
  });

  it('reads an alphanumeric sender id as a name even when it spells an international number (+…), and a `+` number as international', () => {
    const named = wire({ source_addr_ton: 5, source_addr: '+2290197000001', destination_addr: '1919', data_coding: 0, short_message: 'Bonjour' });
    expect(readDeliverSm(named, options)).toMatchObject({ kind: 'message', from: '+2290197000001', fromTon: 5 });
    const unknownTon = wire({ source_addr_ton: 0, source_addr: '+2290197000001', destination_addr: '1919', data_coding: 0, short_message: 'Bonjour' });
    expect(readDeliverSm(unknownTon, options)).toMatchObject({ kind: 'message', from: '2290197000001', fromTon: 1 });
  });

  it('reads UCS-2 text, and a national number as given', () => {
    const pdu = wire({ source_addr_ton: 2, source_addr: '0197000001', destination_addr: '1919', data_coding: 8, short_message: Buffer.from('Où êtes-vous ?', 'utf16le').swap16() });
    expect(readDeliverSm(pdu, options)).toMatchObject({ kind: 'message', from: '0197000001', fromTon: 2, text: 'Où êtes-vous ?' });
  });

  it('reads the part of a concatenated SMS from its UDH', () => {
    const pdu = wire({
      source_addr_ton: 1,
      source_addr: '2290197000001',
      destination_addr: '1919',
      esm_class: 0x40,
      data_coding: 0,
      short_message: { udh: Buffer.from([0x05, 0x00, 0x03, 0x2a, 0x02, 0x01]), message: 'Bonjour, je voudrais' },
    });
    expect(readDeliverSm(pdu, options)).toMatchObject({ kind: 'message', text: 'Bonjour, je voudrais', part: { ref: 0x2a, total: 2, seq: 1 } });
  });

  it('reads a delivery receipt (SMPP 3.4 Appendix B text, and the TLVs when present)', () => {
    // The example of SMPP 3.4 Appendix B, without TLVs: everything from the text.
    const text = 'id:0123456789 sub:001 dlvrd:001 submit date:0610191018 done date:0610191018 stat:DELIVRD err:000 text:Hello';
    expect(readDeliverSm(wire({ esm_class: 0x04, source_addr: '2290197000001', destination_addr: '1919', short_message: text }), options)).toEqual({
      kind: 'receipt',
      messageId: '0123456789',
      status: 'delivered',
      stat: 'DELIVRD',
    });
    const failed = wire({ esm_class: 0x04, source_addr: '2290197000001', destination_addr: '1919', short_message: 'id:m7 stat:UNDELIV err:034', receipted_message_id: 'm7', message_state: 5 });
    expect(readDeliverSm(failed, options)).toEqual({ kind: 'receipt', messageId: 'm7', status: 'failed', stat: 'UNDELIV', error: '034' });
  });

  it('says what it cannot read: binary data, another message type, no address', () => {
    expect(readDeliverSm(wire({ source_addr: '229', destination_addr: '1919', data_coding: 4, short_message: Buffer.from([1, 2, 3]) }), options)).toMatchObject({ kind: 'unreadable' });
    expect(readDeliverSm(wire({ source_addr: '229', destination_addr: '1919', esm_class: 0x08, short_message: 'x' }), options)).toMatchObject({ kind: 'unreadable' });
    expect(readDeliverSm(wire({ source_addr: '', destination_addr: '1919', short_message: 'x' }), options)).toMatchObject({ kind: 'unreadable' });
  });
});
