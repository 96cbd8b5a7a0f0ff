import { describe, expect, it } from 'vitest';
import { testT } from '../i18n/testT.ts';
import { callerLabel, isCallable, visitorTag } from './callerLabel.ts';

describe('how the inbox names a caller', () => {
  it('offers a phone call only to a number', () => {
    expect(isCallable('+2290197000011')).toBe(true);
    expect(isCallable('botframework:user-conv1')).toBe(false);
    expect(isCallable('+229 01')).toBe(false);
  });

  it('names a chat visitor by a short tag, the same for the same id, never by the platform id', async () => {
    const t = await testT('fr');
    // A number grouped for reading.
    expect(callerLabel(t, '+2290197000011')).toBe('+229 01 97 00 00 11');
    const label = callerLabel(t, 'botframework:user-conv1');
    expect(label).toMatch(/^Visiteur du chat #\d{4}$/);
    expect(label).not.toContain('botframework');
    expect(visitorTag('botframework:user-conv1')).toBe(visitorTag('botframework:user-conv1'));
    expect(visitorTag('botframework:user-conv1')).not.toBe(visitorTag('botframework:user-conv2'));
  });
});
