/** The keypad settings of a `gather` verb, as Griot sends them. */
export interface GatherKeypad {
  numDigits?: number;
  minDigits?: number;
  maxDigits?: number;
  finishOnKey?: string;
  interDigitTimeout?: number;
}

/**
 * The gather result jambonz reports when a caller presses `keys` one after the other, as its
 * feature server's gather task decides (jambonz-feature-server `lib/tasks/gather.js`,
 * `_onDtmf` and `_resolve`): the `finishOnKey` ends the entry and is not reported; reaching
 * `numDigits` or `maxDigits` ends it; keys pressed after the end are lost. Otherwise the entry
 * ends by time (the inter-digit timeout, else the gather's own) and keeps its digits only when
 * at least `minDigits` are in: jambonz compares with `minDigits` as given, so without one the
 * digits are lost and the gather reports `timeout`.
 */
export function gatherKeypad(gather: GatherKeypad, keys: string): { reason: 'dtmfDetected'; digits: string } | { reason: 'timeout' } {
  let buffer = '';
  for (const key of keys) {
    if (gather.finishOnKey !== undefined && key === gather.finishOnKey) return { reason: 'dtmfDetected', digits: buffer };
    buffer += key;
    if (buffer.length === gather.numDigits || buffer.length === gather.maxDigits) return { reason: 'dtmfDetected', digits: buffer };
  }
  if (gather.minDigits !== undefined && buffer.length >= gather.minDigits) return { reason: 'dtmfDetected', digits: buffer };
  return { reason: 'timeout' };
}
