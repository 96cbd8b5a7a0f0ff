import { describe, expect, it } from 'vitest';
import { queueLabel } from './queueLabel.ts';

describe('what agents read for a queue', () => {
  it('is its display name, else its name', () => {
    expect(queueLabel('billing_fr', { displayName: 'Facturation' })).toBe('Facturation');
    expect(queueLabel('billing_fr', { displayName: '  ' })).toBe('billing_fr');
    expect(queueLabel('billing_fr', {})).toBe('billing_fr');
    expect(queueLabel('billing_fr', undefined)).toBe('billing_fr');
  });
});
